import { protocol } from 'electron';
import { Readable } from 'node:stream';
import type { Api } from '../api/index.js';

export const SCHEME = 'reelvault';

/** Must run before app 'ready': standard + secure so media URLs behave like https, stream for <video> seeking. */
export function registerSchemePrivileges(): void {
  protocol.registerSchemesAsPrivileged([{ scheme: SCHEME, privileges: { standard: true, secure: true, stream: true, supportFetchAPI: true } }]);
}

/**
 * reelvault://media/<sha256>: the same Node function the web host uses for /media/<sha256>
 * (Range, 206, 416, types). Any other host or path under the scheme is 404.
 */
export function handleMediaProtocol(api: Api): void {
  protocol.handle(SCHEME, async (request) => {
    const url = new URL(request.url);
    if (url.host !== 'media') return new Response('not found', { status: 404 });
    const m = await api.media({ sha256: url.pathname.replace(/^\//, ''), range: request.headers.get('range'), method: request.method });
    let body: Uint8Array | ReadableStream<Uint8Array> | null = null;
    if (Buffer.isBuffer(m.body)) {
      // A Response may read its body later: copy the bytes, so the buffer can go back at once.
      body = Uint8Array.prototype.slice.call(m.body);
      m.release?.();
    } else if (m.body) body = Readable.toWeb(m.body) as unknown as ReadableStream<Uint8Array>;
    return new Response(body, { status: m.status, headers: m.headers });
  });
}
