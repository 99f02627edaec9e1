import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SHA256 } from '../../shared/contract.js';
import type { Api } from '../api/index.js';
import { openEventStream } from './event-stream.js';
import { BASE_HEADERS, BodyTooLarge, readBody, refuse, sendEnvelope } from './http-util.js';
import { createGuard, newToken } from './security.js';
import { createStaticHandler } from './static-files.js';
import { DEFAULT_MAX_UPLOAD_BYTES, handleUpload } from './upload-route.js';

/** JSON calls carry at most a text file's worth (files.writeText allows 16 MiB of text, escaped). */
const MAX_JSON_BYTES = 40 * 1024 * 1024;

export interface WebHostOptions {
  api: Api;
  /** The built renderer (out/renderer). */
  rendererDir: string;
  /** 0 picks a free port. */
  port?: number;
  /** For tests; a fresh random token otherwise. */
  token?: string;
  maxUploadBytes?: number;
}

export interface WebHost {
  port: number;
  origin: string;
  token: string;
  /** What to open: the origin with the token, which the first request trades for a cookie. */
  url: string;
  close(): Promise<void>;
}

/**
 * The web host: the handler table over HTTP on loopback only, for a machine where Electron cannot
 * start. Every request passes three checks before any route: Host names our loopback port (DNS
 * rebinding), Origin when sent is ours (CSRF), and the launch token is presented (other local users
 * and pages). No CORS header is ever sent.
 */
export async function startWebHost(opts: WebHostOptions): Promise<WebHost> {
  const token = opts.token ?? newToken();
  const maxUpload = opts.maxUploadBytes ?? DEFAULT_MAX_UPLOAD_BYTES;
  const server = http.createServer();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  const guard = createGuard(token, port);
  const serveStatic = createStaticHandler(opts.rendererDir);

  const route = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    if (!guard.hostAllowed(req)) return refuse(res, 403, 'FORBIDDEN', 'this server answers only to 127.0.0.1 and localhost on its own port');
    if (!guard.originAllowed(req)) return refuse(res, 403, 'FORBIDDEN', 'requests from other origins are refused');
    const raw = req.url ?? '/';
    // The app icon is no secret, and browsers fetch /favicon.ico on their own, sometimes without
    // the page's cookie (SameSite=Strict): it is the one file served without the token.
    if (raw === '/favicon.ico' && (req.method === 'GET' || req.method === 'HEAD')) return serveStatic(req, res, '/favicon.ico');
    const url = new URL(raw, `http://127.0.0.1:${port}`);
    const urlToken = url.searchParams.get('token');
    if (urlToken !== null && req.method === 'GET') {
      if (!guard.tokenMatches(urlToken)) return refuse(res, 401, 'FORBIDDEN', 'wrong token');
      // Trade the URL token for a cookie and drop it from the address bar (and from history).
      url.searchParams.delete('token');
      const location = url.pathname + (url.searchParams.size ? `?${url.searchParams}` : '');
      res.writeHead(302, { ...BASE_HEADERS, 'Set-Cookie': guard.setCookie(), Location: location, 'Cache-Control': 'no-store', 'Content-Length': '0' });
      return void res.end();
    }
    if (!guard.authorized(req)) return refuse(res, 401, 'FORBIDDEN', 'open the URL with the token that `reelvault serve` printed');

    // Routes are matched on the raw path, before any normalisation: /media/../x is not /x.
    const rawPath = raw.split('?')[0] ?? '/';
    if (rawPath.startsWith('/media/')) {
      const sha = rawPath.slice('/media/'.length);
      if (!SHA256.test(sha)) return refuse(res, 400, 'INVALID_INPUT', 'media URLs take a sha256');
      const m = await opts.api.media({ sha256: sha, range: req.headers.range, method: req.method, downloadName: url.searchParams.get('download') });
      res.writeHead(m.status, { ...BASE_HEADERS, ...m.headers });
      if (!m.body || req.method === 'HEAD') return void res.end();
      // 'finish' means the bytes are with the OS: only then may the buffer serve another answer.
      if (Buffer.isBuffer(m.body)) return void res.end(m.body, () => m.release?.());
      const body = m.body;
      body.on('error', () => res.destroy()).pipe(res);
      res.on('close', () => body.destroy());
      return;
    }
    if (rawPath === '/api/events') {
      if (req.method !== 'GET') return refuse(res, 405, 'INVALID_INPUT', 'method not allowed', { Allow: 'GET' });
      return openEventStream(req, res, opts.api.events);
    }
    if (rawPath.startsWith('/api/')) {
      if (req.method !== 'POST') return refuse(res, 405, 'INVALID_INPUT', 'calls are POST', { Allow: 'POST' });
      // A JSON content type cannot be sent cross-site without a preflight, which we never answer.
      if (!/^application\/json\b/i.test(req.headers['content-type'] ?? '')) return refuse(res, 415, 'INVALID_INPUT', 'send application/json');
      let input: unknown;
      try {
        const body = await readBody(req, MAX_JSON_BYTES);
        input = body.length === 0 ? {} : JSON.parse(body.toString('utf8'));
      } catch (err) {
        if (err instanceof BodyTooLarge) return refuse(res, 413, 'INVALID_INPUT', 'request too large', { Connection: 'close' });
        return refuse(res, 400, 'INVALID_INPUT', 'the body is not JSON');
      }
      return sendEnvelope(res, await opts.api.dispatch(rawPath.slice('/api/'.length), input));
    }
    if (rawPath === '/upload' || rawPath === '/upload/render') {
      if (req.method !== 'POST') return refuse(res, 405, 'INVALID_INPUT', 'uploads are POST', { Allow: 'POST' });
      return handleUpload(req, res, url, opts.api, maxUpload, rawPath === '/upload' ? 'asset' : 'render');
    }
    return serveStatic(req, res, url.pathname);
  };

  server.on('request', (req: IncomingMessage, res: ServerResponse) => {
    route(req, res).catch((err: unknown) => {
      process.stderr.write(`reelvault serve: ${err instanceof Error ? err.stack : String(err)}\n`);
      if (!res.headersSent) refuse(res, 500, 'INTERNAL', 'internal error');
      else res.destroy();
    });
  });

  const origin = `http://127.0.0.1:${port}`;
  return {
    port,
    origin,
    token,
    url: `${origin}/?token=${token}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        // Event streams and keep-alive sockets would hold close() open forever.
        server.closeAllConnections();
      }),
  };
}
