import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import sharp from 'sharp';
import { resolveFfmpeg } from '../binaries.js';
import { runTool } from '../run-tool.js';

/**
 * Real media made at test time with the same ffmpeg the app resolves, so every expected value
 * below is exactly what ffmpeg was told. lavfi sources need protocols the app never allows, so
 * fixtures call the binary directly instead of through ff-command.
 */
export async function ffmpegMake(args: string[]): Promise<void> {
  const result = await runTool((await resolveFfmpeg()).path, ['-nostdin', '-hide_banner', '-loglevel', 'error', '-y', ...args], { timeoutMs: 60_000 });
  if (result.code !== 0) throw new Error(`fixture ffmpeg failed: ${result.stderr}`);
}

const x264 = ['-c:v', 'libx264', '-preset', 'ultrafast', '-pix_fmt', 'yuv420p'];

export const H264 = { width: 320, height: 240, fps: 25, seconds: 2, sampleRate: 48000, channels: 2 } as const;

export async function h264WithAudio(dir: string): Promise<string> {
  const out = path.join(dir, 'h264-audio.mp4');
  await ffmpegMake([
    '-f', 'lavfi', '-i', `testsrc2=size=${H264.width}x${H264.height}:rate=${H264.fps}`,
    '-f', 'lavfi', '-i', `sine=frequency=440:sample_rate=${H264.sampleRate}`,
    '-t', String(H264.seconds), ...x264, '-c:a', 'aac', '-ac', String(H264.channels), out,
  ]);
  return out;
}

export const NO_AUDIO = { width: 640, height: 360, fps: 30, seconds: 1 } as const;

export async function h264NoAudio(dir: string): Promise<string> {
  const out = path.join(dir, 'h264-silent.mp4');
  await ffmpegMake(['-f', 'lavfi', '-i', `testsrc2=size=${NO_AUDIO.width}x${NO_AUDIO.height}:rate=${NO_AUDIO.fps}`, '-t', String(NO_AUDIO.seconds), ...x264, out]);
  return out;
}

export const VP9 = { width: 256, height: 144, fps: 24, seconds: 1, sampleRate: 48000, channels: 1 } as const;

export async function vp9WebM(dir: string): Promise<string> {
  const out = path.join(dir, 'vp9.webm');
  await ffmpegMake([
    '-f', 'lavfi', '-i', `testsrc2=size=${VP9.width}x${VP9.height}:rate=${VP9.fps}`,
    '-f', 'lavfi', '-i', `sine=frequency=220:sample_rate=${VP9.sampleRate}`,
    '-t', String(VP9.seconds), '-c:v', 'libvpx-vp9', '-deadline', 'realtime', '-cpu-used', '8', '-b:v', '200k',
    '-c:a', 'libopus', '-ac', String(VP9.channels), out,
  ]);
  return out;
}

/**
 * A phone-style portrait clip: landscape pixels plus a display matrix, written on a stream copy
 * because ffmpeg drops rotate metadata when it encodes.
 */
export const ROTATED = { codedWidth: 320, codedHeight: 180, fps: 30, seconds: 1 } as const;

export async function rotatedPhoneVideo(dir: string): Promise<string> {
  const plain = path.join(dir, 'rotated-src.mp4');
  const out = path.join(dir, 'rotated.mp4');
  await ffmpegMake(['-f', 'lavfi', '-i', `testsrc2=size=${ROTATED.codedWidth}x${ROTATED.codedHeight}:rate=${ROTATED.fps}`, '-t', String(ROTATED.seconds), ...x264, plain]);
  await ffmpegMake(['-i', plain, '-c', 'copy', '-metadata:s:v:0', 'rotate=90', out]);
  return out;
}

export const WAV = { sampleRate: 44100, channels: 1, seconds: 1.5 } as const;

export async function wavAudio(dir: string): Promise<string> {
  const out = path.join(dir, 'tone.wav');
  await ffmpegMake(['-f', 'lavfi', '-i', `sine=frequency=330:sample_rate=${WAV.sampleRate}`, '-t', String(WAV.seconds), '-c:a', 'pcm_s16le', '-ac', String(WAV.channels), out]);
  return out;
}

export const MP3 = { sampleRate: 44100, channels: 2, seconds: 2 } as const;

export async function mp3Audio(dir: string): Promise<string> {
  const out = path.join(dir, 'tone.mp3');
  await ffmpegMake(['-f', 'lavfi', '-i', `sine=frequency=550:sample_rate=${MP3.sampleRate}`, '-t', String(MP3.seconds), '-c:a', 'libmp3lame', '-b:a', '128k', '-ac', String(MP3.channels), out]);
  return out;
}

/** A long, tiny video: an hour at one frame per 10 s encodes in a moment but is a real 3600 s clip. */
export async function longVideo(dir: string, seconds = 3600): Promise<string> {
  const out = path.join(dir, 'long.mp4');
  await ffmpegMake(['-f', 'lavfi', '-i', 'testsrc2=size=128x72:rate=1/10', '-t', String(seconds), ...x264, '-g', '6', out]);
  return out;
}

export const IMAGE = { width: 400, height: 300 } as const;

function gradient(width: number, height: number): sharp.Sharp {
  const raw = Buffer.alloc(width * height * 3);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const i = (y * width + x) * 3;
      raw[i] = (x * 255) / width;
      raw[i + 1] = (y * 255) / height;
      raw[i + 2] = 128;
    }
  }
  return sharp(raw, { raw: { width, height, channels: 3 } });
}

export async function pngImage(dir: string): Promise<string> {
  const out = path.join(dir, 'image.png');
  await gradient(IMAGE.width, IMAGE.height).png().toFile(out);
  return out;
}

export async function webpImage(dir: string): Promise<string> {
  const out = path.join(dir, 'image.webp');
  await gradient(IMAGE.width, IMAGE.height).webp().toFile(out);
  return out;
}

/** A JPEG whose pixels are landscape but whose EXIF says "rotate 90° clockwise" (orientation 6). */
export async function jpegImage(dir: string, orientation = 1): Promise<string> {
  const out = path.join(dir, `image-o${orientation}.jpg`);
  await gradient(IMAGE.width, IMAGE.height).jpeg().withMetadata({ orientation }).toFile(out);
  return out;
}

/** Random-looking bytes from a fixed seed, so a failure here reproduces. */
export async function corruptFile(dir: string): Promise<string> {
  const out = path.join(dir, 'corrupt.mp4');
  const bytes = Buffer.alloc(64 * 1024);
  let x = 0x9e3779b9;
  for (let i = 0; i < bytes.length; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    bytes[i] = x & 0xff;
  }
  await writeFile(out, bytes);
  return out;
}

export async function emptyFile(dir: string): Promise<string> {
  const out = path.join(dir, 'empty.mp4');
  await writeFile(out, '');
  return out;
}

export async function textFile(dir: string): Promise<string> {
  const out = path.join(dir, 'notes.mp4');
  await writeFile(out, 'These are my notes about the edit.\nNot a video at all.\n'.repeat(50));
  return out;
}

function crc32(buf: Buffer): number {
  let c = ~0;
  for (const byte of buf) {
    c ^= byte;
    for (let k = 0; k < 8; k++) c = c & 1 ? (c >>> 1) ^ 0xedb88320 : c >>> 1;
  }
  return ~c >>> 0;
}

function pngChunk(type: string, data: Buffer): Buffer {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([len, body, crc]);
}

/**
 * A decompression bomb in a few bytes: a valid PNG header claiming width × height pixels and
 * no real pixel data. Anything that trusts the header allocates gigabytes.
 */
export async function pngBomb(dir: string, width = 30000, height = 30000): Promise<string> {
  const out = path.join(dir, 'bomb.png');
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr.set([8, 2, 0, 0, 0], 8); // 8-bit RGB, deflate, no filter, no interlace
  const signature = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  await writeFile(out, Buffer.concat([signature, pngChunk('IHDR', ihdr), pngChunk('IDAT', Buffer.from([0x78, 0x9c, 0x03, 0x00, 0x00, 0x00, 0x00, 0x01])), pngChunk('IEND', Buffer.alloc(0))]));
  return out;
}

/** Codecs a browser cannot decode, and clips whose facts an editor checks (issue 14). */
export const HDR_HEVC = { width: 640, height: 360, fps: 25, seconds: 1 } as const;

/** 10-bit HEVC tagged BT.2020 / PQ (an HDR phone or camera clip), with stereo AAC. */
export async function hevc10Hdr(dir: string): Promise<string> {
  const out = path.join(dir, 'hdr-hevc.mov');
  await ffmpegMake([
    '-f', 'lavfi', '-i', `testsrc2=size=${HDR_HEVC.width}x${HDR_HEVC.height}:rate=${HDR_HEVC.fps}`,
    '-f', 'lavfi', '-i', 'sine=frequency=330:sample_rate=48000',
    '-t', String(HDR_HEVC.seconds), '-c:v', 'libx265', '-preset', 'ultrafast', '-x265-params', 'log-level=error', '-pix_fmt', 'yuv420p10le',
    '-color_primaries', 'bt2020', '-color_trc', 'smpte2084', '-colorspace', 'bt2020nc', '-tag:v', 'hvc1',
    '-c:a', 'aac', '-ac', '2', out,
  ]);
  return out;
}

/** ProRes 422 HQ (10-bit 4:2:2) with 24-bit PCM, as an editing system exports it. */
export async function prores(dir: string): Promise<string> {
  const out = path.join(dir, 'master.mov');
  await ffmpegMake([
    '-f', 'lavfi', '-i', 'testsrc2=size=320x240:rate=24', '-f', 'lavfi', '-i', 'sine=frequency=500:sample_rate=48000',
    '-t', '1', '-c:v', 'prores_ks', '-profile:v', '3', '-pix_fmt', 'yuv422p10le', '-c:a', 'pcm_s24le', '-ac', '2', out,
  ]);
  return out;
}

/** Variable frame rate: the first half at 30 fps, the second at 10 (timestamps as a phone writes them). */
export async function vfrVideo(dir: string): Promise<string> {
  const out = path.join(dir, 'vfr.mp4');
  await ffmpegMake([
    '-f', 'lavfi', '-i', 'testsrc2=size=320x240:rate=30', '-t', '2',
    '-vf', "select='lt(t,1)+not(mod(n,3))',setpts='if(lt(N,30),N/30,1+(N-30)/10)/TB'", '-fps_mode', 'vfr', ...x264, out,
  ]);
  return out;
}

/**
 * Junk ffprobe half-reads: a real MP4's header (duration, rate, codec) over frames overwritten
 * with one repeated byte, so not a single frame decodes.
 */
export async function halfReadJunk(dir: string): Promise<string> {
  const good = path.join(dir, 'good-for-junk.mp4');
  await ffmpegMake(['-f', 'lavfi', '-i', 'testsrc2=size=320x240:rate=25', '-t', '1', ...x264, good]);
  const { readFile } = await import('node:fs/promises');
  const bytes = await readFile(good);
  const mdat = bytes.indexOf('mdat');
  const moov = bytes.indexOf('moov');
  bytes.fill(0x41, mdat + 4, moov - 4);
  const out = path.join(dir, 'junk.mov');
  await writeFile(out, bytes);
  return out;
}
