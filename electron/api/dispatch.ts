import type { z } from 'zod';
import { contract, isChannel, type Result } from '../../shared/contract.js';
import { toErrorPayload, type ErrorCode } from '../../shared/errors.js';
import type { Handlers } from './handler-types.js';

/** How far a long call has come: progress of total (total unknown: null), and what it is doing. */
export interface CallProgress {
  progress: number;
  total: number | null;
  message: string;
}

/**
 * What a host may give one call besides its input: where to tell how far it has come (the MCP
 * server turns it into notifications/progress; hosts with push events need none) and a signal for
 * when the caller stopped waiting. Handlers that do nothing long ignore it.
 */
export interface CallOptions {
  onProgress?: (p: CallProgress) => void;
  signal?: AbortSignal;
}

/** What every host calls: a channel name and untrusted input in, a Result out; it never throws. */
export type Dispatch = (channel: string, rawInput: unknown, call?: CallOptions) => Promise<Result<unknown>>;

function fail(code: ErrorCode, message: string): Result<never> {
  return { ok: false, error: { code, message } };
}

/** "name: Too small…; fps: Too big…" — the first few issues, with where they are. */
export function describeIssues(error: z.ZodError): string {
  const parts = error.issues.slice(0, 5).map((i) => {
    const where = i.path.length ? i.path.join('.') : 'input';
    // A message worded as a sentence about its own field (the contract's limits: "fps must be between 1 and 240") stands as is.
    const field = i.path[i.path.length - 1];
    return typeof field === 'string' && i.message.startsWith(`${field} `) ? i.message : `${where}: ${i.message}`;
  });
  if (error.issues.length > 5) parts.push(`… and ${error.issues.length - 5} more`);
  return parts.join('; ');
}

/**
 * The boundary: unknown channels are NOT_FOUND; input that does not match the channel's schema is
 * INVALID_INPUT and never reaches a handler (so the library is not touched); errors a handler throws
 * become their stable code. Output is null rather than undefined so it survives JSON.
 */
export function createDispatch(handlers: Handlers, onInternalError: (channel: string, err: unknown) => void = logInternal): Dispatch {
  return async (channel, rawInput, call = {}) => {
    if (!isChannel(channel)) return fail('NOT_FOUND', `unknown channel: ${String(channel).slice(0, 100)}`);
    const parsed = contract[channel].input.safeParse(rawInput);
    if (!parsed.success) return fail('INVALID_INPUT', describeIssues(parsed.error));
    try {
      const handler = handlers[channel] as (input: unknown, call: CallOptions) => unknown;
      const value = await handler(parsed.data, call);
      return { ok: true, value: value === undefined ? null : value };
    } catch (err) {
      const error = toErrorPayload(err);
      if (error.code === 'INTERNAL') onInternalError(channel, err);
      return { ok: false, error };
    }
  };
}

function logInternal(channel: string, err: unknown): void {
  // An INTERNAL error is a bug: keep its stack where a developer will see it.
  process.stderr.write(`reelvault: ${channel} failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
}
