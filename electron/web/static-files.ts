import { createReadStream, promises as fsp } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import path from 'node:path';
import { mimeForExtension } from '../storage/index.js';
import { BASE_HEADERS, refuse } from './http-util.js';

/** The UI's own kinds of file, which no asset is; everything else by the library's one extension table. */
const PAGE_TYPES = new Map<string, string>([
  ['.html', 'text/html; charset=utf-8'],
  ['.js', 'text/javascript; charset=utf-8'],
  ['.mjs', 'text/javascript; charset=utf-8'],
  ['.css', 'text/css; charset=utf-8'],
  ['.map', 'application/json; charset=utf-8'],
  ['.ico', 'image/x-icon'],
  ['.webmanifest', 'application/manifest+json'],
]);

/** A built file's Content-Type: text is declared UTF-8, as the build writes it. */
function contentType(ext: string): string | undefined {
  const page = PAGE_TYPES.get(ext);
  if (page) return page;
  const mime = mimeForExtension(ext.slice(1));
  if (!mime) return undefined;
  return mime.startsWith('text/') || mime === 'application/json' ? `${mime}; charset=utf-8` : mime;
}

/**
 * The policy for the UI's pages: only our own scripts, styles and media; no plugins, no framing, no
 * inline script. index.html carries the same policy in a meta tag for Electron, which adds reelvault:.
 */
export const PAGE_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data: blob:",
  "media-src 'self' blob:",
  "font-src 'self'",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

/**
 * Serves the built renderer. Only files under root are ever answered (checked on the real path, so
 * a symlink cannot lead out); a path without an extension is a client-side route and gets
 * index.html; any other miss is 404 — never a directory listing, never a file from elsewhere.
 */
export function createStaticHandler(root: string): (req: IncomingMessage, res: ServerResponse, pathname: string) => Promise<void> {
  const realRoot = path.resolve(root);
  const inside = (p: string) => p === realRoot || p.startsWith(realRoot + path.sep);
  return async (req, res, pathname) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') return refuse(res, 405, 'INVALID_INPUT', 'method not allowed', { Allow: 'GET, HEAD' });
    let rel: string;
    try {
      rel = decodeURIComponent(pathname);
    } catch {
      return refuse(res, 400, 'INVALID_INPUT', 'bad path');
    }
    if (rel.includes('\0') || rel.split(/[/\\]/).includes('..')) return refuse(res, 404, 'NOT_FOUND', 'not found');
    if (rel.endsWith('/')) rel += 'index.html';
    let file = path.resolve(realRoot, '.' + path.posix.normalize('/' + rel));
    let st = await statInside(file, inside);
    if (!st && path.extname(rel) === '') {
      file = path.join(realRoot, 'index.html');
      st = await statInside(file, inside);
    }
    if (!st) return refuse(res, 404, 'NOT_FOUND', 'not found');
    const type = contentType(path.extname(file).toLowerCase()) ?? 'application/octet-stream';
    const headers: Record<string, string> = {
      ...BASE_HEADERS,
      'Content-Type': type,
      'Content-Length': String(st.size),
      // Vite fingerprints assets/; the page itself must be fetched fresh to pick up a new build.
      'Cache-Control': file.includes(`${path.sep}assets${path.sep}`) ? 'public, max-age=31536000, immutable' : 'no-cache',
    };
    if (type.startsWith('text/html')) headers['Content-Security-Policy'] = PAGE_CSP;
    res.writeHead(200, headers);
    if (req.method === 'HEAD') return void res.end();
    createReadStream(file).on('error', () => res.destroy()).pipe(res);
  };
}

async function statInside(file: string, inside: (p: string) => boolean) {
  try {
    const real = await fsp.realpath(file);
    if (!inside(real)) return null;
    const st = await fsp.stat(real);
    return st.isFile() ? st : null;
  } catch {
    return null;
  }
}
