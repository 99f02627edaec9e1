import { pipeline } from 'node:stream/promises';
import type { Command } from 'commander';
import { notFound } from '../../../shared/errors.js';
import { normalizeRelPath } from '../../storage/index.js';
import type { CheckpointDiff, DiffSide } from '../../../shared/models.js';
import { stoppedDiffMessage } from '../../../shared/diff-notes.js';
import { withLibrary } from '../context.js';
import { bytes, line, printJson, printTable, safeText, when } from '../output.js';
import { resolveProject } from '../resolve.js';

const side = (ref: string): DiffSide => (ref === 'workspace' || ref === 'now' ? { workspace: true } : { checkpointId: ref });

function printDiff(d: CheckpointDiff, stat: boolean): void {
  const { added, removed, modified, renamed } = d.counts;
  if (d.files.length === 0) return line('No differences.');
  line(`${added} added, ${removed} removed, ${modified} modified, ${renamed} renamed`);
  for (const f of d.files) {
    const mark = { added: 'A', removed: 'D', modified: 'M', renamed: 'R' }[f.status];
    const size = f.status === 'modified' ? `${bytes(f.oldSize)} -> ${bytes(f.newSize)}` : bytes(f.newSize ?? f.oldSize);
    const mode = f.oldMode !== undefined && f.newMode !== undefined ? `  mode ${f.oldMode.toString(8)} -> ${f.newMode.toString(8)}` : '';
    line(`${mark} ${f.oldPath ? `${f.oldPath} -> ` : ''}${f.path}${f.kind === 'dir' ? '/' : ''}${f.content === 'mode' ? '' : size ? `  (${size})` : ''}${mode}`);
    if (stat) continue;
    if (f.changedKeys?.length) line(`    changed keys: ${f.changedKeys.join(', ')}`);
    for (const h of f.hunks ?? []) {
      line(`  @@ -${h.oldStart},${h.oldLines} +${h.newStart},${h.newLines} @@`);
      for (const l of h.lines) line(`  ${l}`);
    }
    if (f.content === 'binary') line('    (binary content differs)');
    if (f.content === 'large') line('    (too large to show line changes)');
    if (f.content === 'too-costly') line(`    (${stoppedDiffMessage(f.budget)})`);
  }
  const stopped = d.files.filter((f) => f.content === 'too-costly').length;
  if (stopped > 0 && !stat) {
    line(`${stopped} ${stopped === 1 ? 'file was' : 'files were'} not diffed line by line (work budget); see both sides with: reelvault checkpoint cat <checkpoint> <path> (or files cat for the workspace)`);
  }
}

export function checkpointCommands(program: Command): void {
  const cp = program.command('checkpoint').description('versions of a project: create, list, compare, restore');

  cp.command('create')
    .description("save the project's current state")
    .argument('<project>', 'project id or name')
    .argument('<name>', 'checkpoint name (names may repeat; ids never do)')
    .option('-d, --description <text>')
    .action(async (ref: string, name: string, o: { description?: string }, cmd: Command) => {
      await withLibrary(cmd, async (c) => {
        const k = await c.call('checkpoints.create', { projectId: await resolveProject(c, ref), name, description: o.description });
        if (c.json) printJson(k);
        else line(`Created checkpoint ${k.name} (${k.id}): ${k.fileCount} files, ${bytes(k.totalBytes)}`);
        // Never silent: what was left out is said, on stderr so scripts reading --json still can.
        for (const s of k.skipped ?? []) process.stderr.write(`reelvault: left out ${safeText(s.path)}: ${s.reason}\n`);
      });
    });

  cp.command('ls')
    .description('list checkpoints, oldest first')
    .argument('<project>', 'project id or name')
    .action(async (ref: string, _o: unknown, cmd: Command) => {
      await withLibrary(cmd, async (c) => {
        const list = await c.call('checkpoints.list', { projectId: await resolveProject(c, ref) });
        if (c.json) return printJson(list);
        if (list.length === 0) return line('No checkpoints yet. Make one with: reelvault checkpoint create <project> "first cut"');
        printTable(list.map((k) => [k.id, k.name + (k.kind === 'auto' ? ' (auto)' : ''), k.fileCount, bytes(k.totalBytes), k.renderIds.length || '', when(k.createdAt)]), ['ID', 'NAME', 'FILES', 'SIZE', 'RENDERS', 'CREATED']);
      });
    });

  cp.command('show')
    .description('show a checkpoint and its files')
    .argument('<checkpoint>', 'checkpoint id')
    .action(async (id: string, _o: unknown, cmd: Command) => {
      await withLibrary(cmd, async (c) => {
        const k = await c.call('checkpoints.get', { id });
        if (c.json) return printJson(k);
        line(`${k.name} (${k.id}) — ${when(k.createdAt)}`);
        if (k.description) line(k.description);
        line(`${k.fileCount} files, ${bytes(k.totalBytes)}`);
        line('');
        printTable(k.entries.map((e) => [e.kind === 'dir' ? 'd' : '-', e.kind === 'file' ? bytes(e.size) : '', e.path + (e.kind === 'dir' ? '/' : '')]));
      });
    });

  cp.command('cat')
    .description("print a file as a checkpoint holds it (the workspace's: files cat)")
    .argument('<checkpoint>', 'checkpoint id')
    .argument('<path>', 'file inside the checkpoint')
    .action(async (id: string, rel: string, _o: unknown, cmd: Command) => {
      await withLibrary(cmd, async (c) => {
        const p = normalizeRelPath(rel);
        const entry = (await c.call('checkpoints.get', { id })).entries.find((e) => e.path === p);
        // The bytes, streamed from the blob store: no channel carries them (checkpoints.readText is capped text).
        if (!entry || entry.kind !== 'file' || !entry.sha256) throw notFound(`file ${p} in checkpoint ${id}`);
        await pipeline(c.lib.ctx.blobs.read(entry.sha256), process.stdout, { end: false });
      });
    });

  cp.command('diff')
    .description('compare two checkpoints, or a checkpoint with the workspace ("workspace")')
    .argument('<project>', 'project id or name')
    .argument('<a>', 'checkpoint id, or "workspace"')
    .argument('[b]', 'checkpoint id, or "workspace"', 'workspace')
    .option('--stat', 'file list only, no line changes')
    .action(async (ref: string, a: string, b: string, o: { stat?: boolean }, cmd: Command) => {
      await withLibrary(cmd, async (c) => {
        const d = await c.call('checkpoints.diff', { projectId: await resolveProject(c, ref), a: side(a), b: side(b), content: !o.stat });
        if (c.json) printJson(d);
        else printDiff(d, !!o.stat);
      });
    });

  cp.command('restore')
    .description('bring the workspace back to a checkpoint (the current state is checkpointed first if unsaved)')
    .argument('<checkpoint>', 'checkpoint id')
    .action(async (id: string, _o: unknown, cmd: Command) => {
      await withLibrary(cmd, async (c) => {
        const r = await c.call('checkpoints.restore', { id });
        if (c.json) return printJson(r);
        if (r.safety) line(`Saved the current state first as ${r.safety.name} (${r.safety.id})${r.preserved ? `, with ${r.preserved} ignored or unrecorded file${r.preserved === 1 ? '' : 's'} the restore replaced` : ''}.`);
        line(`Restored ${r.checkpoint.name}: ${r.written} files written, ${r.removed} removed, ${r.foldersCreated} folders created.`);
      });
    });

  cp.command('rm')
    .description('delete a checkpoint')
    .argument('<checkpoint>', 'checkpoint id')
    .action(async (id: string, _o: unknown, cmd: Command) => {
      await withLibrary(cmd, async (c) => {
        await c.call('checkpoints.delete', { id });
        if (c.json) printJson({ deleted: id });
        else line(`Deleted checkpoint ${id}.`);
      });
    });
}
