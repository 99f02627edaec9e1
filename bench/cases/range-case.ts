/** HTTP Range reads: 1 MiB random ranges of the large file, Reelvault's media route vs nginx, both read by curl. */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import type { Bench } from '../harness.js';
import type { BigLibrary } from './import-cases.js';
import { missing, run, stopChild } from '../proc.js';
import { makeRow, notMeasured, type Row } from '../report.js';
import { formatBytes, median, p95, rng } from '../stats.js';

const MIB = 1 << 20;

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(port));
    });
  });
}

async function waitForPort(port: number, child: ChildProcess, what: string): Promise<void> {
  for (let i = 0; i < 100; i++) {
    if (child.exitCode !== null) throw new Error(`${what} exited (${child.exitCode})`);
    const ok = await new Promise<boolean>((resolve) => {
      const c = net.connect(port, '127.0.0.1', () => {
        c.end();
        resolve(true);
      });
      c.on('error', () => resolve(false));
    });
    if (ok) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`${what} did not start listening on ${port}`);
}

function startReelvault(b: Bench, big: BigLibrary, empty: string): Promise<{ child: ChildProcess; port: number; token: string; kind: string }> {
  const child = spawn(process.execPath, [path.join(b.repo, 'dist', 'bench', 'range-server.js'), big.dir, b.repo, empty], { stdio: ['ignore', 'pipe', 'pipe'] });
  return new Promise((resolve, reject) => {
    let out = '';
    let err = '';
    child.stderr?.on('data', (d: Buffer) => (err += d.toString()));
    child.stdout?.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /READY (.*)\n/.exec(out);
      if (m) resolve({ child, ...(JSON.parse(m[1] as string) as { port: number; token: string; kind: string }) });
    });
    child.on('exit', (code) => reject(new Error(`range server exited ${code}: ${err.slice(0, 300)}`)));
  });
}

function startNginx(b: Bench, big: BigLibrary, port: number): ChildProcess {
  const dir = path.join(b.work, 'nginx');
  mkdirSync(path.join(dir, 'tmp'), { recursive: true });
  const blob = path.join(big.dir, 'blobs', 'sha256', big.sha256.slice(0, 2), big.sha256);
  const user = process.getuid?.() === 0 ? `user ${os.userInfo().username};\n` : '';
  const t = path.join(dir, 'tmp');
  writeFileSync(
    path.join(dir, 'nginx.conf'),
    `${user}daemon off;
worker_processes 1;
pid ${dir}/nginx.pid;
error_log ${dir}/error.log warn;
events { worker_connections 256; }
http {
  access_log off;
  sendfile on;
  tcp_nopush on;
  keepalive_requests 100000;
  client_body_temp_path ${t}/body; proxy_temp_path ${t}/proxy; fastcgi_temp_path ${t}/fastcgi; uwsgi_temp_path ${t}/uwsgi; scgi_temp_path ${t}/scgi;
  default_type application/octet-stream;
  server {
    listen 127.0.0.1:${port};
    location = /media/${big.sha256} { alias ${blob}; }
  }
}
`,
  );
  return spawn(b.peers.nginx.bin as string, ['-p', dir, '-c', path.join(dir, 'nginx.conf'), '-e', path.join(dir, 'error.log')], { stdio: 'ignore' });
}

/** One curl process, one connection, every range in turn: per-request total times in seconds. */
function curlTimes(b: Bench, url: string, token: string, ranges: readonly [number, number][]): number[] {
  const cfg = path.join(b.work, 'curl.cfg');
  const lines: string[] = [];
  ranges.forEach(([s, e], i) => {
    if (i > 0) lines.push('next');
    lines.push(`url = "${url}"`, `range = "${s}-${e}"`, 'output = "/dev/null"', 'write-out = "%{time_total} %{http_code} %{size_download}\\n"');
    if (token) lines.push(`header = "Authorization: Bearer ${token}"`);
  });
  writeFileSync(cfg, lines.join('\n') + '\n');
  const out = run(b.peers.curl.bin as string, ['-s', '-K', cfg]);
  const rows = out.trim().split('\n').map((l) => l.split(' '));
  for (const r of rows) {
    if (r[1] !== '206' || Number(r[2]) !== MIB) throw new Error(`unexpected answer from ${url}: HTTP ${r[1]}, ${r[2]} bytes`);
  }
  return rows.map((r) => Number(r[0]));
}

export async function rangeCase(b: Bench, big: BigLibrary | null): Promise<Row[]> {
  const c = 'HTTP Range reads';
  const fixture = `1 MiB random ranges of a ${formatBytes(b.sizes.bigFile)} file`;
  const noCurl = missing(b.peers, 'curl');
  if (noCurl) return [notMeasured('skipped', { case: c, fixture, metric: 'p95', peer: 'nginx', goalText: '≤ 1.0×' }, noCurl)];
  if (!big) return [notMeasured('error', { case: c, fixture, metric: 'p95', peer: 'nginx', goalText: '≤ 1.0×' }, 'the large-file library is missing (its case failed)')];
  const noNginx = missing(b.peers, 'nginx');
  const r = rng(42);
  const ranges: [number, number][] = Array.from({ length: b.sizes.rangeRequests }, () => {
    const start = Math.floor(r() * (b.sizes.bigFile - MIB));
    return [start, start + MIB - 1];
  });
  const empty = path.join(b.work, 'empty-renderer');
  mkdirSync(empty, { recursive: true });
  const rv = await startReelvault(b, big, empty);
  let nginx: ChildProcess | null = null;
  try {
    await waitForPort(rv.port, rv.child, 'Reelvault media server');
    let nginxPort = 0;
    if (!noNginx) {
      nginxPort = await freePort();
      nginx = startNginx(b, big, nginxPort);
      await waitForPort(nginxPort, nginx, 'nginx');
    }
    const rvUrl = `http://127.0.0.1:${rv.port}/media/${big.sha256}`;
    const ngUrl = `http://127.0.0.1:${nginxPort}/media/${big.sha256}`;
    // Warm-up: every range once through each server (page cache, JIT, connections).
    curlTimes(b, rvUrl, rv.token, ranges);
    if (nginx) curlTimes(b, ngUrl, '', ranges);
    const a: number[] = [];
    const n: number[] = [];
    const rounds = b.quick ? 1 : 3;
    for (let i = 0; i < rounds; i++) {
      a.push(...curlTimes(b, rvUrl, rv.token, ranges));
      if (nginx) n.push(...curlTimes(b, ngUrl, '', ranges));
    }
    b.log(`  ${c}: ${rv.kind}: p95 ${(p95(a) * 1000).toFixed(2)} ms (median ${(median(a) * 1000).toFixed(2)} ms); nginx p95 ${n.length ? (p95(n) * 1000).toFixed(2) : '—'} ms`);
    const note = rv.kind === 'web host' ? undefined : `measured on the ${rv.kind}, not the web host`;
    if (noNginx) return [{ ...makeRow({ case: c, fixture, metric: 'p95', unit: 's', reelvault: p95(a), reelvaultRuns: a, goal: { kind: 'info' }, goalText: '≤ 1.0×' }), status: 'skipped', note: `${noNginx}${note ? `; ${note}` : ''}` }];
    return [makeRow({ case: c, fixture, metric: 'p95', unit: 's', reelvault: p95(a), reelvaultRuns: a, peer: 'nginx', peerValue: p95(n), peerRuns: n, goal: { kind: 'ratio-max', max: 1.0 }, goalText: '≤ 1.0×', ...(note ? { note } : {}) })];
  } finally {
    // Both waited for: the caller removes the library next (see stopChild).
    await stopChild(rv.child);
    if (nginx) await stopChild(nginx);
    rmSync(path.join(b.work, 'curl.cfg'), { force: true });
  }
}
