import type { ProgressToken, ServerNotification } from '@modelcontextprotocol/sdk/types.js';
import type { CallProgress } from '../api/dispatch.js';

/** At most this many notifications a second: a long render reports every frame, an agent needs no more than this. */
const MIN_INTERVAL_MS = 200;
/**
 * A client that resets its timeout on progress (the SDK's resetTimeoutOnProgress) still times out
 * through a silent stretch — an npm install resolving, Remotion bundling before it prints anything —
 * so a call that has said nothing for this long says it is still at work.
 */
export const HEARTBEAT_MS = 10_000;

export interface ProgressReporter {
  report(p: CallProgress): void;
  /** Stops the heartbeat; nothing is sent after the call answered (the client would not know the token any more). */
  stop(): void;
}

/**
 * notifications/progress for one tool call whose client sent `_meta.progressToken`. The spec wants
 * progress to increase with every notification, so a report that does not move the bar is held
 * (its message goes with the next one that does), and the heartbeat moves it by a hair — well
 * below anything a client shows — rather than repeat a value.
 */
export function progressReporter(token: ProgressToken, send: (n: ServerNotification) => Promise<void>, opts: { heartbeatMs?: number; now?: () => number } = {}): ProgressReporter {
  const now = opts.now ?? Date.now;
  const heartbeatMs = opts.heartbeatMs ?? HEARTBEAT_MS;
  let sent = -Infinity;
  let lastAt = 0;
  let latest: CallProgress | null = null;
  let stopped = false;

  const emit = (progress: number, total: number | null, message: string): void => {
    sent = progress;
    lastAt = now();
    const params = { progressToken: token, progress, message, ...(total !== null ? { total } : {}) };
    // A notification the transport could not write is not the call's failure.
    void send({ method: 'notifications/progress', params }).catch(() => undefined);
  };

  // Each tick sends what the throttle held back, or, after a silent stretch, the heartbeat.
  const heartbeat = setInterval(() => {
    if (stopped) return;
    if (latest && latest.progress > sent) return emit(latest.progress, latest.total, latest.message);
    if (now() - lastAt < heartbeatMs) return;
    const base = latest ?? { progress: 0, total: null, message: 'Working' };
    const hair = Math.max(1e-6, Math.abs(sent) * 1e-9);
    emit(Math.max(sent + hair, base.progress), base.total, `${base.message} (still at work)`);
  }, Math.min(heartbeatMs, 1000));
  heartbeat.unref?.();

  return {
    report(p) {
      if (stopped) return;
      latest = p;
      if (p.progress <= sent) return;
      const done = p.total !== null && p.progress >= p.total;
      if (!done && now() - lastAt < MIN_INTERVAL_MS) return;
      emit(p.progress, p.total, p.message);
    },
    stop() {
      stopped = true;
      clearInterval(heartbeat);
    },
  };
}
