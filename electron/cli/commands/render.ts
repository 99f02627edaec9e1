import path from 'node:path';
import type { Command } from 'commander';
import type { Render } from '../../../shared/models.js';
import { withLibrary } from '../context.js';
import { bytes, line, printJson, printTable, when } from '../output.js';
import { parseNumber, resolveProject } from '../resolve.js';
import { probeRender } from '../media-work.js';

const describe = (r: Render): string =>
  [r.width && r.height ? `${r.width}x${r.height}` : '', r.fps ? `${r.fps} fps` : '', r.durationSeconds !== null ? `${r.durationSeconds.toFixed(2)} s` : '', r.codec ?? ''].filter(Boolean).join(', ');

export function renderCommands(program: Command): void {
  const render = program.command('render').description("store and retrieve a project's rendered videos");

  render
    .command('add')
    .description('store a rendered video for a project')
    .argument('<project>', 'project id or name')
    .argument('<file>', 'the video file')
    .option('--name <name>', 'display name (default: the file name)')
    .option('--format <ext>', 'mp4, webm, … (default: from the file name)')
    .option('--resolution <WxH>', 'e.g. 1920x1080')
    .option('--fps <n>')
    .option('--duration <seconds>')
    .option('--codec <codec>', 'e.g. h264, vp9')
    .option('--bitrate <kbps>')
    .option('--checkpoint <id>', 'the checkpoint it was rendered from (default: checkpoint the workspace now)')
    .option('--no-probe', "don't read what is not given (size, fps, duration, codec, bitrate) from the video")
    .action(async (ref: string, file: string, o: Record<string, string | undefined> & { probe: boolean }, cmd: Command) => {
      await withLibrary(cmd, async (c) => {
        const stored = await c.lib.renders.store(c.actor, resolveProject(c, ref), { path: path.resolve(file) }, {
          name: o.name,
          format: o.format,
          resolution: o.resolution,
          fps: o.fps !== undefined ? parseNumber(o.fps, 'fps') : undefined,
          durationSeconds: o.duration !== undefined ? parseNumber(o.duration, 'duration') : undefined,
          codec: o.codec,
          bitrateKbps: o.bitrate !== undefined ? parseNumber(o.bitrate, 'bitrate') : undefined,
          checkpointId: o.checkpoint,
        });
        // What the caller left out, read from the stored video (the same bounded probe the media worker runs).
        const probed = o.probe ? await probeRender(c, stored) : null;
        const r = probed?.render ?? stored;
        if (c.json) return printJson(r);
        line(`Stored render ${r.name} (${r.id}, ${bytes(r.size)}) from checkpoint ${r.checkpointId}${describe(r) ? `: ${describe(r)}` : ''}`);
        if (probed?.error) line(`  not readable as video: ${probed.error}`);
      });
    });

  render
    .command('ls')
    .description("list a project's renders, newest first")
    .argument('<project>', 'project id or name')
    .action(async (ref: string, _o: unknown, cmd: Command) => {
      await withLibrary(cmd, (c) => {
        const list = c.lib.renders.list(c.actor, resolveProject(c, ref));
        if (c.json) return printJson(list);
        if (list.length === 0) return line('No renders yet. Store one with: reelvault render add <project> <video file>');
        printTable(list.map((r) => [r.id, r.name, describe(r), bytes(r.size), r.checkpointId, when(r.createdAt)]), ['ID', 'NAME', 'VIDEO', 'SIZE', 'CHECKPOINT', 'CREATED']);
      });
    });

  render
    .command('export')
    .description('save a copy of a render to a file or folder')
    .argument('<render>', 'render id')
    .argument('<dest>', 'file or folder')
    .option('-f, --force', 'replace an existing file')
    .action(async (id: string, dest: string, o: { force?: boolean }, cmd: Command) => {
      await withLibrary(cmd, async (c) => {
        const out = await c.lib.renders.export(c.actor, id, path.resolve(dest), { overwrite: !!o.force });
        if (c.json) printJson({ exported: out });
        else line(`Saved ${out}`);
      });
    });

  render
    .command('rm')
    .description('move a render to the trash')
    .argument('<render>', 'render id')
    .action(async (id: string, _o: unknown, cmd: Command) => {
      await withLibrary(cmd, (c) => {
        c.lib.renders.delete(c.actor, id);
        if (c.json) printJson({ deleted: id });
        else line(`Moved ${id} to the trash.`);
      });
    });
}
