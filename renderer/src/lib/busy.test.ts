import { beforeEach, describe, expect, it } from 'vitest';
import { whileBusy } from './busy';
import { notifications } from './notify';

describe('whileBusy', () => {
  beforeEach(() => notifications.clear());

  it('holds the flag up while the work runs and drops it after; a success is true and says nothing', async () => {
    const seen: boolean[] = [];
    let release!: () => void;
    const running = whileBusy((p) => seen.push(p.busy), () => new Promise<void>((r) => { release = r; }));
    expect(seen).toEqual([true]);
    release();
    expect(await running).toBe(true);
    expect(seen).toEqual([true, false]);
    expect(notifications.list()).toEqual([]);
  });

  it('a failure is false, shown as an error, and the flag still comes down', async () => {
    const seen: boolean[] = [];
    const ok = await whileBusy((p) => seen.push(p.busy), async () => { throw new Error('disk gone'); });
    expect(ok).toBe(false);
    expect(seen).toEqual([true, false]);
    expect(notifications.list().map((t) => [t.kind, t.message])).toEqual([['error', 'disk gone']]);
  });
});
