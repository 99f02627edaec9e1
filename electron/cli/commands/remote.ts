import type { Command } from 'commander';
import { invalid, offline } from '../../../shared/errors.js';
import { APP_VERSION } from '../../../shared/version.js';
import type { RemoteStatus } from '../../storage/index.js';
import { withLibrary, type CliContext } from '../context.js';
import { bytes, line, printJson } from '../output.js';
import { resolveProject } from '../resolve.js';
import { syncWithBar } from '../remote-upload.js';

interface ConnectOpts {
  endpoint?: string;
  region?: string;
  pathStyle?: boolean;
  cacheSize?: string;
  createBucket?: boolean;
}

// A Map, so "10constructor" is not a size (an object literal would find Object's constructor).
const UNITS = new Map<string, number>(Object.entries({ '': 1, b: 1, k: 1e3, kb: 1e3, m: 1e6, mb: 1e6, g: 1e9, gb: 1e9, t: 1e12, tb: 1e12, kib: 1024, mib: 1024 ** 2, gib: 1024 ** 3, tib: 1024 ** 4 }));

/** "10GB", "500 MiB", "1.5t", "123456" → bytes; "default" → null (a share of the free disk). */
export function parseSize(v: string): number | null {
  if (v.trim().toLowerCase() === 'default') return null;
  const m = /^\s*(\d+(?:\.\d+)?)\s*([a-z]*)\s*$/i.exec(v);
  const unit = UNITS.get((m?.[2] ?? '').toLowerCase());
  if (!m || unit === undefined) throw invalid(`not a size: "${v}" (e.g. 20GB, 500MiB, or "default")`);
  return Math.round(Number(m[1]) * unit);
}

function connectOptions(cmd: Command): Command {
  return cmd
    .option('--endpoint <url>', 'the S3 endpoint (Ceph, MinIO, R2, B2, Wasabi…); omit for AWS')
    .option('--region <region>', 'the region to sign for (default us-east-1)')
    .option('--path-style', 'path-style addressing (http://host/bucket/key), as most self-hosted stores want')
    .option('--cache-size <size>', 'how much content to keep on this disk (e.g. 50GB; default: half of the free space)')
    .option('--create-bucket', 'create the bucket if it does not exist');
}

async function connect(c: CliContext, url: string, o: ConnectOpts, upload: boolean): Promise<void> {
  const config = await c.lib.remote.connect({
    url,
    endpoint: o.endpoint ?? null,
    region: o.region ?? null,
    ...(o.pathStyle ? { pathStyle: true } : {}),
    ...(o.cacheSize !== undefined ? { cacheMaxBytes: parseSize(o.cacheSize) } : {}),
    createBucket: !!o.createBucket,
  });
  const status = c.lib.remote.status() as RemoteStatus;
  if (!c.json) line(`Connected ${status.url}${config.endpoint ? ` at ${config.endpoint}` : ''}; ${status.outboxBlobs} stored file${status.outboxBlobs === 1 ? '' : 's'} (${bytes(status.outboxBytes)}) to upload.`);
  const sync = upload && status.outboxBlobs > 0 ? await syncWithBar(c, true) : null;
  if (c.json) printJson({ remote: c.lib.remote.status(), sync });
  else if (sync && !sync.offline) line(`Uploaded ${sync.uploaded} (${bytes(sync.bytesUploaded)}), ${sync.alreadyThere} already there, ${sync.left} left.`);
}

function printStatus(c: CliContext, s: RemoteStatus | null): void {
  if (!s) return line('Remote: none (content is only in this folder). Connect a bucket with: reelvault remote connect s3://bucket/prefix --endpoint URL');
  line(`Remote:     ${s.url}${s.endpoint ? ` at ${s.endpoint}` : ''} (region ${s.region}${s.pathStyle ? ', path-style' : ''})`);
  line(`Outbox:     ${s.outboxBlobs} file${s.outboxBlobs === 1 ? '' : 's'} (${bytes(s.outboxBytes)}) not yet in the bucket${s.outboxFailing ? `; ${s.outboxFailing} failed last time: ${s.lastError ?? ''}` : ''}`);
  line(`In bucket:  ${s.confirmedBlobs} file${s.confirmedBlobs === 1 ? '' : 's'} confirmed; ${s.remoteOnlyBlobs} (${bytes(s.remoteOnlyBytes)}) only there`);
  line(`Cache:      ${bytes(s.localBytes)} on this disk, budget ${bytes(s.budgetBytes)}${s.budgetIsDefault ? ' (default: half of the free space)' : ''}`);
}

export function remoteCommands(program: Command): void {
  connectOptions(
    program
      .command('init')
      .description('make a new library (in --library or the default folder), optionally with its content in an S3 bucket')
      .option('--s3 <url>', 'keep content in this bucket: s3://bucket/prefix'),
  ).action(async (o: ConnectOpts & { s3?: string }, cmd: Command) => {
    await withLibrary(cmd, async (c) => {
      if (o.s3) await connect(c, o.s3, o, (cmd.optsWithGlobals() as { upload?: boolean }).upload !== false);
      else if (c.json) printJson({ libraryDir: c.libraryDir, remote: null });
      else line(`Library ready in ${c.libraryDir}.`);
    });
  });

  program
    .command('info')
    .description('the library: folder, version, and its bucket, outbox and cache')
    .action(async (_o: unknown, cmd: Command) => {
      await withLibrary(cmd, (c) => {
        const remote = c.lib.remote.status();
        if (c.json) return printJson({ libraryDir: c.libraryDir, version: APP_VERSION, actor: c.actor, remote });
        line(`Library:    ${c.libraryDir}`);
        line(`Version:    ${APP_VERSION}`);
        printStatus(c, remote);
      });
    });

  const remote = program.command('remote').description("the library's S3 bucket: connect, status, cache, keep offline, backup");

  connectOptions(remote.command('connect').description('connect a bucket to this library and upload its content').argument('<url>', 's3://bucket/prefix')).action(
    async (url: string, o: ConnectOpts, cmd: Command) => {
      await withLibrary(cmd, (c) => connect(c, url, o, (cmd.optsWithGlobals() as { upload?: boolean }).upload !== false));
    },
  );

  remote
    .command('status')
    .description('the bucket, the outbox, the cache')
    .action(async (_o: unknown, cmd: Command) => {
      await withLibrary(cmd, (c) => {
        const s = c.lib.remote.status();
        if (c.json) return printJson(s);
        printStatus(c, s);
      });
    });

  remote
    .command('cache-size')
    .description('set how much content is kept on this disk ("default": half of the free space), then evict down to it')
    .argument('<size>', 'e.g. 50GB, 500MiB, or default')
    .action(async (size: string, _o: unknown, cmd: Command) => {
      await withLibrary(cmd, async (c) => {
        c.lib.remote.setCacheBudget(parseSize(size));
        const r = await c.lib.remote.evict();
        if (c.json) return printJson(r);
        line(`Cache budget ${bytes(r.budgetBytes)}; evicted ${r.evicted} file${r.evicted === 1 ? '' : 's'} (${bytes(r.evictedBytes)}); ${bytes(r.localBytes)} on this disk.`);
      });
    });

  remote
    .command('evict')
    .description('evict least-recently-used content already in the bucket until the cache fits its budget')
    .option('--to <size>', 'evict down to this size instead of the budget (0: everything that may go)')
    .action(async (o: { to?: string }, cmd: Command) => {
      await withLibrary(cmd, async (c) => {
        const to = o.to !== undefined ? parseSize(o.to) : null;
        const r = await c.lib.remote.evict(to !== null ? { budgetBytes: to } : {});
        if (c.json) return printJson(r);
        line(`Evicted ${r.evicted} file${r.evicted === 1 ? '' : 's'} (${bytes(r.evictedBytes)}); ${bytes(r.localBytes)} on this disk.`);
      });
    });

  remote
    .command('keep-offline')
    .description("keep a project's content on this disk whatever the cache budget (--off to allow eviction again)")
    .argument('<project>')
    .option('--off', 'allow its content to be evicted again')
    .action(async (ref: string, o: { off?: boolean }, cmd: Command) => {
      await withLibrary(cmd, async (c) => {
        const id = await resolveProject(c, ref);
        c.lib.remote.keepOffline(c.actor, id, !o.off);
        if (c.json) return printJson({ projectId: id, keepOffline: !o.off });
        line(o.off ? `Content of ${ref} may be evicted again.` : `Content of ${ref} stays on this disk.`);
      });
    });

  remote
    .command('backup')
    .description('write the catalog (and the workspaces, as checkpoints) to the bucket; restore with "reelvault restore-backup s3://…"')
    .action(async (_o: unknown, cmd: Command) => {
      await withLibrary(cmd, async (c) => {
        const r = await c.lib.remote.backup();
        if (c.json) return printJson(r);
        line(`Catalog backed up to ${r.url} (${r.catalogKey}, ${bytes(r.catalogBytes)})${r.workspacesCheckpointed ? `; ${r.workspacesCheckpointed} workspace${r.workspacesCheckpointed === 1 ? '' : 's'} checkpointed first` : ''}.`);
        if (r.notInBucket) line(`  ${r.notInBucket} file${r.notInBucket === 1 ? ' is' : 's are'} still not in the bucket (see "reelvault remote status").`);
      });
    });

  program
    .command('sync')
    .description("upload everything in the outbox to the library's bucket (with a progress bar), then apply the cache budget")
    .action(async (_o: unknown, cmd: Command) => {
      await withLibrary(cmd, async (c) => {
        if (!c.lib.remote.status()) throw invalid('this library has no bucket; connect one with "reelvault remote connect s3://bucket/prefix --endpoint URL"');
        const r = await syncWithBar(c, true);
        if (r.offline) throw offline(`not available offline — ${c.lib.remote.status()?.url} cannot be reached; ${r.left} file${r.left === 1 ? '' : 's'} (${bytes(r.leftBytes)}) wait in the outbox (${r.failed[0]?.error ?? ''})`);
        if (c.json) printJson(r);
        else line(`Uploaded ${r.uploaded} (${bytes(r.bytesUploaded)}), ${r.alreadyThere} already there, ${r.left} left${r.failed.length ? `; failed: ${r.failed[0]?.error}` : ''}.`);
        if (r.left > 0) process.exitCode = 1;
      });
    });
}
