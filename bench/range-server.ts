/**
 * Child process for the HTTP Range case: serves one library's media the way Reelvault does. It starts
 * the real web host (electron/web) when that is built; otherwise an interim server — node:http over
 * the blob store's ranged read — clearly labelled as such. Prints one line, then serves until killed:
 *   READY {"port":…,"token":…,"kind":"web host"|"interim …"}
 * Usage: node range-server.js <libraryDir> <repoRoot> <emptyDir>
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { openStorage, type Storage } from '../electron/storage/index.js';

const [libDir, repo, emptyDir] = process.argv.slice(2) as [string, string, string];
const storage = openStorage({ provider: 'filesystem', dir: libDir, sweepIntervalMs: 3_600_000, snapshotCheckMs: 3_600_000 });
const actor = { userId: 'bench' };

interface WebHostModule {
  startWebHost(o: { api: unknown; rendererDir: string; port?: number; token?: string }): Promise<{ port: number; token: string }>;
}
interface ApiModule {
  createApi(o: { storage: Storage; host: 'web'; libraryDir: string; actor: typeof actor }): unknown;
}

async function webHost(): Promise<{ port: number; token: string; kind: string }> {
  const server = path.join(repo, 'dist', 'electron', 'web', 'server.js');
  const api = path.join(repo, 'dist', 'electron', 'api', 'index.js');
  if (!existsSync(server) || !existsSync(api)) throw new Error('electron/web is not built (dist/electron/web/server.js missing)');
  const w = (await import(pathToFileURL(server).href)) as WebHostModule;
  const a = (await import(pathToFileURL(api).href)) as ApiModule;
  const host = await w.startWebHost({ api: a.createApi({ storage, host: 'web', libraryDir: libDir, actor }), rendererDir: emptyDir });
  return { port: host.port, token: host.token, kind: 'web host' };
}

/** Interim: the blob store's ranged stream behind a bare node:http server (one byte range, 206). */
async function interim(reason: string): Promise<{ port: number; token: string; kind: string }> {
  const server = http.createServer((req, res) => {
    const sha = (req.url ?? '').split('/').pop() ?? '';
    let size: number;
    try {
      size = (storage.ctx.db.prepare('SELECT size FROM blobs WHERE sha256 = ?').pluck().get(sha) as number | undefined) ?? -1;
    } catch {
      size = -1;
    }
    if (size < 0) return void res.writeHead(404).end();
    const m = /^bytes=(\d+)-(\d*)$/.exec(req.headers.range ?? '');
    const start = m ? Number(m[1]) : 0;
    const end = m && m[2] ? Math.min(Number(m[2]), size - 1) : size - 1;
    res.writeHead(m ? 206 : 200, {
      'Content-Type': 'application/octet-stream',
      'Accept-Ranges': 'bytes',
      'Content-Length': String(end - start + 1),
      ...(m ? { 'Content-Range': `bytes ${start}-${end}/${size}` } : {}),
    });
    storage.ctx.blobs.read(sha, { start, end }).pipe(res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { port: (server.address() as AddressInfo).port, token: '', kind: `interim node:http over blobs.read (${reason})` };
}

let ready: { port: number; token: string; kind: string };
try {
  ready = await webHost();
  // A player opens a render in a host that has been running a while, not in its first milliseconds:
  // the host's start-up warming (credentials, pooled connections; RemoteLink.warm) is let finish.
  await storage.ctx.remote?.warm();
} catch (err) {
  ready = await interim((err as Error).message.split('\n')[0] ?? 'web host unavailable');
}
process.stdout.write(`READY ${JSON.stringify(ready)}\n`);
process.on('SIGTERM', () => {
  storage.close();
  process.exit(0);
});
