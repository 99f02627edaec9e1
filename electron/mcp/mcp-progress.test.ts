/**
 * Progress notifications over stdio, with the MCP SDK's own client: a render waited for
 * (renders_make with wait) reports every frame as notifications/progress, so a client that resets
 * its timeout on progress outlives a timeout shorter than the render; without the reset the same
 * call times out (what an agent saw before: the SDK's 60 s default against a minutes-long render).
 * Remotion and npm are stand-ins (fake-remotion.ts): this is about the protocol, not the render.
 */
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { CallToolResultSchema, ErrorCode, McpError, type Progress } from '@modelcontextprotocol/sdk/types.js';
import { assertBuilt } from '../cli/test-support/cli-runner.js';
import { fakeRemotion } from '../render/test-support/fake-remotion.js';
import { tempDir } from '../storage/test-support/fixtures.js';
import { connectMcp } from './test-support/mcp-client.js';

interface Envelope<T> {
  ok: boolean;
  value?: T;
  error?: { code: string; message: string };
}

describe.skipIf(process.platform === 'win32')('reelvault mcp: progress notifications', () => {
  let t: ReturnType<typeof tempDir>;
  let client: Client | null = null;
  beforeAll(() => assertBuilt());
  beforeEach(() => {
    t = tempDir('mcp-progress');
  });
  afterEach(async () => {
    await client?.close();
    client = null;
    t.cleanup();
  });

  async function remotionProject(frames: number, delayMs: number): Promise<string> {
    const fake = fakeRemotion(t.dir, { frames, delayMs });
    ({ client } = await connectMcp(`${t.dir}/lib`, { env: fake.env }));
    const created = (await client.callTool({ name: 'projects_create', arguments: { name: 'Progress' } })).structuredContent as Envelope<{ id: string }>;
    const projectId = created.value?.id as string;
    await client.callTool({ name: 'files_writeText', arguments: { projectId, path: 'package.json', text: fake.packageJson } });
    return projectId;
  }

  it('renders_make with wait sends per-frame progress, and resetTimeoutOnProgress outlives a 1 s timeout', async () => {
    const projectId = await remotionProject(20, 150);
    const seen: Progress[] = [];
    const started = Date.now();
    const r = await client!.callTool({ name: 'renders_make', arguments: { projectId, wait: true } }, CallToolResultSchema, {
      onprogress: (p) => seen.push(p),
      timeout: 1000,
      resetTimeoutOnProgress: true,
    });
    const elapsed = Date.now() - started;
    const job = (r.structuredContent as Envelope<{ state: string; renderId: string | null; frames: { done: number; total: number } }>).value;
    expect(r.isError, JSON.stringify(r.content)).toBeFalsy();
    expect(job).toMatchObject({ state: 'done', frames: { done: 20, total: 20 } });
    expect(job?.renderId).toMatch(/^rnd_/);
    // 20 frames at 150 ms: the call lasted well past its timeout, kept alive by progress alone.
    expect(elapsed).toBeGreaterThan(2000);
    // Per frame, throttled to 5 a second: several frame numbers, in order, the bar only rising.
    const frames = seen.map((p) => /frame (\d+) of 20/.exec(p.message ?? '')?.[1]).filter(Boolean).map(Number);
    expect(frames.length).toBeGreaterThanOrEqual(5);
    expect(frames).toEqual([...frames].sort((a, b) => a - b));
    for (let i = 1; i < seen.length; i++) expect(seen[i]!.progress).toBeGreaterThan(seen[i - 1]!.progress);
    expect(seen.every((p) => p.total === 100 && p.progress >= 0 && p.progress <= 100)).toBe(true);
    // The bar and the frame move together: frame n of 20 sits in the rendering stage's share (40–92 %) at n/20 of it.
    for (const p of seen) {
      const n = Number(/frame (\d+) of 20/.exec(p.message ?? '')?.[1] ?? NaN);
      if (!Number.isNaN(n)) expect(p.progress).toBeCloseTo(40 + 52 * (n / 20), 0);
    }
  });

  it('without resetTimeoutOnProgress the same wait times out, and the server goes on serving (the render too)', async () => {
    const projectId = await remotionProject(20, 150);
    const call = client!.callTool({ name: 'renders_make', arguments: { projectId, wait: true } }, CallToolResultSchema, { onprogress: () => undefined, timeout: 1000 });
    const err = await call.then(() => null, (e: unknown) => e);
    expect(err).toBeInstanceOf(McpError);
    expect((err as McpError).code).toBe(ErrorCode.RequestTimeout);
    // The job was the library's work, not the request's: it is still listed and finishes.
    const listed = async () => ((await client!.callTool({ name: 'renders_jobs', arguments: { projectId } })).structuredContent as Envelope<{ state: string }[]>).value ?? [];
    expect((await listed()).map((j) => j.state)).toEqual([expect.stringMatching(/^(queued|running)$/)]);
    const until = Date.now() + 20_000;
    while (Date.now() < until && (await listed())[0]?.state !== 'done') await new Promise((r) => setTimeout(r, 200));
    expect((await listed())[0]?.state).toBe('done');
  });

  it('no progress token, no notifications: a quick call answers as before', async () => {
    const projectId = await remotionProject(2, 10);
    let notified = 0;
    client!.setNotificationHandler((await import('@modelcontextprotocol/sdk/types.js')).ProgressNotificationSchema, () => void notified++);
    const r = await client!.callTool({ name: 'renders_make', arguments: { projectId, wait: true } });
    expect((r.structuredContent as Envelope<{ state: string }>).value?.state).toBe('done');
    expect(notified).toBe(0);
  });
});
