/** Real media made with ffmpeg at test time (Debian's /usr/bin/ffmpeg, or FFMPEG_PATH). */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const FFMPEG = process.env.FFMPEG_PATH ?? '/usr/bin/ffmpeg';

function run(args: string[]): void {
  execFileSync(FFMPEG, ['-hide_banner', '-loglevel', 'error', '-y', ...args], { stdio: 'pipe' });
}

export interface TestMedia {
  png: Buffer;
  mp4: Buffer;
  wav: Buffer;
}

let cached: TestMedia | null = null;

/** A 320×180 PNG, a 2 s 320×180 H.264 MP4 with no audio, and a 1 s WAV tone. */
export function makeTestMedia(): TestMedia {
  if (cached) return cached;
  const dir = mkdtempSync(path.join(os.tmpdir(), 'reelvault-media-'));
  const png = path.join(dir, 'frame.png');
  const mp4 = path.join(dir, 'clip.mp4');
  const wav = path.join(dir, 'tone.wav');
  run(['-f', 'lavfi', '-i', 'testsrc=size=320x180:rate=1', '-frames:v', '1', png]);
  run(['-f', 'lavfi', '-i', 'testsrc=duration=2:size=320x180:rate=25', '-c:v', 'libx264', '-pix_fmt', 'yuv420p', '-preset', 'ultrafast', '-movflags', '+faststart', mp4]);
  run(['-f', 'lavfi', '-i', 'sine=frequency=440:duration=1', wav]);
  try {
    cached = { png: readFileSync(png), mp4: readFileSync(mp4), wav: readFileSync(wav) };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return cached;
}
