/**
 * Playback proxies and the facts an editor reads (issue 14): real HEVC, ProRes, VFR and junk made by
 * ffmpeg, probed and processed by the media worker over a real library.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readFileSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import path from 'node:path';
import { alice, tempDir, tempLibrary } from '../storage/test-support/fixtures.js';
import { HDR_HEVC, H264, h264WithAudio, halfReadJunk, hevc10Hdr, prores, vfrVideo } from './test-support/media-fixtures.js';
import { startMediaWorker, type MediaWorker } from './media-worker.js';
import { probeMedia } from './probe.js';
import { PROXY_MAX } from './proxy.js';
import { requireDecodableVideo } from './decodable.js';
import { pixelFacts, isVariableRate, browserPlayable } from './stream-facts.js';

const sha = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex');

describe('stream facts', () => {
  it('reads bit depth and chroma off pixel formats', () => {
    expect(pixelFacts('yuv420p')).toEqual({ bitDepth: 8, chroma: '4:2:0' });
    expect(pixelFacts('yuvj422p')).toEqual({ bitDepth: 8, chroma: '4:2:2' });
    expect(pixelFacts('yuv422p10le')).toEqual({ bitDepth: 10, chroma: '4:2:2' });
    expect(pixelFacts('yuv444p12le')).toEqual({ bitDepth: 12, chroma: '4:4:4' });
    expect(pixelFacts('p010le')).toEqual({ bitDepth: 10, chroma: '4:2:0' });
    expect(pixelFacts('rgb24')).toEqual({ bitDepth: 8, chroma: null });
    expect(pixelFacts('rgb48le')).toEqual({ bitDepth: null, chroma: null });
    expect(pixelFacts(undefined)).toEqual({ bitDepth: null, chroma: null });
  });
  it('calls a clip VFR only when its base rate and average rate part', () => {
    expect(isVariableRate('30/1', '30/1')).toBe(false);
    expect(isVariableRate('30000/1001', '2997/100')).toBe(false);
    expect(isVariableRate('30/1', '600/29')).toBe(true);
    expect(isVariableRate('0/0', '25/1')).toBe(false);
  });
  it('expects a browser to play 8-bit 4:2:0 H.264, VP9 and AV1 in MP4/WebM, nothing else', () => {
    const base = { formatName: 'mov,mp4,m4a,3gp,3g2,mj2', audioCodec: 'aac', bitDepth: 8, chroma: '4:2:0' };
    expect(browserPlayable({ ...base, videoCodec: 'h264' })).toBe(true);
    expect(browserPlayable({ ...base, videoCodec: 'av1' })).toBe(true);
    expect(browserPlayable({ ...base, formatName: 'matroska,webm', videoCodec: 'vp9', audioCodec: 'opus' })).toBe(true);
    expect(browserPlayable({ ...base, videoCodec: 'hevc' })).toBe(false);
    expect(browserPlayable({ ...base, videoCodec: 'prores' })).toBe(false);
    expect(browserPlayable({ ...base, videoCodec: 'h264', bitDepth: 10 })).toBe(false);
    expect(browserPlayable({ ...base, videoCodec: 'h264', audioCodec: 'pcm_s24le' })).toBe(false);
    expect(browserPlayable({ ...base, formatName: 'avi', videoCodec: 'h264' })).toBe(false);
  });
});

describe('probe facts and proxies from real files', () => {
  let t: ReturnType<typeof tempLibrary>;
  let src: ReturnType<typeof tempDir>;
  let worker: MediaWorker | undefined;
  beforeEach(() => { t = tempLibrary(); src = tempDir('proxy-src'); });
  afterEach(async () => { await worker?.close(); worker = undefined; t.cleanup(); src.cleanup(); });

  it('probes 10-bit HDR HEVC, ProRes 4:2:2 and a VFR clip as an editor reads them', async () => {
    const hevc = await probeMedia(await hevc10Hdr(src.dir));
    expect(hevc).toMatchObject({ videoCodec: 'hevc', bitDepth: 10, chroma: '4:2:0', colorTransfer: 'smpte2084', colorPrimaries: 'bt2020', hdr: 'PQ', browserPlayable: false, audioChannels: 2, sampleRate: 48000, variableFrameRate: false });
    const pr = await probeMedia(await prores(src.dir));
    expect(pr).toMatchObject({ videoCodec: 'prores', bitDepth: 10, chroma: '4:2:2', browserPlayable: false, audioCodec: 'pcm_s24le' });
    const vfr = await probeMedia(await vfrVideo(src.dir));
    expect(vfr).toMatchObject({ videoCodec: 'h264', variableFrameRate: true, browserPlayable: true });
    const h264 = await probeMedia(await h264WithAudio(src.dir));
    expect(h264).toMatchObject({ bitDepth: 8, chroma: '4:2:0', hdr: null, variableFrameRate: false, browserPlayable: true });
  });

  it('makes an H.264 proxy for HEVC, stored as a derived blob, the original untouched; none for H.264', async () => {
    const hevcFile = await hevc10Hdr(src.dir);
    const h264File = await h264WithAudio(src.dir);
    const before = sha(hevcFile);
    const s = await t.lib.assets.importPaths(alice, [hevcFile, h264File]);
    const [hevcAsset, h264Asset] = s.items.map((x) => x.asset!);
    worker = await startMediaWorker(t.lib, { concurrency: 1 });
    await worker.queue.whenIdle();

    const got = t.lib.assets.get(alice, hevcAsset!.id);
    expect(got.media?.state).toBe('done');
    expect(got.media?.proxy).toMatchObject({ state: 'done', error: null });
    const proxySha = got.media!.proxy!.sha256!;
    expect(proxySha).not.toBe(got.sha256);
    const proxyFile = t.lib.ctx.blobs.pathOf(proxySha);
    const p = await probeMedia(proxyFile);
    expect(p).toMatchObject({ kind: 'video', videoCodec: 'h264', bitDepth: 8, chroma: '4:2:0', audioCodec: 'aac', browserPlayable: true });
    expect(p.width).toBeLessThanOrEqual(PROXY_MAX.width);
    expect(p.width! / p.height!).toBeCloseTo(HDR_HEVC.width / HDR_HEVC.height, 1);
    expect(p.durationSeconds).toBeCloseTo(HDR_HEVC.seconds, 0);
    // The stored original is byte for byte what was imported.
    expect(sha(t.lib.ctx.blobs.pathOf(got.sha256))).toBe(before);
    expect(t.lib.assets.get(alice, h264Asset!.id).media?.proxy ?? null).toBeNull();

    // A derived blob: gc keeps it and verify knows it.
    expect((await t.lib.gc({ graceMs: 0 })).removedBlobs).toBe(0);
    expect((await t.lib.verify({ full: true })).ok).toBe(true);
  });

  it('gives videos probed by an older version (no browserPlayable in the probe) a proxy at the next start, once', async () => {
    const s = await t.lib.assets.importPaths(alice, [await prores(src.dir), await h264WithAudio(src.dir)]);
    const [pr, h] = s.items.map((x) => x.asset!);
    worker = await startMediaWorker(t.lib, { concurrency: 1 });
    await worker.queue.whenIdle();
    await worker.close();
    worker = undefined;
    // As an older version left them: the probe without the new answer, no proxy state, and none of the
    // flag (meta proxy_decisions_settled, media-store.ts) that this version sets once a pass finds none.
    t.lib.ctx.db.prepare("UPDATE media_info SET probe = json_remove(probe, '$.browserPlayable'), proxy = NULL, proxy_state = NULL, proxy_error = NULL").run();
    t.lib.ctx.db.prepare("DELETE FROM meta WHERE key = 'proxy_decisions_settled'").run();
    expect(t.lib.assets.get(alice, pr!.id).media?.proxy ?? null).toBeNull();
    worker = await startMediaWorker(t.lib, { concurrency: 1 });
    await worker.queue.whenIdle();
    expect(t.lib.assets.get(alice, pr!.id).media?.proxy).toMatchObject({ state: 'done' });
    expect(t.lib.assets.get(alice, h!.id).media).toMatchObject({ proxy: null, probe: { browserPlayable: true } });
    expect(t.lib.media.undecidedVideos()).toEqual([]);
  });

  it('records no media facts for junk ffprobe half-reads', async () => {
    const junk = await halfReadJunk(src.dir);
    // ffprobe alone believes it: a one-second H.264 video.
    expect(await probeMedia(junk)).toMatchObject({ kind: 'video', videoCodec: 'h264' });
    const s = await t.lib.assets.importPaths(alice, [junk]);
    worker = await startMediaWorker(t.lib, { concurrency: 1 });
    await worker.queue.whenIdle();
    const a = t.lib.assets.get(alice, s.items[0]!.asset!.id);
    expect(a.media).toMatchObject({ state: 'failed', probe: null, posterGrid: null, proxy: null });
    expect(a.media!.error).toMatch(/not a media file/);
    expect(a.durationSeconds).toBeNull();
  });

  it('refuses as a render what is not a decodable video, with the reason', async () => {
    const text = path.join(src.dir, 'render.mp4');
    writeFileSync(text, 'this is not a video, only 38 bytes!!!\n');
    expect(readFileSync(text).length).toBe(38);
    await expect(requireDecodableVideo(text)).rejects.toMatchObject({ code: 'INVALID_INPUT', message: expect.stringMatching(/not a decodable video/) });
    await expect(requireDecodableVideo(await halfReadJunk(src.dir))).rejects.toMatchObject({ code: 'INVALID_INPUT' });
    const good = await h264WithAudio(src.dir);
    await expect(requireDecodableVideo(good)).resolves.toBeUndefined();

    // Through the library: refused, no render row, and the bytes it wrote are gone again.
    const p = await t.lib.projects.create(alice, { name: 'Refuse junk', scope: 'user' });
    const verify = (f: string) => requireDecodableVideo(f);
    await expect(t.lib.renders.store(alice, p.id, { path: text }, { verify })).rejects.toMatchObject({ code: 'INVALID_INPUT' });
    expect(t.lib.renders.list(alice, p.id)).toHaveLength(0);
    expect(t.lib.ctx.blobs.has(sha(text))).toBe(false);
    const r = await t.lib.renders.store(alice, p.id, { path: good }, { verify });
    expect(r.sha256).toBe(sha(good));
    expect(H264.fps).toBe(25);
  });
});
