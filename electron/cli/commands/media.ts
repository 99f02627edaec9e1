import type { Command } from 'commander';
import { ReelvaultError, notFound } from '../../../shared/errors.js';
import { withLibrary, type CliContext } from '../context.js';
import { libraryJobs, runOwedMedia, type LibraryJob, type MediaRunReport } from '../media-work.js';
import { line, printJson, printTable } from '../output.js';
import { countBar } from '../progress.js';

/** Runs the owed media work with a progress bar; Ctrl+C stops it and leaves the rest owed. */
async function runWithBar(c: CliContext): Promise<MediaRunReport> {
  const bar = countBar(!c.json, 'files');
  const ac = new AbortController();
  const onSigint = () => ac.abort();
  process.once('SIGINT', onSigint);
  try {
    return await runOwedMedia(c, { signal: ac.signal, onProgress: (p) => bar.update({ done: p.done + p.failed, total: p.total, failed: p.failed, current: p.current }) });
  } finally {
    bar.done();
    process.off('SIGINT', onSigint);
  }
}

function printReport(c: CliContext, r: MediaRunReport): void {
  if (r.interrupted) process.exitCode = 130;
  else if (r.failed.length > 0) process.exitCode = 1;
  if (c.json) return printJson(r);
  if (r.done === 0 && r.failed.length === 0) line(r.interrupted ? 'Stopped before any media work finished.' : 'Nothing owed: every media file has its posters, filmstrip and waveform (or a reason why not).');
  else {
    const proxies = r.proxies ? ` (${r.proxies} playback ${r.proxies === 1 ? 'proxy' : 'proxies'} made)` : '';
    line(`Media work done for ${r.done} file${r.done === 1 ? '' : 's'}${proxies}${r.failed.length ? `; ${r.failed.length} failed` : ''}${r.interrupted ? ' (stopped: the rest stays owed)' : ''}.`);
  }
  for (const f of r.failed) line(`  failed: ${f.name}: ${f.error}  (retry: reelvault jobs retry ${short(f.id)})`);
}

const short = (id: string) => (id.startsWith('analyze:') ? `analyze:${id.slice(8, 20)}` : id);

/** A job by its id (or a prefix of it), its content's sha256 (prefix), or an asset or render id. */
function findJob(jobs: readonly LibraryJob[], ref: string): LibraryJob {
  const r = ref.trim();
  const hits = jobs.filter((j) => j.id === r || (r.length >= 8 && (j.sha256.startsWith(r) || j.id.startsWith(r))) || j.items.some((i) => i.id === r));
  if (hits.length === 1) return hits[0] as LibraryJob;
  if (hits.length === 0) throw notFound(`media job ${r}`);
  throw new ReelvaultError('CONFLICT', `"${r}" names ${hits.length} jobs; give more of the id`);
}

export function mediaCommands(program: Command): void {
  const media = program.command('media').description('media work: probes, posters, filmstrips, waveforms and playback proxies');
  media
    .command('run')
    .description('make the posters, filmstrips, waveforms and playback proxies still owed (the app does this in the background)')
    .action(async (_o: unknown, cmd: Command) => withLibrary(cmd, async (c) => printReport(c, await runWithBar(c))));

  const jobs = program.command('jobs').description('media jobs: what is owed, running or failed, and retry');
  const list = async (_o: unknown, cmd: Command) =>
    withLibrary(cmd, (c) => {
      const all = libraryJobs(c);
      const counts = { owed: 0, pending: 0, queued: 0, running: 0, failed: 0 };
      for (const j of all) counts[j.state]++;
      if (c.json) return printJson({ jobs: all, counts });
      if (all.length === 0) return line('No media work owed, running or failed.');
      printTable(
        all.map((j) => [short(j.id), j.state, j.attempts ?? '', j.items.map((i) => i.name).join(', '), j.error ?? '']),
        ['JOB', 'STATE', 'TRIES', 'FILE', 'WHY'],
      );
      // line() shows control characters as escapes (a file name cannot move the cursor), so the blank line is its own.
      line('');
      line(`${Object.entries(counts).filter(([, n]) => n > 0).map(([k, n]) => `${n} ${k}`).join(', ')}. Run what is owed: reelvault media run; retry a failed one: reelvault jobs retry <job>`);
    });
  jobs.action(list);
  jobs.command('ls').description('list media work that is owed, running or failed').action(list);
  jobs
    .command('retry')
    .description('forget why media work failed and do it again now')
    .argument('[jobs...]', 'job ids (as listed), content sha256s, or asset or render ids')
    .option('--all-failed', 'every failed job')
    .option('--no-run', 'only mark them owed again (the app or `reelvault media run` picks them up)')
    .action(async (refs: string[], o: { allFailed?: boolean; run: boolean }, cmd: Command) =>
      withLibrary(cmd, async (c) => {
        const all = libraryJobs(c);
        const chosen = o.allFailed ? all.filter((j) => j.state === 'failed') : refs.map((r) => findJob(all, r));
        if (!o.allFailed && refs.length === 0) throw new ReelvaultError('INVALID_INPUT', 'name the jobs to retry (reelvault jobs lists them), or use --all-failed');
        for (const j of chosen) if (j.state !== 'failed') throw new ReelvaultError('CONFLICT', `${short(j.id)} (${j.items[0]?.name ?? j.sha256}) has not failed; it is ${j.state}`);
        for (const j of chosen) c.lib.media.reset(j.sha256);
        if (!o.run) {
          if (c.json) return printJson({ retried: chosen.map((j) => j.id) });
          return line(`Marked ${chosen.length} job${chosen.length === 1 ? '' : 's'} to be done again.`);
        }
        if (!c.json) line(`Retrying ${chosen.length} job${chosen.length === 1 ? '' : 's'}…`);
        printReport(c, await runWithBar(c));
      }),
    );
}
