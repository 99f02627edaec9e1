import { promises as fsp } from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import { invalid } from '../../../shared/errors.js';
import type { NotesExportFormat } from '../../../shared/models.js';
import type { NoteTarget } from '../../storage/index.js';
import type { CliContext } from '../context.js';
import { withLibrary } from '../context.js';
import { line, printJson, printTable, safeText, when } from '../output.js';
import { parseNumber, resolveProject } from '../resolve.js';

/** A render or checkpoint id as it is, else a project (by id or name): what a list or export covers. */
async function scopeOf(c: CliContext, ref: string): Promise<NoteTarget | { projectId: string }> {
  if (/^rnd_[0-9a-z]+$/.test(ref)) return { renderId: ref };
  if (/^ckp_[0-9a-z]+$/.test(ref)) return { checkpointId: ref };
  return { projectId: await resolveProject(c, ref) };
}

function frameOf(v: string | undefined, what: string): number | undefined {
  if (v === undefined) return undefined;
  const n = parseNumber(v, what);
  if (!Number.isInteger(n) || n < 0) throw invalid(`${what} must be a frame number (0 or more)`);
  return n;
}

export function notesCommands(program: Command): void {
  const notes = program.command('notes').description('review notes on frames and ranges of renders, and on checkpoints');

  notes
    .command('ls')
    .description('the notes of a render, a checkpoint or a whole project, in frame order')
    .argument('<ref>', 'render id, checkpoint id, or project id or name')
    .action(async (ref: string, _o: unknown, cmd: Command) => {
      await withLibrary(cmd, async (c) => {
        const list = await c.call('notes.list', await scopeOf(c, ref));
        if (c.json) return printJson(list);
        if (list.length === 0) return line('No notes.');
        printTable(
          list.map((n) => [n.id, n.renderId ?? n.checkpointId, n.frameFrom === null ? 'whole' : n.frameTo !== n.frameFrom ? `${n.frameFrom}-${n.frameTo}` : String(n.frameFrom), n.author ?? '', when(n.createdAt), safeText(n.body.replace(/\s+/g, ' '))]),
          ['ID', 'ON', 'FRAMES', 'AUTHOR', 'WHEN', 'NOTE'],
        );
      });
    });

  notes
    .command('add')
    .description('adds a note to a render (a frame, a range, or the whole) or to a checkpoint')
    .argument('<ref>', 'render id or checkpoint id')
    .argument('<text>', 'the note')
    .option('--frame <n>', 'the frame it is about (renders only)')
    .option('--to <n>', 'the last frame of a range (with --frame)')
    .action(async (ref: string, text: string, o: { frame?: string; to?: string }, cmd: Command) => {
      await withLibrary(cmd, async (c) => {
        const scope = await scopeOf(c, ref);
        if ('projectId' in scope) throw invalid('a note is on a render (rnd_…) or a checkpoint (ckp_…)');
        const frameFrom = frameOf(o.frame, '--frame');
        const frameTo = frameOf(o.to, '--to');
        if ('checkpointId' in scope && (frameFrom !== undefined || frameTo !== undefined)) throw invalid('a checkpoint note has no frames (--frame and --to are for renders)');
        // Through the gate like every other host: the contract checks the frames and the text.
        const n = await c.call('notes.add', 'renderId' in scope ? { renderId: scope.renderId, body: text, ...(frameFrom === undefined ? {} : { frameFrom }), ...(frameTo === undefined ? {} : { frameTo }) } : { checkpointId: scope.checkpointId, body: text });
        if (c.json) return printJson(n);
        line(`Added note ${n.id}${n.frameFrom === null ? '' : ` at frame ${n.frameFrom}${n.frameTo !== n.frameFrom ? `-${n.frameTo}` : ''}`}`);
      });
    });

  notes
    .command('edit')
    .description('rewrites the text of a note (its frames and author stay)')
    .argument('<id>', 'note id (notes ls shows them)')
    .requiredOption('--text <text>', 'the new text')
    .action(async (id: string, o: { text: string }, cmd: Command) => {
      await withLibrary(cmd, async (c) => {
        // Through the gate: the contract checks the id and that the text says something.
        const n = await c.call('notes.update', { id, body: o.text });
        if (c.json) return printJson(n);
        line(`Edited note ${n.id}`);
      });
    });

  notes
    .command('rm')
    .description('deletes a note')
    .argument('<id>', 'note id')
    .action(async (id: string, _o: unknown, cmd: Command) => {
      await withLibrary(cmd, async (c) => {
        await c.call('notes.delete', { id });
        if (c.json) return printJson({ deleted: id });
        line(`Deleted note ${id}`);
      });
    });

  notes
    .command('export')
    .description('writes the notes as CSV (timecodes at the render\'s rate) or text, to stdout or a file')
    .argument('<ref>', 'render id, checkpoint id, or project id or name')
    .option('--format <csv|text>', 'csv or text', 'csv')
    .option('-o, --output <file>', 'write here instead of stdout (never over an existing file)')
    .action(async (ref: string, o: { format: string; output?: string }, cmd: Command) => {
      await withLibrary(cmd, async (c) => {
        if (o.format !== 'csv' && o.format !== 'text') throw invalid('--format is csv or text');
        const out = await c.call('notes.export', { ...(await scopeOf(c, ref)), format: o.format as NotesExportFormat });
        if (!o.output) {
          process.stdout.write(out.text);
          return;
        }
        const file = path.resolve(o.output);
        await fsp.writeFile(file, out.text, { flag: 'wx' }).catch((err: NodeJS.ErrnoException) => {
          throw err.code === 'EEXIST' ? invalid(`${file} already exists`) : err;
        });
        if (c.json) return printJson({ path: file, count: out.count });
        line(`Wrote ${out.count} note${out.count === 1 ? '' : 's'} to ${file}`);
      });
    });
}
