/**
 * Stable error codes. They cross every boundary (IPC, HTTP, CLI exit lines) unchanged,
 * so the UI can word a toast from the code and scripts can branch on it.
 */
// OFFLINE: the bytes live only in the library's bucket and the bucket cannot be reached (no network, the
// server down, a timeout): a state to show and retry later, not a failure of the library.
export const ERROR_CODES = ['NOT_FOUND', 'INVALID_INPUT', 'CONFLICT', 'FORBIDDEN', 'IO', 'INTERNAL', 'OFFLINE'] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

export interface ErrorPayload {
  code: ErrorCode;
  message: string;
}

/** The one error type the library throws on purpose; anything else is a bug and maps to INTERNAL. */
export class ReelvaultError extends Error {
  readonly code: ErrorCode;
  constructor(code: ErrorCode, message: string) {
    super(message);
    this.name = 'ReelvaultError';
    this.code = code;
  }
}

export const notFound = (what: string): ReelvaultError => new ReelvaultError('NOT_FOUND', `${what} not found`);
export const invalid = (message: string): ReelvaultError => new ReelvaultError('INVALID_INPUT', message);
export const conflict = (message: string): ReelvaultError => new ReelvaultError('CONFLICT', message);
export const forbidden = (message: string): ReelvaultError => new ReelvaultError('FORBIDDEN', message);
export const offline = (message: string): ReelvaultError => new ReelvaultError('OFFLINE', message);

/** Maps any thrown value to a payload; Node I/O errors become IO with their errno code kept in the text. */
export function toErrorPayload(err: unknown): ErrorPayload {
  if (err instanceof ReelvaultError) return { code: err.code, message: err.message };
  if (err && typeof err === 'object' && 'code' in err && typeof (err as { code: unknown }).code === 'string') {
    const e = err as { code: string; message?: string };
    if (/^E[A-Z]+$/.test(e.code)) return { code: 'IO', message: ioMessage(e.code, e.message) };
    // SQLite's own I/O failures: a full disk, a read-only or vanished database file.
    if (/^SQLITE_(FULL|IOERR|READONLY|CANTOPEN|BUSY|LOCKED)/.test(e.code)) return { code: 'IO', message: e.message ?? e.code };
  }
  const message = err instanceof Error ? err.message : String(err);
  return { code: 'INTERNAL', message };
}

/** Node's errno messages name the syscall and path; the first words a person reads should say what to do. */
function ioMessage(code: string, message: string | undefined): string {
  const base = message ?? code;
  switch (code) {
    case 'ENOSPC':
      return `The disk is full; free some space and try again (${base})`;
    case 'EROFS':
    case 'EACCES':
    case 'EPERM':
      return `The library folder cannot be written to; check its permissions or that the disk is not read-only (${base})`;
    case 'EIO':
      return `The disk reported a read/write error; the operation was stopped (${base})`;
    default:
      return base;
  }
}
