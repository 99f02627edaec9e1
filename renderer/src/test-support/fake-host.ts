/**
 * A stand-in for the preload bridge (window.reelvault), installed before lib/ipc.ts is first
 * imported, so the renderer's one door to a host is the real one and only the host is fake: tests
 * answer channels with `answer` and push events with `emit`.
 */
import type { Channel, EventName, EventPayload, Input, Output, ReelvaultBridge, Result } from '../../../shared/contract';
import type { ErrorCode } from '../../../shared/errors';

type Answer = (input: unknown) => unknown;

const answers = new Map<string, Answer>();
const listeners = new Map<string, Set<(payload: unknown) => void>>();
const calls: { channel: string; input: unknown }[] = [];

/** Thrown by an answer: the host's refusal, as dispatch would send it. */
export class HostRefusal extends Error {
  constructor(readonly code: ErrorCode, message: string) {
    super(message);
  }
}

const bridge: ReelvaultBridge = {
  async invoke(channel, input): Promise<Result<unknown>> {
    calls.push({ channel, input });
    const answer = answers.get(channel);
    if (!answer) return { ok: false, error: { code: 'NOT_FOUND', message: `no answer for ${channel} in this test` } };
    try {
      const value = await answer(input);
      return { ok: true, value: value === undefined ? null : value };
    } catch (err) {
      if (err instanceof HostRefusal) return { ok: false, error: { code: err.code, message: err.message } };
      return { ok: false, error: { code: 'INTERNAL', message: String(err) } };
    }
  },
  on(event, listener) {
    const set = listeners.get(event) ?? new Set();
    listeners.set(event, set);
    set.add(listener);
    return () => { set.delete(listener); };
  },
  pathForFile: () => '',
};

export function installFakeHost(): void {
  (window as unknown as { reelvault: ReelvaultBridge }).reelvault = bridge;
}

export const fakeHost = {
  answer<C extends Channel>(channel: C, fn: (input: Input<C>) => Output<C> | Promise<Output<C>>): void {
    answers.set(channel, fn as Answer);
  },
  emit<E extends EventName>(event: E, payload: EventPayload<E>): void {
    for (const l of [...(listeners.get(event) ?? [])]) l(payload);
  },
  /** Channels called so far, in order. */
  calls(channel?: Channel): unknown[] {
    return calls.filter((c) => !channel || c.channel === channel).map((c) => c.input);
  },
  listening(event: EventName): number {
    return listeners.get(event)?.size ?? 0;
  },
  reset(): void {
    answers.clear();
    listeners.clear();
    calls.length = 0;
  },
};
