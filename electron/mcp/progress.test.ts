/**
 * The progress reporter's rules from the MCP spec: progress only ever increases (a report that
 * does not move the bar is held), at most a few a second, and a quiet call still says it is alive
 * so a client resetting its timeout on progress keeps waiting.
 */
import { describe, expect, it } from 'vitest';
import type { ServerNotification } from '@modelcontextprotocol/sdk/types.js';
import { progressReporter } from './progress.js';

type Sent = { progressToken: string | number; progress: number; total?: number; message?: string };

function recorder() {
  const sent: Sent[] = [];
  const send = async (n: ServerNotification) => void sent.push(n.params as Sent);
  return { sent, send };
}

const wait = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('progressReporter', () => {
  it('sends with the token, never a value that does not rise, and the throttled last one a moment later', async () => {
    const { sent, send } = recorder();
    const r = progressReporter('tok', send, { heartbeatMs: 60_000 });
    r.report({ progress: 10, total: 100, message: 'a' });
    r.report({ progress: 10, total: 100, message: 'same value' });
    r.report({ progress: 5, total: 100, message: 'backwards' });
    r.report({ progress: 20, total: 100, message: 'too soon' });
    expect(sent).toEqual([{ progressToken: 'tok', progress: 10, total: 100, message: 'a' }]);
    // The held report goes out on the next tick (at most a second later).
    await wait(1100);
    expect(sent.map((s) => s.message)).toEqual(['a', 'too soon']);
    // Reaching the total is never held back.
    r.report({ progress: 100, total: 100, message: 'done' });
    expect(sent.at(-1)).toMatchObject({ progress: 100, message: 'done' });
    r.stop();
    r.report({ progress: 200, total: null, message: 'after the answer' });
    expect(sent.at(-1)?.message).toBe('done');
  });

  it('a silent stretch gets a heartbeat that rises by a hair, not a repeated value; unknown totals are left out', async () => {
    const { sent, send } = recorder();
    const r = progressReporter(7, send, { heartbeatMs: 100 });
    r.report({ progress: 3, total: null, message: 'Installing' });
    await wait(1300);
    r.stop();
    expect(sent.length).toBeGreaterThanOrEqual(2);
    expect(sent[0]).toEqual({ progressToken: 7, progress: 3, message: 'Installing' });
    expect(sent[1]?.message).toBe('Installing (still at work)');
    for (let i = 1; i < sent.length; i++) {
      expect(sent[i]!.progress).toBeGreaterThan(sent[i - 1]!.progress);
      expect(sent[i]!.progress - 3).toBeLessThan(0.001);
    }
    const count = sent.length;
    await wait(1100);
    expect(sent.length).toBe(count);
  });
});
