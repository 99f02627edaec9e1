/**
 * Peers are other programs: found on PATH (never installed by the suite), run as processes on the
 * same fixtures, timed from spawn to exit.
 */
import { spawnSync, type ChildProcess, type SpawnSyncOptions } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import path from 'node:path';

export interface PeerInfo {
  /** The program, as the table names it. */
  name: string;
  /** Absolute path, or null when it is not installed. */
  bin: string | null;
  version: string | null;
  /** What to install when it is missing (Debian package names). */
  install: string;
}

// nginx lives in /usr/sbin, which is not on every user's PATH.
const EXTRA_DIRS = ['/usr/sbin', '/sbin', '/usr/local/sbin'];

export function findTool(name: string): string | null {
  const dirs = [...(process.env.PATH ?? '').split(path.delimiter).filter(Boolean), ...EXTRA_DIRS];
  for (const d of dirs) {
    const p = path.join(d, name);
    try {
      accessSync(p, constants.X_OK);
      return p;
    } catch {
      // next
    }
  }
  return null;
}

function versionOf(bin: string, args: string[]): string | null {
  const r = spawnSync(bin, args, { encoding: 'utf8', timeout: 10_000 });
  const text = `${r.stdout ?? ''}\n${r.stderr ?? ''}`.trim().split('\n').find((l) => l.trim() !== '');
  return text ? text.trim().slice(0, 80) : null;
}

export type PeerName = 'cp' | 'rsync' | 'openssl' | 'git' | 'restic' | 'sqlite3' | 'nginx' | 'curl';

const KNOWN: Record<PeerName, { args: string[]; install: string }> = {
  cp: { args: ['--version'], install: 'coreutils' },
  rsync: { args: ['--version'], install: 'rsync' },
  openssl: { args: ['version'], install: 'openssl' },
  git: { args: ['--version'], install: 'git' },
  restic: { args: ['version'], install: 'restic' },
  sqlite3: { args: ['--version'], install: 'sqlite3' },
  nginx: { args: ['-v'], install: 'nginx-light' },
  curl: { args: ['--version'], install: 'curl' },
};

export type Peers = Record<PeerName, PeerInfo>;

export function detectPeers(): Peers {
  const out = {} as Peers;
  for (const name of Object.keys(KNOWN) as PeerName[]) {
    const bin = findTool(name);
    out[name] = { name, bin, version: bin ? versionOf(bin, KNOWN[name].args) : null, install: KNOWN[name].install };
  }
  return out;
}

/** The reason a comparison is skipped, or null when every peer it needs is there. */
export function missing(peers: Peers, ...names: PeerName[]): string | null {
  const gone = names.filter((n) => !peers[n].bin);
  if (gone.length === 0) return null;
  const pkgs = [...new Set(gone.map((n) => peers[n].install))].join(' ');
  return `${gone.join(', ')} not installed (apt-get install ${pkgs})`;
}

export class PeerFailed extends Error {}

/** Runs a program to completion; returns wall seconds. A non-zero exit is an error, with its stderr. */
export function timeCmd(bin: string, args: readonly string[], opts: SpawnSyncOptions = {}): number {
  const t0 = performance.now();
  const r = spawnSync(bin, args as string[], { stdio: ['ignore', 'ignore', 'pipe'], maxBuffer: 64 << 20, ...opts });
  const s = (performance.now() - t0) / 1000;
  if (r.error) throw new PeerFailed(`${path.basename(bin)}: ${r.error.message}`);
  if (r.status !== 0) throw new PeerFailed(`${path.basename(bin)} ${args.slice(0, 3).join(' ')} exited ${r.status ?? r.signal}: ${String(r.stderr ?? '').trim().slice(0, 300)}`);
  return s;
}

/** Runs a program and returns its stdout (for setup steps and version strings). */
export function run(bin: string, args: readonly string[], opts: SpawnSyncOptions = {}): string {
  const r = spawnSync(bin, args as string[], { encoding: 'utf8', maxBuffer: 256 << 20, ...opts });
  if (r.error) throw new PeerFailed(`${path.basename(bin)}: ${r.error.message}`);
  if (r.status !== 0) throw new PeerFailed(`${path.basename(bin)} ${args.slice(0, 3).join(' ')} exited ${r.status ?? r.signal}: ${String(r.stderr ?? '').trim().slice(0, 300)}`);
  return String(r.stdout ?? '');
}

/** Flushes dirty pages between runs, so one run's writeback is not billed to the next. */
export function settle(): void {
  spawnSync('sync', [], { stdio: 'ignore' });
}

/**
 * Stops a child and waits until it has exited: SIGTERM, then SIGKILL after 10 s (a serve whose event
 * loop is held, seen at 1,000,000 assets, never reaches its handler). Waited for because the caller
 * removes the child's folders next, and a host still closing its library (its temp folder, the
 * catalog's -wal) made that rmSync fail with ENOTEMPTY (CI failed so after the Range case).
 */
export async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  child.kill('SIGTERM');
  const hard = setTimeout(() => child.kill('SIGKILL'), 10_000);
  await exited;
  clearTimeout(hard);
}
