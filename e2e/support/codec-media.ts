/**
 * Media a browser cannot decode, and clips whose facts an editor checks (issue 14), made by the
 * system ffmpeg at test time: small, so they encode in a second or two on a busy machine.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Server } from '../fixtures.js';

const FFMPEG = process.env.FFMPEG_PATH ?? '/usr/bin/ffmpeg';

function ff(args: string[]): void {
  execFileSync(FFMPEG, ['-hide_banner', '-loglevel', 'error', '-y', ...args], { stdio: 'pipe' });
}

/** 2 s of 10-bit HEVC tagged BT.2020/PQ at 25 fps, 640×360, with a stereo AAC tone. */
export function makeHevcHdr(dir: string, name = 'phone-hdr.mov'): string {
  const out = path.join(dir, name);
  ff([
    '-f', 'lavfi', '-i', 'testsrc2=size=640x360:rate=25', '-f', 'lavfi', '-i', 'sine=frequency=330:sample_rate=48000', '-t', '2',
    '-c:v', 'libx265', '-preset', 'ultrafast', '-x265-params', 'log-level=error', '-pix_fmt', 'yuv420p10le',
    '-color_primaries', 'bt2020', '-color_trc', 'smpte2084', '-colorspace', 'bt2020nc', '-tag:v', 'hvc1', '-c:a', 'aac', '-ac', '2', out,
  ]);
  return out;
}

/** 1 s of ProRes 422 HQ (10-bit 4:2:2) at 24 fps with 24-bit PCM: an editing system's master. */
export function makeProres(dir: string, name = 'master-prores.mov'): string {
  const out = path.join(dir, name);
  ff([
    '-f', 'lavfi', '-i', 'testsrc2=size=320x240:rate=24', '-f', 'lavfi', '-i', 'sine=frequency=500:sample_rate=48000', '-t', '1',
    '-c:v', 'prores_ks', '-profile:v', '3', '-pix_fmt', 'yuv422p10le', '-c:a', 'pcm_s24le', '-ac', '2', out,
  ]);
  return out;
}

/** A phone-style VFR clip: one second at 30 fps, then one at 10. */
export function makeVfr(dir: string, name = 'vfr.mp4'): string {
  const out = path.join(dir, name);
  ff([
    '-f', 'lavfi', '-i', 'testsrc2=size=320x240:rate=30', '-f', 'lavfi', '-i', 'sine=frequency=600:sample_rate=44100', '-t', '2',
    '-vf', "select='lt(t,1)+not(mod(n,3))',setpts='if(lt(N,30),N/30,1+(N-30)/10)/TB'", '-fps_mode', 'vfr',
    '-c:v', 'libx264', '-preset', 'ultrafast', '-pix_fmt', 'yuv420p', '-c:a', 'aac', '-ac', '1', out,
  ]);
  return out;
}

/** A real MP4's header over frames overwritten with one repeated byte: ffprobe reads a 1 s video, nothing decodes. */
export function makeHalfReadJunk(dir: string, name = 'broken.mov'): string {
  const good = path.join(dir, `good-${name}.mp4`);
  ff(['-f', 'lavfi', '-i', 'testsrc2=size=320x240:rate=25', '-t', '1', '-c:v', 'libx264', '-preset', 'ultrafast', '-pix_fmt', 'yuv420p', good]);
  const bytes = readFileSync(good);
  bytes.fill(0x41, bytes.indexOf('mdat') + 4, bytes.indexOf('moov') - 4);
  const out = path.join(dir, name);
  writeFileSync(out, bytes);
  return out;
}

/** An animated GIF: 12 frames of a moving test pattern. */
export function makeGif(dir: string, name = 'loop.gif'): string {
  const out = path.join(dir, name);
  ff(['-f', 'lavfi', '-i', 'testsrc2=size=160x120:rate=6', '-t', '2', out]);
  return out;
}

/** A JPEG wider than the detail thumbnail (2400 px). */
export function makeLargeJpeg(dir: string, name = 'wide.jpg'): string {
  const out = path.join(dir, name);
  ff(['-f', 'lavfi', '-i', 'testsrc2=size=2400x1350:rate=1', '-frames:v', '1', '-q:v', '4', out]);
  return out;
}

/** Uploads a file as a render of a project, as the Renders tab's "Add render…" does in a browser. */
export async function uploadRender(server: Server, projectId: string, file: string, name = path.basename(file)): Promise<{ ok: boolean; value?: { id: string; sha256: string }; error?: { code: string; message: string } }> {
  const q = new URLSearchParams({ projectId, name });
  const res = await fetch(`${server.origin}/upload/render?${q}`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${server.token}`, 'Content-Type': 'application/octet-stream' },
    body: readFileSync(file),
  });
  return (await res.json()) as { ok: boolean; value?: { id: string; sha256: string }; error?: { code: string; message: string } };
}
