import { describe, expect, it } from 'vitest';
import { runTool } from './run-tool.js';

const node = process.execPath;

describe('runTool', () => {
  it('returns exit code and output', async () => {
    const r = await runTool(node, ['-e', 'process.stdout.write("out"); process.stderr.write("err"); process.exit(3)'], { timeoutMs: 20_000 });
    expect(r).toMatchObject({ code: 3, timedOut: false, aborted: false, stderr: 'err', stdoutTruncated: false });
    expect(r.stdout.toString()).toBe('out');
  });

  it('kills a child that overruns its timeout', async () => {
    const r = await runTool(node, ['-e', 'setInterval(() => {}, 1000)'], { timeoutMs: 300 });
    expect(r.timedOut).toBe(true);
    expect(r.signal).toBe('SIGKILL');
  });

  it('kills the child on abort, and does not start one when already aborted', async () => {
    const ac = new AbortController();
    const pending = runTool(node, ['-e', 'console.log("ready"); setInterval(() => {}, 1000)'], { timeoutMs: 20_000, signal: ac.signal });
    setTimeout(() => ac.abort(), 200);
    const r = await pending;
    expect(r).toMatchObject({ aborted: true, timedOut: false, signal: 'SIGKILL' });
    const again = await runTool(node, ['-e', ''], { timeoutMs: 20_000, signal: ac.signal });
    expect(again.aborted).toBe(true);
  });

  it('caps captured output: head of stdout, tail of stderr', async () => {
    const script = 'process.stdout.write("a".repeat(100000)); process.stderr.write("x".repeat(100000) + "LAST")';
    const r = await runTool(node, ['-e', script], { timeoutMs: 20_000, maxStdoutBytes: 1000, maxStderrBytes: 10 });
    expect(r.code).toBe(0);
    expect(r.stdout.length).toBe(1000);
    expect(r.stdoutTruncated).toBe(true);
    expect(r.stderr).toHaveLength(10);
    expect(r.stderr.endsWith('LAST')).toBe(true);
  });

  it('rejects when the command does not exist', async () => {
    await expect(runTool('/nonexistent/reelvault-tool', [], { timeoutMs: 5_000 })).rejects.toMatchObject({ code: 'ENOENT' });
  });
});
