import type { z } from 'zod';
import { contract, isChannel, type Result } from '../../shared/contract.js';
import { toErrorPayload, type ErrorCode } from '../../shared/errors.js';
import type { Handlers } from './handler-types.js';

/** What every host calls: a channel name and untrusted input in, a Result out; it never throws. */
export type Dispatch = (channel: string, rawInput: unknown) => Promise<Result<unknown>>;

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
  return async (channel, rawInput) => {
    if (!isChannel(channel)) return fail('NOT_FOUND', `unknown channel: ${String(channel).slice(0, 100)}`);
    const parsed = contract[channel].input.safeParse(rawInput);
    if (!parsed.success) return fail('INVALID_INPUT', describeIssues(parsed.error));
    try {
      const handler = handlers[channel] as (input: unknown) => unknown;
      const value = await handler(parsed.data);
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
