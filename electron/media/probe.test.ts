import { copyFile } from 'node:fs/promises';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { probeMedia } from './probe.js';
import * as fx from './test-support/media-fixtures.js';
import { useTempDir } from './test-support/temp-dir.js';

const dir = useTempDir('probe');
const files: Record<string, string> = {};

beforeAll(async () => {
  const made = await Promise.all([
    fx.h264WithAudio(dir), fx.h264NoAudio(dir), fx.vp9WebM(dir), fx.rotatedPhoneVideo(dir),
    fx.wavAudio(dir), fx.mp3Audio(dir), fx.pngImage(dir), fx.webpImage(dir), fx.jpegImage(dir, 1), fx.jpegImage(dir, 6),
  ]);
  ['h264', 'silent', 'vp9', 'rotated', 'wav', 'mp3', 'png', 'webp', 'jpeg', 'jpegO6'].forEach((k, i) => (files[k] = made[i]!));
});

describe('probeMedia on real media', () => {
  it('H.264 with audio', async () => {
    const p = await probeMedia(files.h264!);
    expect(p).toMatchObject({
      kind: 'video', width: fx.H264.width, height: fx.H264.height, fps: fx.H264.fps, videoCodec: 'h264', audioCodec: 'aac',
      audioChannels: fx.H264.channels, sampleRate: fx.H264.sampleRate, rotation: 0, pixelFormat: 'yuv420p',
    });
    expect(p.formatName).toContain('mp4');
    expect(p.durationSeconds).toBeCloseTo(fx.H264.seconds, 0);
    expect(Math.abs(p.durationSeconds! - fx.H264.seconds)).toBeLessThan(0.1);
    expect(p.bitrateKbps).toBeGreaterThan(0);
  });

  it('video without audio', async () => {
    const p = await probeMedia(files.silent!);
    expect(p).toMatchObject({ kind: 'video', width: fx.NO_AUDIO.width, height: fx.NO_AUDIO.height, fps: fx.NO_AUDIO.fps, audioCodec: null, audioChannels: null, sampleRate: null });
    expect(Math.abs(p.durationSeconds! - fx.NO_AUDIO.seconds)).toBeLessThan(0.1);
  });

  it('VP9 WebM', async () => {
    const p = await probeMedia(files.vp9!);
    expect(p).toMatchObject({ kind: 'video', width: fx.VP9.width, height: fx.VP9.height, fps: fx.VP9.fps, videoCodec: 'vp9', audioCodec: 'opus', audioChannels: fx.VP9.channels, sampleRate: fx.VP9.sampleRate });
    expect(p.formatName).toContain('webm');
    expect(Math.abs(p.durationSeconds! - fx.VP9.seconds)).toBeLessThan(0.1);
  });

  it('rotated phone video reports its turn and the displayed (portrait) size', async () => {
    const p = await probeMedia(files.rotated!);
    // ffmpeg's stream-copy path writes `rotate=90` as a matrix whose clockwise sense differs across
    // versions; either quarter turn must swap the axes.
    expect([90, 270]).toContain(p.rotation);
    expect(p).toMatchObject({ kind: 'video', width: fx.ROTATED.codedHeight, height: fx.ROTATED.codedWidth, fps: fx.ROTATED.fps });
  });

  it('WAV and MP3 audio', async () => {
    const wav = await probeMedia(files.wav!);
    expect(wav).toMatchObject({ kind: 'audio', audioCodec: 'pcm_s16le', audioChannels: fx.WAV.channels, sampleRate: fx.WAV.sampleRate, videoCodec: null, width: null, height: null, fps: null });
    expect(Math.abs(wav.durationSeconds! - fx.WAV.seconds)).toBeLessThan(0.05);
    expect(wav.bitrateKbps).toBe(Math.round((fx.WAV.sampleRate * 16 * fx.WAV.channels) / 1000));
    const mp3 = await probeMedia(files.mp3!);
    expect(mp3).toMatchObject({ kind: 'audio', audioCodec: 'mp3', audioChannels: fx.MP3.channels, sampleRate: fx.MP3.sampleRate });
    expect(Math.abs(mp3.durationSeconds! - fx.MP3.seconds)).toBeLessThan(0.1);
    expect(mp3.bitrateKbps).toBeGreaterThan(100);
  });

  it('PNG, WebP and JPEG images via sharp, with EXIF orientation honoured', async () => {
    for (const [key, format] of [['png', 'png'], ['webp', 'webp'], ['jpeg', 'jpeg']] as const) {
      expect(await probeMedia(files[key]!)).toMatchObject({ kind: 'image', width: fx.IMAGE.width, height: fx.IMAGE.height, formatName: format, rotation: 0, durationSeconds: null });
    }
    expect(await probeMedia(files.jpegO6!)).toMatchObject({ kind: 'image', width: fx.IMAGE.height, height: fx.IMAGE.width, rotation: 90 });
  });

  it('decides by content, not by file name', async () => {
    const pngAsMp4 = path.join(dir, 'really-a-png.mp4');
    const videoAsJpg = path.join(dir, 'really-a-video.jpg');
    await Promise.all([copyFile(files.png!, pngAsMp4), copyFile(files.silent!, videoAsJpg)]);
    expect(await probeMedia(pngAsMp4)).toMatchObject({ kind: 'image', formatName: 'png' });
    expect(await probeMedia(videoAsJpg)).toMatchObject({ kind: 'video', videoCodec: 'h264' });
  });
});
