/**
 * Runs a scenario's operation in a child process and kills it at every Nth durable step (or a stride
 * of them), plus at random times; after each kill the library is reopened and checked.
 */
import { spawn, spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { openStorage, rebuildCatalog } from '../../electron/storage/index.js';
import type { Ack, Scenario, State } from './crash-scenarios.js';

const CHILD = path.join(path.dirname(fileURLToPath(import.meta.url)), 'crash-child.mjs');

export interface TrialReport {
  op: string;
  steps: number;
  trials: number;
  kills: number;
  randomKills: number;
  failures: string[];
}

interface ChildResult {
  killed: boolean;
  acks: Ack[];
  steps: number | null;
  stderr: string;
}

function parse(stdout: string, stderr: string, signal: NodeJS.Signals | null, code: number | null): ChildResult {
  const acks: Ack[] = [];
  let steps: number | null = null;
  for (const line of stdout.split('\n')) {
    if (line.startsWith('ACK ')) acks.push(JSON.parse(line.slice(4)) as Ack);
    if (line.startsWith('DONE ')) steps = Number(line.slice(5));
  }
  if (!signal && code !== 0) throw new Error(`child failed (exit ${code}): ${stderr}`);
  return { killed: signal === 'SIGKILL', acks, steps, stderr };
}

function runChild(libDir: string, op: string, crashAt: number, dataDir: string): ChildResult {
  const r = spawnSync(process.execPath, [CHILD, libDir, op, String(crashAt), dataDir], { encoding: 'utf8', timeout: 60_000 });
  return parse(r.stdout, r.stderr, r.signal, r.status);
}

function runChildKilledAfter(libDir: string, op: string, ms: number, dataDir: string): Promise<ChildResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CHILD, libDir, op, '0', dataDir]);
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), ms);
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      try { resolve(parse(out, err, signal, code)); } catch (e) { reject(e as Error); }
    });
  });
}

/** Leftovers a kill may leave that lose nothing: blob files with no row, a purged project's folder. */
const harmless = (kind: string) => kind === 'stray-file' || kind === 'stray-folder';

/** Reopens a library after a kill and checks what must always hold. */
export async function checkAfter(s: Scenario, libDir: string, state: State, acks: Ack[]): Promise<void> {
  const lib = openStorage({ provider: 'filesystem', dir: libDir, sweepIntervalMs: 3_600_000 });
  try {
    if (lib.openReport.problems.length) throw new Error(`open check: ${lib.openReport.problems.join('; ')}`);
    // What killed processes left in tmp/ is gone at open; only this process's own temp folder remains.
    const tmp = readdirSync(path.join(libDir, 'tmp')).filter((n) => path.join(libDir, 'tmp', n) !== lib.ctx.dirs.tmp);
    if (tmp.length) throw new Error(`tmp/ not emptied at open: ${tmp.join(', ')}`);
    const own = readdirSync(lib.ctx.dirs.tmp).filter((n) => n !== 'lock');
    if (own.length) throw new Error(`a new temp folder is not empty: ${own.join(', ')}`);
    const v = await lib.verify({ full: true });
    // Blob files with no row (a kill between rename and commit) are allowed: gc collects them. So is a
    // workspace folder whose project was purged just before the kill (nothing lost; verify names it).
    const bad = v.problems.filter((p) => !harmless(p.kind));
    if (bad.length) throw new Error(`verify: ${bad.map((p) => `${p.kind} ${p.item} ${p.detail}`).join('; ')}`);
    await s.check(lib, state, acks);
    await lib.gc({ graceMs: 0 });
    const after = await lib.verify({ full: true });
    const left = after.problems.filter((p) => p.kind !== 'stray-folder');
    if (left.length) throw new Error(`after gc: ${left.map((p) => `${p.kind} ${p.item}`).join('; ')}`);
    await s.check(lib, state, acks);
  } finally {
    lib.close();
  }
  // And the catalog lost right after: rebuilt from the journal, it still holds every acknowledged item
  // (the journal and the catalog commit together, kill or no kill).
  for (const suffix of ['', '-wal', '-shm']) rmSync(path.join(libDir, `library.db${suffix}`), { force: true });
  rebuildCatalog(libDir);
  const rebuilt = openStorage({ provider: 'filesystem', dir: libDir, sweepIntervalMs: 3_600_000 });
  try {
    const v = await rebuilt.verify({ full: true });
    const bad = v.problems.filter((p) => !harmless(p.kind));
    if (bad.length) throw new Error(`verify after rebuild: ${bad.map((p) => `${p.kind} ${p.item} ${p.detail}`).join('; ')}`);
    await s.check(rebuilt, state, acks);
  } finally {
    rebuilt.close();
  }
}

export async function runScenario(s: Scenario, opts: { stride: number; randomKills: number }): Promise<TrialReport> {
  const work = mkdtempSync(path.join(os.tmpdir(), `reelvault-crash-${s.op}-`));
  const base = path.join(work, 'base');
  const data = path.join(work, 'data');
  const report: TrialReport = { op: s.op, steps: 0, trials: 0, kills: 0, randomKills: 0, failures: [] };
  try {
    const lib = openStorage({ provider: 'filesystem', dir: base });
    mkdirSync(data, { recursive: true });
    const state = await s.setup(lib, data);
    lib.close();
    writeFileSync(path.join(data, 'state.json'), JSON.stringify(state));

    const trial = async (label: string, run: (dir: string) => Promise<ChildResult> | ChildResult) => {
      const dir = path.join(work, `trial-${report.trials}`);
      cpSync(base, dir, { recursive: true });
      report.trials++;
      try {
        const r = await run(dir);
        if (r.killed) report.kills++;
        await checkAfter(s, dir, state, r.acks);
        return r;
      } catch (err) {
        report.failures.push(`${s.op} ${label}: ${(err as Error).message}`);
        return null;
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    };

    const clean = await trial('no kill', (dir) => runChild(dir, s.op, 0, data));
    report.steps = clean?.steps ?? 0;
    for (let n = 1; n <= report.steps; n += opts.stride) {
      await trial(`killed at step ${n}`, (dir) => runChild(dir, s.op, n, data));
    }
    for (let i = 0; i < opts.randomKills; i++) {
      const ms = 40 + Math.floor(Math.random() * 400);
      const r = await trial(`killed after ${ms} ms`, (dir) => runChildKilledAfter(dir, s.op, ms, data));
      if (r?.killed) report.randomKills++;
    }
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
  return report;
}
