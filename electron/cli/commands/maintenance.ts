import path from 'node:path';
import type { Command } from 'commander';
import { rebuildCatalog, restoreBackup, restoreBackupFromBucket } from '../../storage/index.js';
import { chooseLibraryDir, jsonSettingsStore, settingsFilePath } from '../../api/settings-file.js';
import { globals, withLibrary } from '../context.js';
import { bytes, line, printJson, printTable, when } from '../output.js';
import { parseNumber } from '../resolve.js';

export function trashCommands(program: Command): void {
  const trash = program.command('trash').description('deleted projects, assets and renders');

  trash.command('ls').description('list the trash').action(async (_o: unknown, cmd: Command) => {
    await withLibrary(cmd, async (c) => {
      const items = await c.call('trash.list', {});
      if (c.json) return printJson(items);
      if (items.length === 0) return line('The trash is empty.');
      printTable(items.map((i) => [i.id, i.kind, i.name, when(i.deletedAt)]), ['ID', 'KIND', 'NAME', 'DELETED']);
    });
  });

  trash.command('restore').description('take items out of the trash').argument('<ids...>').action(async (ids: string[], _o: unknown, cmd: Command) => {
    await withLibrary(cmd, async (c) => {
      await c.call('trash.restore', { ids });
      if (c.json) printJson({ restored: ids });
      else line(`Restored ${ids.length} item${ids.length === 1 ? '' : 's'}.`);
    });
  });

  trash.command('empty').description('delete for good (all, or the ids given); adopted folders are never deleted').argument('[ids...]').action(async (ids: string[], _o: unknown, cmd: Command) => {
    await withLibrary(cmd, async (c) => {
      const r = await c.call('trash.empty', { ids: ids.length ? ids : undefined });
      if (c.json) printJson(r);
      else line(`Deleted ${r.removed} item${r.removed === 1 ? '' : 's'} for good. Run "reelvault gc" to reclaim their space.`);
    });
  });
}

export function maintenanceCommands(program: Command): void {
  program
    .command('verify')
    .description('check the database and that every stored file is present and intact')
    .option('--full', 'also re-hash every stored file (slow)')
    .action(async (o: { full?: boolean }, cmd: Command) => {
      await withLibrary(cmd, async (c) => {
        const r = await c.call('library.verify', { full: !!o.full });
        if (c.json) printJson(r);
        else if (r.ok) line(`OK: ${r.checkedBlobs} stored files checked${r.full ? ' and re-hashed' : ''}, no problems.`);
        else {
          line(`${r.problems.length} problem${r.problems.length === 1 ? '' : 's'} found:`);
          for (const p of r.problems) line(`  ${p.kind}: ${p.item}: ${p.detail}`);
        }
        if (!r.ok) process.exitCode = 1;
      });
    });

  program
    .command('gc')
    .description('remove stored content nothing refers to any more')
    .option('--grace-hours <h>', 'keep unreferenced content younger than this', '1')
    .option('--remote-grace-hours <h>', 'a library with a bucket: delete objects there only this long after they were marked unused', '24')
    .action(async (o: { graceHours: string; remoteGraceHours: string }, cmd: Command) => {
      await withLibrary(cmd, async (c) => {
        // Direct: library.gc takes no input (the app always keeps an hour); the grace periods are the CLI's own options.
        const r = await c.lib.gc({ graceMs: parseNumber(o.graceHours, 'grace-hours') * 3_600_000, remoteGraceMs: parseNumber(o.remoteGraceHours, 'remote-grace-hours') * 3_600_000 });
        if (c.json) printJson(r);
        else line(`Removed ${r.removedBlobs} unreferenced file${r.removedBlobs === 1 ? '' : 's'} (${bytes(r.removedBytes)}); kept ${r.keptYoung} younger than the grace period.`);
        if (!c.json && r.remote) {
          const g = r.remote;
          line(g.skipped ? `Bucket: nothing done (${g.skipped}).` : `Bucket: deleted ${g.deleted} object${g.deleted === 1 ? '' : 's'} (${bytes(g.deletedBytes)}), marked ${g.marked} for deletion, ${g.waiting} waiting out the grace period.`);
        }
      });
    });

  program
    .command('repair')
    .description('re-link stray content, quarantine damaged content and mark items whose content is gone (never deletes)')
    .option('--full', 're-hash every stored file to find damage')
    .option('--rebuild', "bring back a lost, emptied or unreadable catalog (library.db) from the library's journal, snapshots and content")
    .action(async (o: { full?: boolean; rebuild?: boolean }, cmd: Command) => {
      if (o.rebuild) return rebuildCommand(cmd);
      await withLibrary(cmd, async (c) => {
        const r = await c.call('library.repair', { full: !!o.full });
        if (c.json) return printJson(r);
        line(`Re-linked ${r.relinked}, quarantined ${r.quarantined.length}, cleared ${r.cleared} marks.`);
        if (r.assetsMissing || r.rendersMissing || r.checkpointsDamaged) {
          line(`Content missing: ${r.assetsMissing} assets, ${r.rendersMissing} renders, ${r.checkpointsDamaged} checkpoints (marked; restore from a backup and run repair again).`);
        }
        for (const q of r.quarantined) line(`  quarantined: ${q}`);
      });
    });

  program
    .command('backup')
    .description('incremental backup of the library into a folder (safe while the app runs)')
    .argument('<dir>', 'backup folder (created if needed; reuse it to copy only what is new)')
    .action(async (dir: string, _o: unknown, cmd: Command) => {
      await withLibrary(cmd, async (c) => {
        const r = await c.call('library.backup', { dir: path.resolve(dir) });
        if (c.json) return printJson(r);
        line(`Backed up to ${r.dir}: ${r.blobsCopied} new stored files (${bytes(r.bytesCopied)}), ${r.blobsSkipped} already there, ${r.workspaceFilesCopied} workspace files.`);
        if (r.remote) line(`  The catalog is also in ${r.remote.url} (${r.remote.catalogKey}).`);
        if (r.remoteSkipped) line(`  The bucket's copy of the catalog was not written: ${r.remoteSkipped}`);
        if (r.missing.length) line(`  ${r.missing.length} stored files were collected during the backup and are not in it.`);
      });
    });

  program
    .command('restore-backup')
    .description('bring a library back from a backup folder, or from its bucket (s3://bucket/prefix), into a new, empty folder')
    .argument('<backup>', 'the backup folder, or s3://bucket/prefix')
    .argument('<dest>', 'where the restored library goes (must be empty)')
    .option('--endpoint <url>', 'from a bucket: the S3 endpoint (omit for AWS)')
    .option('--region <region>', 'from a bucket: the region (default us-east-1)')
    .option('--path-style', 'from a bucket: path-style addressing')
    .action(async (from: string, dest: string, o: { endpoint?: string; region?: string; pathStyle?: boolean }, cmd: Command) => {
      if (from.startsWith('s3://')) {
        const r = await restoreBackupFromBucket({ url: from, endpoint: o.endpoint ?? null, region: o.region ?? null, pathStyle: !!o.pathStyle }, path.resolve(dest));
        if ((cmd.optsWithGlobals() as { json?: boolean }).json) return printJson(r);
        line(`Restored the catalog of ${r.catalogCreatedAt} from ${r.url} and ${r.workspaceFiles} workspace files of ${r.projects} projects into ${r.dir}; content comes from the bucket as it is used. Open it with --library ${r.dir}.`);
        if (r.adoptedSkipped) line(`  ${r.adoptedSkipped} project${r.adoptedSkipped === 1 ? '' : 's'} had folders outside the library; their checkpoints are in the catalog (restore them into a folder of your choice).`);
        return;
      }
      const r = await restoreBackup(path.resolve(from), path.resolve(dest));
      if ((cmd.optsWithGlobals() as { json?: boolean }).json) return printJson(r);
      line(`Restored ${r.blobs} stored files and ${r.workspaceFiles} workspace files into ${r.dir}. Open it with --library ${r.dir}.`);
    });
}

/** `repair --rebuild`: works on the folder, not an open library (the catalog is what is missing). */
function rebuildCommand(cmd: Command): void {
  const g = globals(cmd);
  // The same folder every other command opens (--library, REELVAULT_LIBRARY, the settings, app data).
  const dir = path.resolve(chooseLibraryDir({ flag: g.library, settings: jsonSettingsStore(settingsFilePath()) }).dir);
  const r = rebuildCatalog(dir);
  if (g.json) return printJson(r);
  const from = r.base === 'snapshot' ? `the snapshot ${path.basename(r.snapshot ?? '')} and ${r.changesReplayed} journaled changes` : r.base === 'empty' ? `${r.changesReplayed} journaled changes` : 'stored content alone';
  line(`Rebuilt the catalog of ${dir} from ${from}: ${r.projects} projects, ${r.assets} assets, ${r.renders} renders, ${r.checkpoints} checkpoints; ${r.blobsRelinked} stored files re-linked.`);
  if (r.movedAside) line(`The old catalog files were moved to ${r.movedAside} (nothing was deleted).`);
  if (r.missingContent.length) line(`${r.missingContent.length} stored files the catalog names are missing; run "reelvault repair" to mark what they belonged to.`);
  for (const w of r.warnings) line(`  warning: ${w}`);
  line('Posters and probes are made again in the background the next time the app or `reelvault serve` runs.');
}
