// A child process for the S3 crash suite: opens a library with a bucket (the built storage library),
// counts every durable step it takes — file writes, fsyncs, renames, unlinks, SQL statements, and each
// S3 request both before it is sent and after it answered — and SIGKILLs itself at step N (argv).
// Usage: node remote-crash-child.mjs <libraryDir> <op> <crashAt>   (op: sync | evict | gc)
import fs from 'node:fs';
import { syncBuiltinESMExports } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { S3Client } from '@aws-sdk/client-s3';

const [libDir, op, crashAtArg] = process.argv.slice(2);
const crashAt = Number(crashAtArg);
let points = 0;
function point(kind) {
  points++;
  if (points === crashAt) {
    fs.writeSync(2, `kill at ${points} (${kind})\n`);
    process.kill(process.pid, 'SIGKILL');
  }
}

const fsp = fs.promises;
for (const name of ['rename', 'unlink', 'rm', 'rmdir', 'mkdir', 'copyFile', 'writeFile', 'chmod']) {
  const orig = fsp[name];
  fsp[name] = async (...args) => { point(`fsp.${name}`); return orig.apply(fsp, args); };
}
for (const name of ['renameSync', 'unlinkSync', 'rmSync', 'mkdirSync', 'writeFileSync']) {
  const orig = fs[name];
  fs[name] = (...args) => { point(`fs.${name}`); return orig.apply(fs, args); };
}
syncBuiltinESMExports();
const probe = await fsp.open(fileURLToPath(import.meta.url), 'r');
const FileHandleProto = Object.getPrototypeOf(probe);
await probe.close();
for (const name of ['write', 'sync', 'datasync']) {
  const orig = FileHandleProto[name];
  FileHandleProto[name] = async function (...args) { point(`fh.${name}`); return orig.apply(this, args); };
}
const scratch = new Database(':memory:');
const StatementProto = Object.getPrototypeOf(scratch.prepare('SELECT 1'));
scratch.close();
const run = StatementProto.run;
StatementProto.run = function (...args) { point('sql.run'); return run.apply(this, args); };
const send = S3Client.prototype.send;
S3Client.prototype.send = async function (command, ...rest) {
  const name = command.constructor.name;
  point(`s3 ${name}`);
  const out = await send.call(this, command, ...rest);
  point(`s3 ${name} answered`);
  return out;
};

const here = path.dirname(fileURLToPath(import.meta.url));
const { openStorage } = await import(path.join(here, '../../../../dist/electron/storage/index.js'));
const lib = openStorage({ provider: 'filesystem', dir: libDir, sweepIntervalMs: 3_600_000 });
const MiB = 1024 * 1024;
switch (op) {
  case 'sync': {
    const r = await lib.remote.sync({ now: true, multipartThreshold: 8 * MiB, partSize: 5 * MiB });
    if (r.left !== 0) throw new Error(`sync left ${r.left}: ${JSON.stringify(r.failed)}`);
    break;
  }
  case 'evict':
    await lib.remote.evict({ budgetBytes: 0 });
    break;
  case 'gc':
    await lib.gc({ graceMs: 0, remoteGraceMs: 0 });
    break;
  default:
    throw new Error(`unknown op ${op}`);
}
lib.close();
fs.writeSync(1, `DONE ${points}\n`);
