/** A cancelled render stops everything it started: the tool, and whatever the tool started. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createWriteStream, readFileSync } from 'node:fs';
import path from 'node:path';
import { tempDir } from '../storage/test-support/fixtures.js';
import { runLogged } from './logged-process.js';

/** Running, not merely a zombie waiting for a reaper that may not be init in a container. */
const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  try {
    return !/^\d+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return process.platform !== 'linux';
  }
};

describe.skipIf(process.platform === 'win32')('runLogged', () => {
  let dir: ReturnType<typeof tempDir>;
  beforeEach(() => { dir = tempDir('logged'); });
  afterEach(() => dir.cleanup());

  it('tees lines into the log and kills the whole process group on abort', async () => {
    const logFile = path.join(dir.dir, 'x.log');
    const log = createWriteStream(logFile);
    // A parent that starts a grandchild (as Remotion starts Chromium) and reports its pid.
    const script = "const {spawn}=require('child_process');const c=spawn(process.execPath,['-e','setInterval(()=>{},1000)'],{stdio:'ignore'});console.log('child '+c.pid);console.log('Rendered 1/3\\rRendered 2/3');setInterval(()=>{},1000);";
    const controller = new AbortController();
    const lines: string[] = [];
    let grandchild = 0;
    const done = runLogged(process.execPath, ['-e', script], {
      cwd: dir.dir,
      log,
      signal: controller.signal,
      onLine: (l) => {
        lines.push(l);
        const m = /^child (\d+)/.exec(l);
        if (m) grandchild = Number(m[1]);
        if (l === 'Rendered 2/3') controller.abort(new Error('cancelled'));
      },
    });
    const r = await done;
    await new Promise<void>((resolve) => log.end(() => resolve()));
    expect(r.aborted).toBe(true);
    expect(lines).toContain('Rendered 1/3');
    expect(grandchild).toBeGreaterThan(0);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(alive(grandchild)).toBe(false);
    expect(readFileSync(logFile, 'utf8')).toMatch(/Rendered 2\/3[\s\S]*stopped: cancelled/);
  });
});
