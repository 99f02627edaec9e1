import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Result } from '../../shared/contract.js';
import type { ErrorCode } from '../../shared/errors.js';

/** Sent with every answer. No Access-Control-* header is ever sent: other origins get nothing. */
export const BASE_HEADERS: Record<string, string> = {
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'X-Frame-Options': 'DENY',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Resource-Policy': 'same-origin',
};

const STATUS_OF: Record<ErrorCode, number> = { NOT_FOUND: 404, INVALID_INPUT: 400, CONFLICT: 409, FORBIDDEN: 403, IO: 500, INTERNAL: 500, OFFLINE: 503 };

/** The HTTP status that matches an envelope; the body always carries the envelope itself. */
export function statusOf(result: Result<unknown>): number {
  return result.ok ? 200 : STATUS_OF[result.error.code];
}

export function sendJson(res: ServerResponse, status: number, body: unknown, extra: Record<string, string> = {}): void {
  const data = Buffer.from(JSON.stringify(body));
  res.writeHead(status, { ...BASE_HEADERS, 'Content-Type': 'application/json; charset=utf-8', 'Content-Length': String(data.length), 'Cache-Control': 'no-store', ...extra });
  res.end(data);
}

export function sendEnvelope(res: ServerResponse, result: Result<unknown>): void {
  sendJson(res, statusOf(result), result);
}

/** A refusal before any route runs (auth, Host, Origin, method): the envelope shape, so clients read one format. */
export function refuse(res: ServerResponse, status: number, code: ErrorCode, message: string, extra: Record<string, string> = {}): void {
  sendJson(res, status, { ok: false, error: { code, message } }, extra);
}

export class BodyTooLarge extends Error {}

/** Reads a request body up to a limit; past it the request is refused, not buffered. */
export async function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  const declared = Number(req.headers['content-length'] ?? NaN);
  if (Number.isFinite(declared) && declared > limit) throw new BodyTooLarge();
  const parts: Buffer[] = [];
  let n = 0;
  for await (const chunk of req) {
    n += (chunk as Buffer).length;
    if (n > limit) throw new BodyTooLarge();
    parts.push(chunk as Buffer);
  }
  return Buffer.concat(parts);
}
