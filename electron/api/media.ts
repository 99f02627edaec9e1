import { closeSync, createReadStream, readSync } from 'node:fs';
import { Readable } from 'node:stream';
import { SHA256 } from '../../shared/contract.js';
import type { MediaAccess, MediaFile } from './media-access.js';
import { toErrorPayload } from '../../shared/errors.js';

export interface MediaRequest {
  /** The hash from the URL, untrusted. */
  sha256: string;
  /** The Range header, if any. */
  range?: string | null | undefined;
  method?: string | undefined;
  /** Serve as a download under this file name (the browser's "export"). */
  downloadName?: string | null | undefined;
}

export interface MediaResponse {
  status: number;
  headers: Record<string, string>;
  /** Null for HEAD, empty bodies and 416; the bytes themselves for a small answer; else a stream. */
  body: Readable | Buffer | null;
  /**
   * For a Buffer body: call once its bytes have been handed to the OS (or copied) so the buffer can
   * serve the next answer. Never calling it is safe — the buffer is then simply garbage collected.
   */
  release?: () => void;
}

export type ByteRange = { kind: 'full' } | { kind: 'partial'; start: number; end: number } | { kind: 'unsatisfiable' };

/**
 * RFC 9110 single byte ranges: "a-b", open "a-", suffix "-n". A header that does not parse, or asks
 * for several ranges, is ignored (the whole body is sent), as the RFC allows; a range that starts
 * past the end is unsatisfiable (416).
 */
export function parseRange(header: string | null | undefined, size: number): ByteRange {
  if (!header) return { kind: 'full' };
  const m = /^\s*bytes\s*=\s*(\d*)\s*-\s*(\d*)\s*$/i.exec(header);
  if (!m) return { kind: 'full' };
  const [, a = '', b = ''] = m;
  if (a === '' && b === '') return { kind: 'full' };
  const first = a === '' ? null : Number(a);
  const last = b === '' ? null : Number(b);
  if ((first !== null && !Number.isSafeInteger(first)) || (last !== null && !Number.isSafeInteger(last))) return { kind: 'full' };
  if (first === null) {
    const n = last as number;
    if (n === 0 || size === 0) return { kind: 'unsatisfiable' };
    return { kind: 'partial', start: Math.max(0, size - n), end: size - 1 };
  }
  if (last !== null && last < first) return { kind: 'full' };
  if (first >= size) return { kind: 'unsatisfiable' };
  return { kind: 'partial', start: first, end: Math.min(last ?? size - 1, size - 1) };
}

/** Types a page may show inline; anything else (HTML, scripts, text) is only ever a download. */
function inlineSafe(mime: string): string {
  return /^(image|video|audio|font)\/[\w.+-]+$/.test(mime) ? mime : 'application/octet-stream';
}

function contentDisposition(name: string): string {
  const ascii = name.replace(/[^\x20-\x7e]|["\\]/g, '_');
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(name)}`;
}

/** Answers up to this size are read in one go; larger ones stream in STREAM_CHUNK reads. */
const SMALL_ANSWER = 1 << 20;
const STREAM_CHUNK = 256 * 1024;

/**
 * Buffers for small answers, reused once the host has sent one. Reading into fresh memory costs
 * the kernel a page fault per 4 KiB: measured here, a 1 MiB read into a new buffer took 0.5–1.2 ms
 * and into a reused one 0.13–0.4 ms. A few are kept; more in flight are allocated and left to GC.
 */
const smallBuffers: Buffer[] = [];
const SMALL_BUFFERS_KEPT = 8;

function releaseSmall(buf: Buffer): void {
  if (smallBuffers.length < SMALL_BUFFERS_KEPT && !smallBuffers.includes(buf)) smallBuffers.push(buf);
}

/** Headers every media answer carries: never sniffed, never a document that can run script. */
const BASE_HEADERS: Record<string, string> = {
  'X-Content-Type-Options': 'nosniff',
  'Content-Security-Policy': "default-src 'none'; img-src 'self'; media-src 'self'; style-src 'unsafe-inline'; sandbox",
  'Cross-Origin-Resource-Policy': 'same-origin',
};

function plain(status: number, text: string, extra: Record<string, string> = {}): MediaResponse {
  const body = Buffer.from(text + '\n');
  return {
    status,
    headers: { ...BASE_HEADERS, 'Content-Type': 'text/plain; charset=utf-8', 'Content-Length': String(body.length), 'Cache-Control': 'no-store', ...extra },
    body: Readable.from([body]),
  };
}

/** Closes a local file's descriptor (remote content holds none). */
function done(media: MediaFile): void {
  if (media.fd !== null) closeSync(media.fd);
}

/**
 * The bucket could not be asked (offline, a timeout) or refused: 503 with the stable error code in a
 * header and the body, so a player shows "not available offline" and can retry, never hangs.
 */
function unavailable(err: unknown): MediaResponse {
  const e = toErrorPayload(err);
  if (e.code === 'NOT_FOUND') return plain(404, 'not found');
  const status = e.code === 'OFFLINE' ? 503 : e.code === 'FORBIDDEN' ? 403 : 502;
  return plain(status, `${e.code}: ${e.message}`, { 'X-Reelvault-Error': e.code, ...(e.code === 'OFFLINE' ? { 'Retry-After': '30' } : {}) });
}

/**
 * The one media answer both hosts give — the web host for GET /media/<sha256>, Electron for
 * reelvault://media/<sha256>: 200 with the whole blob, 206 with the asked range, 416 past the end.
 * The file is always the blob store's file for a 64-hex hash; no request text ever becomes a path.
 */
export async function mediaResponse(access: MediaAccess, req: MediaRequest): Promise<MediaResponse> {
  const method = (req.method ?? 'GET').toUpperCase();
  if (method !== 'GET' && method !== 'HEAD') return plain(405, 'method not allowed', { Allow: 'GET, HEAD' });
  if (!SHA256.test(req.sha256)) return plain(400, 'not a sha256');
  let media: MediaFile | null;
  try {
    media = await access(req.sha256);
  } catch (err) {
    return unavailable(err);
  }
  if (!media) return plain(404, 'not found');
  const headers: Record<string, string> = {
    ...BASE_HEADERS,
    'Content-Type': inlineSafe(media.mime),
    'Accept-Ranges': 'bytes',
    // Content-addressed: the bytes under this URL can never change.
    'Cache-Control': 'private, max-age=31536000, immutable',
    ETag: `"${req.sha256}"`,
  };
  if (req.downloadName) headers['Content-Disposition'] = contentDisposition(req.downloadName);
  const range = parseRange(req.range, media.size);
  if (range.kind === 'unsatisfiable') {
    done(media);
    return { status: 416, headers: { ...headers, 'Content-Range': `bytes */${media.size}`, 'Content-Length': '0' }, body: null };
  }
  const { start, end } = range.kind === 'partial' ? range : { start: 0, end: media.size - 1 };
  const length = media.size === 0 ? 0 : end - start + 1;
  headers['Content-Length'] = String(length);
  if (range.kind === 'partial') headers['Content-Range'] = `bytes ${start}-${end}/${media.size}`;
  const status = range.kind === 'partial' ? 206 : 200;
  if (method === 'HEAD' || length === 0) {
    done(media);
    return { status, headers, body: null };
  }
  if (media.fd === null) {
    // Evicted content: this range straight from the bucket (the stream is the GET's own body).
    try {
      return { status, headers, body: await media.open(start, end) };
    } catch (err) {
      return unavailable(err);
    }
  }
  if (length <= SMALL_ANSWER) {
    // Posters, waveforms and the ranges a seeking video asks for: one read, no stream, synchronous
    // like the SQLite queries around it (the page cache answers in microseconds).
    const buf = smallBuffers.pop() ?? Buffer.allocUnsafeSlow(SMALL_ANSWER);
    try {
      let got = 0;
      while (got < length) {
        const n = readSync(media.fd, buf, got, length - got, start + got);
        if (n === 0) break;
        got += n;
      }
      // Shorter than its fstat said: the file changed under us; an honest error beats a hung client.
      if (got < length) return plain(500, 'the file is shorter than expected');
    } finally {
      closeSync(media.fd);
    }
    return { status, headers, body: buf.subarray(0, length), release: () => releaseSmall(buf) };
  }
  // The stream owns the descriptor from here: it closes it at its end, on error, or when the host
  // destroys it because the client went away.
  return { status, headers, body: createReadStream('', { fd: media.fd, start, end, highWaterMark: STREAM_CHUNK, autoClose: true }) };
}
