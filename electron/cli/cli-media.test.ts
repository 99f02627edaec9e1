/**
 * The CLI knows its media: real files made by ffmpeg at test time, run through the built CLI as a
 * process (npm test builds it first). `import` and `render add` probe what they store; `media run`
 * makes every derived image and leaves it on disk; `assets show` and `jobs` tell what there is.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Asset, MediaProbe, Render } from '../../shared/models.js';
import { corruptFile, H264, h264WithAudio, IMAGE, pngImage, WAV, wavAudio } from '../media/test-support/media-fixtures.js';
import { tempDir } from '../storage/test-support/fixtures.js';

const CLI = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../dist/electron/cli/main.js');

interface Item {
  source: string;
  status: string;
  asset?: Asset;
  probe?: MediaProbe | null;
  probeError?: string;
}
interface Jobs {
  jobs: { id: string; state: string; items: { id: string; name: string }[]; error?: string }[];
  counts: Record<string, number>;
}
type Shown = Asset & { files: Record<'content' | 'posterGrid' | 'posterDetail' | 'filmstrip' | 'waveform', string | null> };

describe('reelvault CLI media', () => {
  let lib: ReturnType<typeof tempDir>;
  let media: ReturnType<typeof tempDir>;
  const f: Record<'video' | 'image' | 'audio' | 'broken', string> = { video: '', image: '', audio: '', broken: '' };

  beforeAll(async () => {
    if (!existsSync(CLI)) throw new Error(`${CLI} is missing: run "npm run build" first (npm test does)`);
    lib = tempDir('cli-media-lib');
    media = tempDir('cli-media-files');
    [f.video, f.image, f.audio, f.broken] = await Promise.all([h264WithAudio(media.dir), pngImage(media.dir), wavAudio(media.dir), corruptFile(media.dir)]);
  });
  afterAll(() => {
    lib.cleanup();
    media.cleanup();
  });

  function run(args: string[]) {
    const env = { ...process.env, REELVAULT_LIBRARY: '', REELVAULT_SETTINGS: path.join(lib.dir, 'settings.json') };
    const r = spawnSync(process.execPath, [CLI, '--library', lib.dir, '--user', 'tester', ...args], { encoding: 'utf8', env, timeout: 120_000 });
    return { code: r.status, out: r.stdout, err: r.stderr };
  }
  function json<T>(args: string[], okCodes = [0]): T {
    const r = run(['--json', ...args]);
    if (!okCodes.includes(r.code ?? -1)) throw new Error(`reelvault ${args.join(' ')} exited ${r.code}: ${r.err}`);
    return JSON.parse(r.out) as T;
  }

  it('import probes what it stores: --json has width, height, duration, fps and codecs; --no-probe skips it', () => {
    const skipped = json<{ items: Item[] }>(['import', f.image, '--no-probe']);
    expect(skipped.items[0]).toMatchObject({ status: 'imported', asset: { width: null, height: null } });
    expect(skipped.items[0]).not.toHaveProperty('probe');

    const out = json<{ items: Item[]; imported: number; duplicates: number }>(['import', f.video, f.image, f.audio, f.broken]);
    expect(out).toMatchObject({ imported: 3, duplicates: 1 });
    const by = (file: string) => out.items.find((i) => i.source === file) as Item;
    expect(by(f.video)).toMatchObject({
      asset: { type: 'video', width: H264.width, height: H264.height },
      probe: { kind: 'video', width: H264.width, height: H264.height, fps: H264.fps, videoCodec: 'h264', audioCodec: 'aac', audioChannels: H264.channels },
    });
    expect(by(f.video).asset?.durationSeconds).toBeCloseTo(H264.seconds, 1);
    expect(by(f.video).probe?.durationSeconds).toBeCloseTo(H264.seconds, 1);
    // The image imported before without probing gets its size now (it was a duplicate).
    expect(by(f.image)).toMatchObject({ status: 'duplicate', asset: { width: IMAGE.width, height: IMAGE.height }, probe: { kind: 'image' } });
    expect(by(f.audio)).toMatchObject({ asset: { type: 'audio', width: null }, probe: { kind: 'audio', audioCodec: 'pcm_s16le', sampleRate: WAV.sampleRate } });
    expect(by(f.audio).asset?.durationSeconds).toBeCloseTo(WAV.seconds, 1);
    expect(by(f.broken)).toMatchObject({ status: 'imported', probe: null, probeError: 'not a media file' });

    // What probing found stays in the library.
    const listed = json<{ items: Asset[] }>(['assets', 'ls', '--type', 'video']).items;
    expect(listed.find((a) => a.name === path.basename(f.video))).toMatchObject({ width: H264.width, height: H264.height });
  });

  it('render add fills what the caller left out from the video; given values are kept; --no-probe stores as given', () => {
    json(['project', 'create', 'Probe me']);
    const r = json<Render>(['render', 'add', 'Probe me', f.video]);
    expect(r).toMatchObject({ width: H264.width, height: H264.height, fps: H264.fps, codec: 'h264', format: 'mp4' });
    expect(r.durationSeconds).toBeCloseTo(H264.seconds, 1);
    expect(r.bitrateKbps).toBeGreaterThan(0);
    const given = json<Render>(['render', 'add', 'Probe me', f.video, '--fps', '30', '--codec', 'avc1']);
    expect(given).toMatchObject({ fps: 30, codec: 'avc1', width: H264.width });
    const raw = json<Render>(['render', 'add', 'Probe me', f.video, '--no-probe']);
    expect(raw).toMatchObject({ fps: null, codec: null, width: null, durationSeconds: null });
  });

  it('jobs lists the owed work; media run makes every derived image and leaves it on disk', () => {
    const before = json<Jobs>(['jobs']);
    // video (asset and renders share the content), image, audio, broken: four contents owed.
    expect(before.counts).toMatchObject({ owed: 4, failed: 0 });

    const report = json<{ done: number; failed: { id: string; name: string; error: string }[]; interrupted: boolean }>(['media', 'run'], [1]);
    expect(report).toMatchObject({ done: 3, interrupted: false, failed: [{ name: path.basename(f.broken), error: 'not a media file' }] });

    const show = (name: string) => {
      const a = json<{ items: Asset[] }>(['assets', 'search', name]).items.find((x) => x.name === name) as Asset;
      return json<Shown>(['assets', 'show', a.id]);
    };
    const onDisk = (p: string | null) => !!p && existsSync(p) && statSync(p).size > 0;
    const video = show(path.basename(f.video));
    expect(video.media).toMatchObject({ state: 'done', probe: { fps: H264.fps }, filmstrip: { frames: 10 } });
    for (const k of ['content', 'posterGrid', 'posterDetail', 'filmstrip', 'waveform'] as const) expect(onDisk(video.files[k]), `video ${k}`).toBe(true);
    const image = show(path.basename(f.image));
    expect(onDisk(image.files.posterGrid) && onDisk(image.files.posterDetail)).toBe(true);
    expect(image.files.waveform).toBeNull();
    const audio = show(path.basename(f.audio));
    expect(onDisk(audio.files.waveform)).toBe(true);
    expect(audio.files.posterGrid).toBeNull();
    // The renders share the video's content, so they have its posters too.
    const p = json<{ id: string }[]>(['project', 'ls']).find(() => true) as { id: string };
    expect(json<Render[]>(['render', 'ls', p.id]).every((r) => r.media?.state === 'done' && !!r.media.posterGrid)).toBe(true);

    const human = run(['assets', 'show', video.id]);
    expect(human.out).toMatch(/Frame rate\s+25 fps/);
    expect(human.out).toMatch(/Filmstrip\s+\S+ \(10 frames of 160x120\)/);

    const after = json<Jobs>(['jobs']);
    expect(after.counts).toMatchObject({ owed: 0, failed: 1 });
    expect(after.jobs[0]).toMatchObject({ state: 'failed', error: 'not a media file', items: [{ name: path.basename(f.broken) }] });
    // Nothing left to do: a second run says so and exits 0.
    expect(json<{ done: number; failed: unknown[] }>(['media', 'run'])).toEqual({ done: 0, proxies: 0, failed: [], interrupted: false });
  });

  it('jobs retry: by asset id, marks a failed one owed again (or runs it); refuses one that has not failed', () => {
    const broken = json<Jobs>(['jobs']).jobs.find((j) => j.state === 'failed');
    const assetId = broken?.items[0]?.id as string;
    expect(json<{ retried: string[] }>(['jobs', 'retry', assetId, '--no-run'])).toEqual({ retried: [broken?.id] });
    expect(json<Jobs>(['jobs']).counts).toMatchObject({ owed: 1, failed: 0 });
    // Owed is not failed: nothing to retry.
    const refused = run(['--json', 'jobs', 'retry', assetId]);
    expect(refused.code).toBe(1);
    expect(refused.err).toContain('"code":"CONFLICT"');
    expect(json<{ failed: unknown[] }>(['media', 'run'], [1]).failed).toHaveLength(1);
    // --all-failed retries and runs it now (a file that is not media fails again, with its reason).
    const rerun = json<{ done: number; failed: { error: string }[] }>(['jobs', 'retry', '--all-failed'], [1]);
    expect(rerun).toMatchObject({ done: 0, failed: [{ error: 'not a media file' }] });
    expect(run(['jobs', 'retry', 'analyze:nothing-like-this']).code).toBe(1);
  });
});
