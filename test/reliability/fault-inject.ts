/**
 * In-process fault injection: the Nth durable step (promise fs calls, FileHandle writes and syncs,
 * SQL statements) throws the errno given instead of running. Node's fs and better-sqlite3's
 * prototypes are patched while a fault is armed and put back after.
 */
import fs from 'node:fs';
import Database from 'better-sqlite3';

const FS_CALLS = ['rename', 'unlink', 'rm', 'rmdir', 'mkdir', 'copyFile', 'writeFile', 'chmod', 'open'] as const;
const FH_CALLS = ['write', 'writeFile', 'sync', 'datasync'] as const;

export interface Armed {
  steps: number;
  fired: string | null;
  disarm(): void;
}

type AnyFn = (...args: unknown[]) => unknown;

/** Arms a fault at step `failAt` (0: never, only count). `when` filters which steps count. */
export async function armFault(failAt: number, code: string, when: (kind: string, args: unknown[]) => boolean = () => true): Promise<Armed> {
  const state: Armed = { steps: 0, fired: null, disarm: () => undefined };
  const restore: (() => void)[] = [];
  const hit = (kind: string, args: unknown[]): void => {
    if (!when(kind, args)) return;
    state.steps++;
    if (state.steps === failAt) {
      state.fired = kind;
      const err = Object.assign(new Error(`${code}: injected fault at ${kind}`), { code, errno: -1, syscall: kind });
      throw err;
    }
  };
  const fsp = fs.promises as unknown as Record<string, AnyFn>;
  for (const name of FS_CALLS) {
    const orig = fsp[name] as AnyFn;
    fsp[name] = async (...args: unknown[]) => {
      // Opening for reading is not a durable step.
      if (name === 'open' && !(typeof args[1] === 'string' && /[wa+]/.test(args[1]))) return orig.apply(fs.promises, args);
      hit(`fsp.${name}`, args);
      return orig.apply(fs.promises, args);
    };
    restore.push(() => { fsp[name] = orig; });
  }
  const probe = await fs.promises.open(process.execPath, 'r');
  const fhProto = Object.getPrototypeOf(probe) as Record<string, AnyFn>;
  await probe.close();
  for (const name of FH_CALLS) {
    const orig = fhProto[name] as AnyFn;
    fhProto[name] = async function (this: unknown, ...args: unknown[]) {
      hit(`fh.${name}`, args);
      return orig.apply(this, args);
    };
    restore.push(() => { fhProto[name] = orig; });
  }
  const db = new Database(':memory:');
  const stProto = Object.getPrototypeOf(db.prepare('SELECT 1')) as Record<string, AnyFn>;
  db.close();
  const run = stProto.run as AnyFn;
  stProto.run = function (this: unknown, ...args: unknown[]) {
    hit('sql.run', args);
    return run.apply(this, args);
  };
  restore.push(() => { stProto.run = run; });
  state.disarm = () => { for (const r of restore.reverse()) r(); };
  return state;
}
