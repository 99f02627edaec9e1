/**
 * The error every media function throws on purpose. `reason` is short and stable
 * ('empty file', 'not a media file', 'timed out after 5s') because it is what the UI
 * shows on a failed tile instead of a blank one; `message` adds the tool's own words.
 */
export class MediaError extends Error {
  readonly reason: string;
  constructor(reason: string, detail?: string) {
    super(detail ? `${reason}: ${detail}` : reason);
    this.name = 'MediaError';
    this.reason = reason;
  }
}

/** The reason to record for any thrown value; unknown errors keep their message so nothing is silent. */
export function reasonOf(err: unknown): string {
  if (err instanceof MediaError) return err.reason;
  if (err instanceof Error) return err.message;
  return String(err);
}

/** Seconds as people read them in a reason: '5s', '0.5s'. */
export function timedOutReason(timeoutMs: number): string {
  const seconds = Math.round(timeoutMs / 100) / 10;
  return `timed out after ${seconds}s`;
}
