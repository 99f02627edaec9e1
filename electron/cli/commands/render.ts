import path from 'node:path';
import type { Command } from 'commander';
import type { Render } from '../../../shared/models.js';
import { ReelvaultError } from '../../../shared/errors.js';
import { RENDER_CODECS, type FrameComparison, type RenderCodec } from '../../../shared/render-models.js';
import { renderProgress } from '../render-progress.js';
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

/** `render make`, `render compare`, `render compositions`: Reelvault renders checkpoints itself (Remotion). */
export function renderMakeCommands(program: Command): void {
  const render = program.commands.find((c) => c.name() === 'render') ?? program.command('render');

  render
    .command('make')
    .description("render a checkpoint (default: the workspace, checkpointed first) with the project's Remotion, and store it")
    .argument('<project>', 'project id or name')
    .option('--checkpoint <id>', 'the checkpoint to render (its files are written to a folder of their own; the workspace is not touched)')
    .option('--composition <id>', 'the composition (default: the first the project registers)')
    .option('--codec <codec>', `${RENDER_CODECS.join(', ')} (default h264)`)
    .option('--crf <n>', 'quality: lower is better (h264 default 18)')
    .option('--frames <from-to>', 'only these frames, e.g. 0-29')
    .option('--name <name>', 'the render’s name (default <composition>.<ext>)')
    .action(async (ref: string, o: Record<string, string | undefined>, cmd: Command) => {
      await withLibrary(cmd, async (c) => {
        const input = makeInput(o);
        const { startRenderWorker } = await import('../../render/index.js');
        const worker = startRenderWorker(c.lib);
        const bar = renderProgress(true);
        const projectId = resolveProject(c, ref);
        // Listening before the job exists: its first stages are reported while make() returns.
        let jobId: string | null = null;
        const off = worker.onUpdate((j) => (jobId === null ? j.kind === 'render' && j.projectId === projectId : j.id === jobId) && bar.update(j));
        try {
          const job = await worker.make(c.actor, { projectId, ...input });
          jobId = job.id;
          const onSigint = () => {
            try { worker.cancel(c.actor, job.id); } catch { /* finished meanwhile */ }
          };
          process.once('SIGINT', onSigint);
          const done = await worker.wait(job.id);
          process.off('SIGINT', onSigint);
          bar.done();
          if (done.state === 'cancelled') throw new ReelvaultError('IO', 'the render was cancelled');
          if (done.state !== 'done' || !done.renderId) throw new ReelvaultError('IO', `${done.error ?? 'the render failed'}${done.logFile ? ` (the log is kept: ${done.logFile})` : ''}`);
          const r = c.lib.renders.get(c.actor, done.renderId);
          const prev = c.lib.renders.previous(c.actor, r.id);
          const comparison = prev ? await worker.wait(`compare:${prev.id}:${r.id}`).then(() => c.lib.renders.comparison(c.actor, prev.id, r.id)) : null;
          if (c.json) return printJson({ render: r, previous: prev, comparison: comparison && { ...comparison, scores: undefined } });
          line(`Stored render ${r.name} (${r.id}, ${bytes(r.size)}, ${describe(r)}) from checkpoint ${r.checkpointId}`);
          if (prev && comparison) line(`Against ${prev.name} (${prev.id}, checkpoint ${prev.checkpointId}): ${comparisonLine(comparison)}`);
        } finally {
          off();
          bar.done();
          await worker.close();
        }
      });
    });

  render
    .command('compare')
    .description('compare two renders frame by frame (ffmpeg ssim/psnr); the result is kept with the pair')
    .argument('<a>', 'render id')
    .argument('<b>', 'render id')
    .action(async (a: string, b: string, _o: unknown, cmd: Command) => {
      await withLibrary(cmd, async (c) => {
        const { startRenderWorker } = await import('../../render/index.js');
        const worker = startRenderWorker(c.lib);
        try {
          let result = worker.compare(c.actor, a, b);
          if (result.state === 'pending') {
            await worker.wait(`compare:${a}:${b}`);
            result = worker.compare(c.actor, a, b);
          }
          if (c.json) return printJson(result);
          if (result.state === 'failed') throw new ReelvaultError('IO', `the comparison failed: ${result.error ?? 'unknown'}`);
          line(comparisonLine(result));
        } finally {
          await worker.close();
        }
      });
    });

  render
    .command('compositions')
    .description('list the compositions a Remotion project registers (of a checkpoint, default the workspace)')
    .argument('<project>', 'project id or name')
    .option('--checkpoint <id>', 'read them from this checkpoint')
    .action(async (ref: string, o: { checkpoint?: string }, cmd: Command) => {
      await withLibrary(cmd, async (c) => {
        const { startRenderWorker } = await import('../../render/index.js');
        const worker = startRenderWorker(c.lib);
        try {
          const list = await worker.compositions(c.actor, { projectId: resolveProject(c, ref), checkpointId: o.checkpoint });
          if (c.json) return printJson(list);
          printTable(list.map((x) => [x.id, `${x.width}x${x.height}`, x.fps, x.durationInFrames, (x.durationInFrames / x.fps).toFixed(2) + ' s']), ['ID', 'SIZE', 'FPS', 'FRAMES', 'DURATION']);
        } finally {
          await worker.close();
        }
      });
    });
}

function makeInput(o: Record<string, string | undefined>) {
  if (o.codec !== undefined && !(RENDER_CODECS as readonly string[]).includes(o.codec)) throw new ReelvaultError('INVALID_INPUT', `--codec must be one of ${RENDER_CODECS.join(', ')}`);
  let frames: { from: number; to: number } | undefined;
  if (o.frames !== undefined) {
    const m = /^(\d+)-(\d+)$/.exec(o.frames.trim());
    if (!m || Number(m[2]) < Number(m[1])) throw new ReelvaultError('INVALID_INPUT', '--frames must look like 0-29');
    frames = { from: Number(m[1]), to: Number(m[2]) };
  }
  return {
    checkpointId: o.checkpoint,
    composition: o.composition,
    codec: o.codec as RenderCodec | undefined,
    crf: o.crf !== undefined ? parseNumber(o.crf, 'crf') : undefined,
    frames,
    name: o.name,
  };
}

function comparisonLine(c: FrameComparison): string {
  if (c.state === 'failed') return `could not be compared: ${c.error ?? 'unknown'}`;
  if (c.identical) return `identical (${c.frames} frames)`;
  const worst = c.worst ? `; most changed: frame ${c.worst.frame} (SSIM ${c.worst.ssim.toFixed(4)})` : '';
  const lengths = c.framesA !== c.framesB ? `; ${c.framesA} vs ${c.framesB} frames` : '';
  return `${c.changedFrames} of ${c.frames} frames changed${worst}${lengths}`;
}
