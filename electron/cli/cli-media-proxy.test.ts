/**
 * `reelvault media run` on a terminal: its progress bar counts files (a video's playback proxy is more
 * work for the same file, not another file), and a video a browser cannot decode (10-bit HEVC, made
 * by ffmpeg at test time) is left with its H.264 proxy on disk, which `assets show` names.
 *
 * The bar draws only when stderr is a terminal, so the run goes through util-linux `script`, which
 * gives the CLI a real pseudo-terminal (nothing is faked: the bar sees isTTY as a user's shell has it).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Asset, MediaProbe } from '../../shared/models.js';
import { probeMedia } from '../media/probe.js';
import { h264WithAudio, HDR_HEVC, hevc10Hdr } from '../media/test-support/media-fixtures.js';
import { tempDir } from '../storage/test-support/fixtures.js';

const CLI = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../dist/electron/cli/main.js');

type Shown = Asset & { files: Record<'content' | 'posterGrid' | 'posterDetail' | 'filmstrip' | 'waveform' | 'proxy', string | null> };
interface Item {
  source: string;
  asset?: Asset;
  probe?: MediaProbe | null;
}

/** Quotes for sh -c. */
const sh = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;

describe('reelvault media run: progress and playback proxies', () => {
  let lib: ReturnType<typeof tempDir>;
  let media: ReturnType<typeof tempDir>;
  let hevc = '';
  let h264 = '';
  const env = () => ({ ...process.env, REELVAULT_LIBRARY: '', REELVAULT_SETTINGS: path.join(lib.dir, 'settings.json') });
  const args = (more: string[]) => [CLI, '--library', lib.dir, '--user', 'tester', ...more];

  beforeAll(async () => {
    if (!existsSync(CLI)) throw new Error(`${CLI} is missing: run "npm run build" first (npm test does)`);
    lib = tempDir('cli-proxy-lib');
    media = tempDir('cli-proxy-files');
    [hevc, h264] = await Promise.all([hevc10Hdr(media.dir), h264WithAudio(media.dir)]);
  });
  afterAll(() => {
    lib.cleanup();
    media.cleanup();
  });

  function run(more: string[]) {
    const r = spawnSync(process.execPath, args(more), { encoding: 'utf8', env: env(), timeout: 120_000 });
    return { code: r.status, out: r.stdout, err: r.stderr };
  }
  function json<T>(more: string[]): T {
    const r = run(['--json', ...more]);
    if (r.code !== 0) throw new Error(`reelvault ${more.join(' ')} exited ${r.code}: ${r.err}`);
    return JSON.parse(r.out) as T;
  }
  /** Runs the CLI on a pseudo-terminal 120 columns wide; answers what the terminal showed. */
  function onTerminal(more: string[]) {
    const cmd = `stty cols 120 2>/dev/null; exec ${[process.execPath, ...args(more)].map(sh).join(' ')}`;
    const r = spawnSync('script', ['-q', '-e', '-c', cmd, '/dev/null'], { encoding: 'utf8', env: env(), timeout: 180_000 });
    if (r.error) throw new Error(`util-linux script could not run (${r.error.message}): it gives the CLI a terminal`);
    return { code: r.status, screen: r.stdout };
  }
  const show = (file: string) => {
    const a = json<{ items: Asset[] }>(['assets', 'search', path.basename(file)]).items.find((x) => x.name === path.basename(file)) as Asset;
    return json<Shown>(['assets', 'show', a.id]);
  };

  it('import says which video a browser cannot play; media run shows counts of files, then leaves the HEVC its H.264 proxy', async () => {
    const imported = json<{ items: Item[] }>(['import', hevc, h264]).items;
    expect(imported.find((i) => i.source === hevc)?.probe).toMatchObject({ videoCodec: 'hevc', width: HDR_HEVC.width, browserPlayable: false });
    expect(imported.find((i) => i.source === h264)?.probe).toMatchObject({ videoCodec: 'h264', browserPlayable: true });
    expect(json<{ counts: Record<string, number> }>(['jobs']).counts).toMatchObject({ owed: 2, failed: 0 });

    const { code, screen } = onTerminal(['media', 'run']);
    expect(code, screen).toBe(0);
    // Each redraw starts with a carriage return: the frames of the bar, as the terminal drew them.
    const frames = screen.split('\r').map((f) => /\[([# ]{24})\] (\d+)\/(\d+) files/.exec(f)).filter((m) => m !== null);
    expect(frames.length, screen).toBeGreaterThan(1);
    const last = frames[frames.length - 1] as RegExpExecArray;
    expect(last.slice(1, 4)).toEqual(['#'.repeat(24), '2', '2']);
    // Two files, however many jobs: the proxy is not counted as a third file, and done never passes total.
    for (const f of frames) {
      expect(Number(f[3]), f[0]).toBeLessThanOrEqual(2);
      expect(Number(f[2]), f[0]).toBeLessThanOrEqual(Number(f[3]));
    }
    // It counted up: a frame before the end showed fewer done than at the end.
    expect(frames.some((f) => Number(f[2]) < 2)).toBe(true);
    // The file being worked on is named on the bar, by the name the user knows.
    expect(screen).toContain(path.basename(hevc));
    expect(screen).not.toMatch(/files {2}(proxy|analyze):/);
    expect(screen).toMatch(/Media work done for 2 files \(1 playback proxy made\)\./);

    // The proxy: a blob on disk, H.264 a browser plays, the original's size kept (it fits 720p).
    const v = show(hevc);
    expect(v.media).toMatchObject({ state: 'done', proxy: { state: 'done', error: null } });
    expect(v.media?.proxy?.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(v.files.proxy).toBe(path.join(lib.dir, 'blobs', 'sha256', (v.media?.proxy?.sha256 as string).slice(0, 2), v.media?.proxy?.sha256 as string));
    expect(existsSync(v.files.proxy as string) && statSync(v.files.proxy as string).size > 0).toBe(true);
    const p = await probeMedia(v.files.proxy as string);
    expect(p).toMatchObject({ kind: 'video', videoCodec: 'h264', width: HDR_HEVC.width, height: HDR_HEVC.height, browserPlayable: true, audioCodec: 'aac' });
    expect(p.durationSeconds).toBeCloseTo(HDR_HEVC.seconds, 0);
    for (const k of ['posterGrid', 'posterDetail', 'filmstrip'] as const) expect(existsSync(v.files[k] as string), k).toBe(true);
    // The human view names it too.
    expect(run(['assets', 'show', v.id]).out).toMatch(new RegExp(`Proxy\\s+${v.files.proxy} \\(H\\.264 for playback`));

    // A video the browser plays as it is gets none.
    const plain = show(h264);
    expect(plain.media).toMatchObject({ state: 'done', proxy: null });
    expect(plain.files.proxy).toBeNull();
    expect(run(['assets', 'show', plain.id]).out).not.toContain('Proxy');
  });

  it('with nothing owed: says so, exits 0; piped, stderr has no bar', () => {
    const piped = run(['media', 'run']);
    expect(piped).toMatchObject({ code: 0, err: '' });
    expect(piped.out).toContain('Nothing owed');
    expect(json<{ done: number; proxies: number; failed: unknown[] }>(['media', 'run'])).toEqual({ done: 0, proxies: 0, failed: [], interrupted: false });
    expect(json<{ counts: Record<string, number> }>(['jobs']).counts).toMatchObject({ owed: 0, failed: 0 });
  });
});
