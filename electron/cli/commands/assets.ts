import { randomUUID } from 'node:crypto';
import path from 'node:path';
import type { Command } from 'commander';
import type { Input } from '../../../shared/contract.js';
import type { Asset } from '../../../shared/models.js';
import { withLibrary, type CliContext } from '../context.js';
import { bytes, line, printJson, printTable, when } from '../output.js';
import { countBar, progressBar } from '../progress.js';
import { probeImported, type ProbedImportItem } from '../media-work.js';
import { collect, isoDate, parseNumber, resolveProject } from '../resolve.js';

function assetTable(items: readonly Asset[]): void {
  printTable(items.map((a) => [a.id, a.type, bytes(a.size), a.tags.join(','), when(a.createdAt), a.name]), ['ID', 'TYPE', 'SIZE', 'TAGS', 'ADDED', 'NAME']);
}

interface ListOpts {
  type?: string;
  tag?: string;
  project?: string;
  sort?: string;
  order?: string;
  limit?: string;
  cursor?: string;
  from?: string;
  to?: string;
}

type SearchInput = Input<'assets.search'>;

async function listAssets(c: CliContext, query: string | undefined, o: ListOpts): Promise<void> {
  // The option strings are checked by the contract's schema at the gate (--sort toString is INVALID_INPUT).
  const page = await c.call('assets.search', {
    query,
    type: o.type as SearchInput['type'],
    tag: o.tag,
    projectId: o.project ? await resolveProject(c, o.project) : undefined,
    from: isoDate(o.from),
    to: isoDate(o.to),
    sort: o.sort as SearchInput['sort'],
    order: o.order as SearchInput['order'],
    limit: o.limit !== undefined ? parseNumber(o.limit, 'limit') : undefined,
    cursor: o.cursor,
  });
  if (c.json) return printJson(page);
  if (page.items.length === 0) return line(query ? `No assets match "${query}".` : 'No assets yet. Import some with: reelvault import <files or folders…>');
  assetTable(page.items);
  if (page.nextCursor) {
    line('');
    line(`More: --cursor ${page.nextCursor}`);
  }
}

function filters(cmd: Command): Command {
  return cmd
    .option('--type <type>', 'image, video, audio, font, document or other')
    .option('--tag <tag>', 'only assets with this tag')
    .option('--project <project>', 'only assets linked to this project')
    .option('--from <date>', 'added on or after (ISO date)')
    .option('--to <date>', 'added on or before (ISO date)')
    .option('--sort <by>', 'name, date, size, duration, resolution, codec or type')
    .option('--order <order>', 'asc or desc')
    .option('--limit <n>', 'page size (1–1000)', '100')
    .option('--cursor <c>', 'the next page, as printed by the previous one');
}

export function importCommand(program: Command): void {
  program
    .command('import')
    .description('import media files and folders into the library (identical content is stored once)')
    .argument('<paths...>', 'files and folders (folders are walked; hidden files skipped)')
    .option('-t, --tag <tags>', 'tag every imported asset (repeat or comma-separate)', collect)
    .option('--project <project>', 'link every imported asset to this project')
    .option('--scope <scope>', 'session, user or sandbox')
    .option('--no-probe', "don't read width, height, duration, frame rate and codecs from the media (faster)")
    .action(async (paths: string[], o: { tag?: string[]; project?: string; scope?: string; probe: boolean }, cmd: Command) => {
      await withLibrary(cmd, async (c) => {
        const bar = progressBar(!c.json);
        const ac = new AbortController();
        const importId = randomUUID();
        const onSigint = () => {
          ac.abort();
          void c.call('assets.cancelImport', { importId });
        };
        const projectId = o.project ? await resolveProject(c, o.project) : undefined;
        // Progress comes as the import.progress events the other hosts forward to their UI.
        const offProgress = c.api.events.on((event, payload) => {
          if (event !== 'import.progress') return;
          const p = payload as { importId: string; done: boolean } & Parameters<typeof bar.update>[0];
          if (p.importId === importId && !p.done) bar.update(p);
        });
        process.once('SIGINT', onSigint);
        let summary;
        try {
          summary = await c.call('assets.importPaths', {
            paths: paths.map((p) => path.resolve(p)),
            tags: o.tag,
            projectId,
            scope: o.scope as Input<'assets.importPaths'>['scope'],
            importId,
          });
        } finally {
          offProgress();
          bar.done();
          process.off('SIGINT', onSigint);
        }
        // A script must be able to tell a partial import from a whole one by the exit status alone.
        if (summary.failed > 0) process.exitCode = 1;
        // Probed in a bounded queue, as the app's media worker does; posters and the rest: `reelvault media run`.
        let items: ProbedImportItem[] = summary.items;
        if (o.probe && !ac.signal.aborted) {
          const probing = countBar(!c.json, 'probed');
          try {
            items = await probeImported(c, summary.items, (done, total) => probing.update({ done, total }));
          } finally {
            probing.done();
          }
        }
        if (c.json) return printJson({ ...summary, items });
        line(`Imported ${summary.imported} (${bytes(summary.bytes)}), already in library ${summary.duplicates}, failed ${summary.failed}.`);
        for (const i of items) if (i.status === 'failed') line(`  failed: ${i.source}: ${i.error}`);
        for (const i of items) if (i.probeError) line(`  not readable as media: ${i.source}: ${i.probeError}`);
        const probed = items.filter((i) => i.probe).length;
        if (probed > 0) line(`Probed ${probed} media file${probed === 1 ? '' : 's'}; make posters, filmstrips and waveforms with: reelvault media run`);
        if (summary.failed > 0) process.exitCode = 1;
      });
    });
}

export function assetsCommands(program: Command): void {
  const assets = program.command('assets').description('list, search, tag and link imported media');

  filters(assets.command('ls').description('list assets'))
    .action(async (o: ListOpts, cmd: Command) => withLibrary(cmd, async (c) => listAssets(c, undefined, o)));

  filters(assets.command('search').description('full-text search over names and tags').argument('<query>'))
    .action(async (q: string, o: ListOpts, cmd: Command) => withLibrary(cmd, async (c) => listAssets(c, q, o)));

  assets
    .command('tag')
    .description('add tags to assets')
    .argument('<ids...>', 'asset ids')
    .requiredOption('-t, --tag <tags>', 'tags to add (repeat or comma-separate)', collect)
    .action(async (ids: string[], o: { tag: string[] }, cmd: Command) => {
      await withLibrary(cmd, async (c) => {
        const out = await c.call('assets.tag', { ids, tags: o.tag });
        if (c.json) printJson(out);
        else line(`Tagged ${out.length} asset${out.length === 1 ? '' : 's'} with ${o.tag.join(', ')}`);
      });
    });

  assets
    .command('untag')
    .description('remove tags from assets')
    .argument('<ids...>', 'asset ids')
    .requiredOption('-t, --tag <tags>', 'tags to remove', collect)
    .action(async (ids: string[], o: { tag: string[] }, cmd: Command) => {
      await withLibrary(cmd, async (c) => {
        const out = await c.call('assets.untag', { ids, tags: o.tag });
        if (c.json) printJson(out);
        else line(`Removed ${o.tag.join(', ')} from ${out.length} asset${out.length === 1 ? '' : 's'}`);
      });
    });

  for (const [verb, desc] of [['link', 'use assets in a project'], ['unlink', 'stop using assets in a project']] as const) {
    assets
      .command(verb)
      .description(desc)
      .argument('<ids...>', 'asset ids')
      .requiredOption('--project <project>', 'project id or name')
      .action(async (ids: string[], o: { project: string }, cmd: Command) => {
        await withLibrary(cmd, async (c) => {
          const pid = await resolveProject(c, o.project);
          const out = await c.call(verb === 'link' ? 'assets.link' : 'assets.unlink', { ids, projectId: pid });
          if (c.json) printJson(out);
          else line(`${verb === 'link' ? 'Linked' : 'Unlinked'} ${out.length} asset${out.length === 1 ? '' : 's'} ${verb === 'link' ? 'to' : 'from'} ${pid}`);
        });
      });
  }

  assets
    .command('show')
    .description('every fact about an asset: its file, tags, projects, what probing found, its derived images')
    .argument('<id>', 'asset id')
    .action(async (id: string, _o: unknown, cmd: Command) => withLibrary(cmd, async (c) => showAsset(c, id)));

  assets
    .command('rm')
    .description('move assets to the trash')
    .argument('<ids...>', 'asset ids')
    .action(async (ids: string[], _o: unknown, cmd: Command) => {
      await withLibrary(cmd, async (c) => {
        await c.call('assets.delete', { ids });
        if (c.json) printJson({ deleted: ids });
        else line(`Moved ${ids.length} asset${ids.length === 1 ? '' : 's'} to the trash.`);
      });
    });
}

/** Where each of an asset's files is on disk: its content and the images media work made from it. */
function assetFiles(c: CliContext, a: Asset) {
  const at = (sha: string | null | undefined) => (sha ? c.lib.ctx.blobs.pathOf(sha) : null);
  const m = a.media;
  return { content: at(a.sha256), posterGrid: at(m?.posterGrid), posterDetail: at(m?.posterDetail), filmstrip: at(m?.filmstrip?.sha256), waveform: at(m?.waveform), proxy: at(m?.proxy?.sha256) };
}

async function showAsset(c: CliContext, id: string): Promise<void> {
  const a = await c.call('assets.get', { id });
  const files = assetFiles(c, a);
  if (c.json) return printJson({ ...a, files });
  const m = a.media;
  const p = m?.probe;
  const projects = await Promise.all(a.projectIds.map(async (pid) => {
    try {
      return `${(await c.call('projects.get', { id: pid })).name} (${pid})`;
    } catch {
      return pid;
    }
  }));
  const audio = p?.audioChannels ? `${p.audioChannels === 1 ? 'mono' : p.audioChannels === 2 ? 'stereo' : `${p.audioChannels} channels`}${p.sampleRate ? `, ${p.sampleRate / 1000} kHz` : ''}` : null;
  const state = !m ? 'not yet (reelvault media run makes them)' : m.state === 'failed' ? `failed: ${m.error ?? 'unknown'} (reelvault jobs retry ${a.id})` : m.state === 'pending' ? 'waiting for the media queue' : 'done';
  const rows: [string, string | number | null | undefined][] = [
    ['ID', a.id],
    ['Name', a.name],
    ['Type', `${a.type} (${a.mime})`],
    ['Size', `${bytes(a.size)} (${a.size.toLocaleString('en-US')} bytes)`],
    ['SHA-256', a.sha256],
    ['File', files.content],
    ['Tags', a.tags.join(', ')],
    ['Projects', projects.join(', ')],
    ['Scope', `${a.scope}${a.userId ? ` (${a.userId})` : ''}${a.expiresAt ? `, expires ${when(a.expiresAt)}` : ''}`],
    ['Added', when(a.createdAt)],
    ['Dimensions', a.width && a.height ? `${a.width}x${a.height}` : null],
    ['Duration', a.durationSeconds !== null ? `${a.durationSeconds.toFixed(2)} s` : null],
    ['Frame rate', p?.fps ? `${Math.round(p.fps * 1000) / 1000} fps` : null],
    ['Codecs', [p?.videoCodec, p?.audioCodec].filter(Boolean).join(' + ') || null],
    ['Bitrate', p?.bitrateKbps ? `${Math.round(p.bitrateKbps)} kb/s` : null],
    ['Audio', audio],
    ['Rotation', p?.rotation ? `${p.rotation} degrees` : null],
    ['Media work', state],
    ['Poster', files.posterGrid && files.posterDetail && files.posterGrid !== files.posterDetail ? `${files.posterGrid} (grid), ${files.posterDetail} (detail)` : files.posterGrid],
    ['Filmstrip', m?.filmstrip && files.filmstrip ? `${files.filmstrip} (${m.filmstrip.frames} frames of ${m.filmstrip.tileWidth}x${m.filmstrip.tileHeight})` : null],
    ['Waveform', files.waveform],
    ['Proxy', !m?.proxy ? null : files.proxy ? `${files.proxy} (H.264 for playback: a browser cannot decode the original)` : m.proxy.state === 'failed' ? `failed: ${m.proxy.error ?? 'unknown'}` : 'owed (reelvault media run makes it)'],
    ['Note', m?.note],
  ];
  printTable(rows.filter(([, v]) => v !== null && v !== undefined && v !== '').map(([k, v]) => [k, v]));
}
