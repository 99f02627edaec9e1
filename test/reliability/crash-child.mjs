// A child process for the crash harness: opens a library with the built storage library, counts every
// durable step it takes (file writes, fsyncs, renames, unlinks, SQL statements), and SIGKILLs itself
// at step N (argv) — SQLite's "writecrash" idea applied to the whole library. It acknowledges each
// finished operation on stdout with a synchronous write, so an ack the parent reads really happened.
import fs from 'node:fs';
import { syncBuiltinESMExports } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';

const [libDir, op, crashAtArg, dataDir] = process.argv.slice(2);
const crashAt = Number(crashAtArg);
let points = 0;
function point(kind) {
  points++;
  if (points === crashAt) {
    fs.writeSync(2, `kill at ${points} (${kind})\n`);
    process.kill(process.pid, 'SIGKILL');
  }
}
const ack = (value) => fs.writeSync(1, `ACK ${JSON.stringify(value)}\n`);

// Count the durable steps. Promise APIs are looked up at call time; sync ones and the FileHandle
// prototype are patched in place (and re-exported to ESM importers).
const fsp = fs.promises;
for (const name of ['rename', 'unlink', 'rm', 'rmdir', 'mkdir', 'copyFile', 'writeFile', 'chmod', 'utimes']) {
  const orig = fsp[name];
  fsp[name] = async (...args) => { point(`fsp.${name}`); return orig.apply(fsp, args); };
}
for (const name of ['renameSync', 'unlinkSync', 'rmSync', 'mkdirSync', 'writeFileSync', 'copyFileSync']) {
  const orig = fs[name];
  fs[name] = (...args) => { point(`fs.${name}`); return orig.apply(fs, args); };
}
syncBuiltinESMExports();
const probeHandle = await fsp.open(fileURLToPath(import.meta.url), 'r');
const FileHandleProto = Object.getPrototypeOf(probeHandle);
await probeHandle.close();
for (const name of ['write', 'writeFile', 'sync', 'datasync']) {
  const orig = FileHandleProto[name];
  FileHandleProto[name] = async function (...args) { point(`fh.${name}`); return orig.apply(this, args); };
}
const scratchDb = new Database(':memory:');
const StatementProto = Object.getPrototypeOf(scratchDb.prepare('SELECT 1'));
scratchDb.close();
const run = StatementProto.run;
StatementProto.run = function (...args) { point('sql.run'); return run.apply(this, args); };

const here = path.dirname(fileURLToPath(import.meta.url));
const { openStorage } = await import(path.join(here, '../../dist/electron/storage/index.js'));
const actor = { userId: 'crash', sessionId: 'crash' };
const lib = openStorage({ provider: 'filesystem', dir: libDir, sweepIntervalMs: 3_600_000 });
const state = JSON.parse(fs.readFileSync(path.join(dataDir, 'state.json'), 'utf8'));

switch (op) {
  case 'import':
    for (const f of state.files) {
      const s = await lib.assets.importPaths(actor, [f]);
      ack({ asset: s.items[0].asset.id, sha256: s.items[0].asset.sha256 });
    }
    break;
  case 'checkpoint': {
    const c = await lib.checkpoints.create(actor, state.projectId, { name: 'crash test' });
    ack({ checkpoint: c.id });
    break;
  }
  case 'restore': {
    const r = await lib.checkpoints.restore(actor, state.checkpointId);
    ack({ restored: r.checkpoint.id, safety: r.safety?.id ?? null });
    break;
  }
  case 'render': {
    const r = await lib.renders.store(actor, state.projectId, { path: state.video }, { resolution: '320x240', fps: 25 });
    ack({ render: r.id });
    break;
  }
  case 'delete':
    lib.projects.delete(actor, state.projectId);
    ack({ trashed: state.projectId });
    await lib.trash.empty(actor);
    ack({ emptied: state.projectId });
    break;
  case 'delete-checkpoint':
    lib.checkpoints.delete(actor, state.checkpointId);
    ack({ deleted: state.checkpointId });
    break;
  case 'gc': {
    const g = await lib.gc({ graceMs: 0 });
    ack({ gc: g.removedBlobs });
    break;
  }
  default:
    throw new Error(`unknown op ${op}`);
}
lib.close();
fs.writeSync(1, `DONE ${points}\n`);
