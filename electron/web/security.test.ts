/**
 * The web host's defences, each from the outside: the token (401), the Host header against DNS
 * rebinding (403), Origin against cross-site requests (403), paths that try to leave the blob store
 * or the UI folder, visibility of media, and never a CORS header.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import type { ImportResultItem } from '../../shared/models.js';
import { startTestHost, tester, type TestHost } from './test-support/web-fixture.js';

const SQLITE_MAGIC = 'SQLite format 3';

describe('web host security', () => {
  let t: TestHost;
  let sha: string;
  beforeAll(async () => {
    t = await startTestHost();
    const up = await t.raw('POST', '/upload?name=ok.txt', { headers: { 'Content-Type': 'application/octet-stream' }, body: 'visible content' });
    sha = (JSON.parse(up.text) as { value: ImportResultItem }).value.asset?.sha256 as string;
  });
  afterAll(async () => {
    // Across every answer of this file: no CORS header, ever.
    for (const r of t.responses) expect(Object.keys(r.headers).filter((h) => h.startsWith('access-control-'))).toEqual([]);
    await t.cleanup();
  });

  const json = { 'Content-Type': 'application/json' };

  describe('token', () => {
    it('is required on every route: 401 without it', async () => {
      for (const [method, p] of [['GET', '/'], ['GET', '/assets/app.js'], ['POST', '/api/projects.list'], ['GET', '/api/events'], ['GET', `/media/${sha}`], ['POST', '/upload?name=a']] as const) {
        const r = await t.raw(method, p, { auth: false, headers: json, body: method === 'POST' ? '{}' : undefined });
        expect(r.status, `${method} ${p}`).toBe(401);
        expect(r.text).not.toContain('visible content');
      }
    });

    it('only the app icon is served without it: /favicon.ico, exactly', async () => {
      const icon = await t.raw('GET', '/favicon.ico', { auth: false });
      expect(icon.status).toBe(200);
      expect(icon.headers['content-type']).toBe('image/x-icon');
      expect(icon.body.equals(Buffer.from([0, 0, 1, 0, 1, 0]))).toBe(true);
      for (const p of ['/favicon.ico?x=1', '/favicon.ico/', '//favicon.ico', '/%66avicon.ico', '/index.html']) {
        expect((await t.raw('GET', p, { auth: false })).status, p).toBe(401);
      }
      expect((await t.raw('POST', '/favicon.ico', { auth: false, headers: json, body: '{}' })).status).toBe(401);
    });

    it('a wrong token is 401 in a header, a cookie or the URL', async () => {
      const wrong = 'f'.repeat(64);
      expect((await t.raw('POST', '/api/projects.list', { auth: false, headers: { ...json, Authorization: `Bearer ${wrong}` }, body: '{}' })).status).toBe(401);
      expect((await t.raw('GET', '/', { auth: false, headers: { Cookie: `reelvault_token_${t.host.port}=${wrong}` } })).status).toBe(401);
      expect((await t.raw('GET', `/?token=${wrong}`, { auth: false })).status).toBe(401);
      // Another server's cookie (same host, other port) does not open this one.
      expect((await t.raw('GET', '/', { auth: false, headers: { Cookie: `reelvault_token_1=${t.host.token}` } })).status).toBe(401);
    });

    it('the URL token is traded for an HttpOnly SameSite=Strict cookie and removed by a redirect', async () => {
      const r = await t.raw('GET', `/?token=${t.host.token}`, { auth: false });
      expect(r.status).toBe(302);
      expect(r.headers.location).toBe('/');
      const cookie = String(r.headers['set-cookie']);
      expect(cookie).toContain(`reelvault_token_${t.host.port}=${t.host.token}`);
      expect(cookie).toMatch(/HttpOnly/);
      expect(cookie).toMatch(/SameSite=Strict/);
      const page = await t.raw('GET', '/', { auth: false, headers: { Cookie: `reelvault_token_${t.host.port}=${t.host.token}` } });
      expect(page.status).toBe(200);
      expect(page.headers['content-security-policy']).toContain("script-src 'self'");
    });
  });

  describe('Host header (DNS rebinding)', () => {
    it.each(['evil.example', 'evil.example:80', '127.0.0.1', '127.0.0.1:1', 'localhost.evil.example', '0.0.0.0'])('Host %s is 403 even with the token', async (host) => {
      expect((await t.raw('GET', '/', { headers: { Host: host } })).status).toBe(403);
      expect((await t.raw('POST', '/api/projects.list', { headers: { ...json, Host: host }, body: '{}' })).status).toBe(403);
    });

    it('localhost and 127.0.0.1 on our port are accepted', async () => {
      expect((await t.raw('GET', '/', { headers: { Host: `localhost:${t.host.port}` } })).status).toBe(200);
      expect((await t.raw('GET', '/', { headers: { Host: `127.0.0.1:${t.host.port}` } })).status).toBe(200);
    });
  });

  describe('Origin (cross-site requests)', () => {
    it.each(['https://evil.example', 'null', 'http://127.0.0.1:1', 'http://localhost'])('Origin %s is 403 on the API, the event stream and uploads', async (origin) => {
      expect((await t.raw('POST', '/api/projects.create', { headers: { ...json, Origin: origin }, body: '{"name":"pwned"}' })).status).toBe(403);
      expect((await t.raw('GET', '/api/events', { headers: { Origin: origin } })).status).toBe(403);
      expect((await t.raw('POST', '/upload?name=x', { headers: { Origin: origin }, body: 'x' })).status).toBe(403);
      expect(await t.value('projects.list', {})).toEqual([]);
    });

    it('Sec-Fetch-Site: cross-site is 403', async () => {
      expect((await t.raw('POST', '/api/projects.list', { headers: { ...json, 'Sec-Fetch-Site': 'cross-site' }, body: '{}' })).status).toBe(403);
    });

    it('our own origin is accepted', async () => {
      const r = await t.raw('POST', '/api/projects.list', { headers: { ...json, Origin: t.host.origin }, body: '{}' });
      expect(r.status).toBe(200);
    });

    it('a CORS preflight gets no CORS answer', async () => {
      const r = await t.raw('OPTIONS', '/api/projects.list', { headers: { Origin: t.host.origin, 'Access-Control-Request-Method': 'POST' } });
      expect(r.status).toBe(405);
    });
  });

  describe('paths never leave the blob store or the UI folder', () => {
    const attempts = [
      '/media/../library.db',
      '/media/%2e%2e/library.db',
      '/media/%2E%2E%2Flibrary.db',
      '/media/..%2flibrary.db',
      '/media/..%5clibrary.db',
      '/media/' + 'g'.repeat(64),
      '/media/' + 'A'.repeat(64),
      '/media/' + 'a'.repeat(63),
      '/media/' + 'a'.repeat(65),
      '/media/blobs/sha256/aa/' + 'a'.repeat(64),
      '/media/%2Fetc%2Fpasswd',
      '/media//etc/passwd',
      '/media/SHA/../../library.db',
      '/../library.db',
      '/%2e%2e/library.db',
      '/assets/../../library.db',
      '/assets/%2e%2e/%2e%2e/secret.txt',
      '/../secret.txt',
      '/%2e%2e/secret.txt',
      '/..%2fsecret.txt',
      '/library.db',
      '/blobs/sha256/',
      '/etc/passwd',
    ];
    it.each(attempts)('%s serves nothing from outside', async (p) => {
      const r = await t.raw('GET', p.replace('SHA', sha));
      // An extension-less path is a client-side route and gets the UI's own page; nothing else does.
      if (r.status === 200) expect(r.text).toContain('Reelvault test UI');
      else expect([400, 404]).toContain(r.status);
      expect(r.text).not.toContain(SQLITE_MAGIC);
      expect(r.text).not.toContain('TOP-SECRET-OUTSIDE-RENDERER');
      expect(r.text).not.toContain('root:');
    });

    it('a file of the library that is not a blob is unreachable even by its own hash', async () => {
      const { createHash } = await import('node:crypto');
      const db = readFileSync(path.join(t.dir, 'library.db'));
      const r = await t.raw('GET', `/media/${createHash('sha256').update(db).digest('hex')}`);
      expect(r.status).toBe(404);
    });

    it('media another user owns is 404 here, as if it did not exist', async () => {
      const other = await t.storage.assets.importStream({ userId: 'someone-else', sessionId: 's' }, 'private.txt', Readable.from([Buffer.from('private bytes of someone else')]), { scope: 'user' });
      const theirs = other.asset?.sha256 as string;
      expect((await t.raw('GET', `/media/${theirs}`)).status).toBe(404);
      // The same content becomes visible once the actor has it too.
      await t.storage.assets.importStream(tester, 'mine.txt', Readable.from([Buffer.from('private bytes of someone else')]), { scope: 'user' });
      expect((await t.raw('GET', `/media/${theirs}`)).status).toBe(200);
    });

    it("a poster the media worker made is served while what it shows is visible, and not after", async () => {
      const src = await t.storage.assets.importStream(tester, 'shot.png', Readable.from([Buffer.concat([Buffer.from('89504e470d0a1a0a', 'hex'), Buffer.alloc(32, 3)])]));
      const poster = await t.storage.ctx.blobs.putBuffer(Buffer.concat([Buffer.from('ffd8ff', 'hex'), Buffer.alloc(64, 1)]));
      t.storage.media.saveResult(src.asset?.sha256 as string, { probe: null, posterGrid: { sha256: poster.sha256, size: poster.size } });
      const r = await t.raw('GET', `/media/${poster.sha256}`);
      expect(r.status).toBe(200);
      expect(r.headers['content-type']).toBe('image/jpeg');
      t.storage.assets.delete(tester, [src.asset?.id as string]);
      expect((await t.raw('GET', `/media/${poster.sha256}`)).status).toBe(404);
    });

    it('text and HTML blobs are never served as a page', async () => {
      const up = await t.raw('POST', '/upload?name=evil.html', { headers: { 'Content-Type': 'application/octet-stream' }, body: '<script>alert(1)</script>' });
      const html = (JSON.parse(up.text) as { value: ImportResultItem }).value.asset?.sha256 as string;
      const r = await t.raw('GET', `/media/${html}`);
      expect(r.headers['content-type']).toBe('application/octet-stream');
      expect(r.headers['content-security-policy']).toContain('sandbox');
    });
  });

  it('the server listens on loopback only', async () => {
    expect(t.host.url.startsWith('http://127.0.0.1:')).toBe(true);
    const { networkInterfaces } = await import('node:os');
    const external = Object.values(networkInterfaces()).flat().find((i) => i && i.family === 'IPv4' && !i.internal);
    if (!external) return; // no other interface on this machine: nothing more to try
    const net = await import('node:net');
    const reached = await new Promise<boolean>((resolve) => {
      const s = net.connect({ host: external.address, port: t.host.port }, () => { s.destroy(); resolve(true); });
      s.on('error', () => resolve(false));
    });
    expect(reached).toBe(false);
  });
});
