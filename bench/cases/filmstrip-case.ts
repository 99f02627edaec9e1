/**
 * Filmstrip of one camera-sized clip: the media worker's strip (10 tiles, keyframe first, each tile
 * one short ffmpeg run) against the one-pass recipe most tools use (`fps` + `tile`, which decodes
 * every frame of the clip). Two GOPs: 2 s, as cameras and streaming encoders write, where each
 * tile's keyframe lies inside its slice; and x264's default 250 frames, longer than a slice of a
 * short clip, where tiles are decoded to their exact times.
 */
import { mkdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { makeFilmstrip, resolveFfmpeg } from '../../electron/media/index.js';
import { FILMSTRIP_FRAMES, FILMSTRIP_TILE_WIDTH } from '../../electron/media/media-worker.js';
import type { Bench } from '../harness.js';
import { run, settle, timeCmd } from '../proc.js';
import { makeRow, type Row } from '../report.js';
import { median } from '../stats.js';

interface Clip {
  width: number;
  height: number;
  seconds: number;
  fps: number;
}

const FULL: Clip = { width: 1920, height: 1080, seconds: 60, fps: 30 };
const QUICK: Clip = { width: 640, height: 360, seconds: 8, fps: 30 };

function makeClip(file: string, c: Clip, keyint: number, ffmpeg: string): void {
  run(ffmpeg, [
    '-hide_banner', '-loglevel', 'error', '-y',
    '-f', 'lavfi', '-i', `testsrc2=size=${c.width}x${c.height}:rate=${c.fps}:duration=${c.seconds}`,
    '-c:v', 'libx264', '-preset', 'ultrafast', '-pix_fmt', 'yuv420p',
    '-x264-params', `keyint=${keyint}:min-keyint=${keyint}:scenecut=0`,
    file,
  ]);
}

export async function filmstripCase(b: Bench): Promise<Row[]> {
  const clip = b.quick ? QUICK : FULL;
  const runs = b.quick ? 1 : 3;
  const ffmpeg = (await resolveFfmpeg()).path;
  const dir = path.join(b.work, 'filmstrip');
  mkdirSync(dir, { recursive: true });
  const rows: Row[] = [];
  try {
    for (const keyint of [clip.fps * 2, 250]) {
      const fixture = `${clip.width}×${clip.height} ${clip.seconds} s H.264, keyframe every ${keyint} frames (${(keyint / clip.fps).toFixed(1)} s)`;
      const c = `filmstrip, ${FILMSTRIP_FRAMES} tiles`;
      const file = path.join(dir, `clip-${keyint}.mp4`);
      b.log(`making ${fixture}`);
      makeClip(file, clip, keyint, ffmpeg);
      settle();
      const ours: number[] = [];
      const peer: number[] = [];
      // Alternately, so load on the machine hits both.
      for (let i = 0; i < runs; i++) {
        const t0 = performance.now();
        const strip = await makeFilmstrip(file, path.join(dir, `ours-${keyint}-${i}.jpg`), { frames: FILMSTRIP_FRAMES, tileWidth: FILMSTRIP_TILE_WIDTH, format: 'jpeg' });
        ours.push((performance.now() - t0) / 1000);
        if (strip.frames !== FILMSTRIP_FRAMES) throw new Error(`the strip has ${strip.frames} tiles, not ${FILMSTRIP_FRAMES}`);
        peer.push(
          timeCmd(ffmpeg, [
            '-nostdin', '-loglevel', 'error', '-y', '-i', file,
            '-vf', `fps=${FILMSTRIP_FRAMES}/${clip.seconds},scale=${FILMSTRIP_TILE_WIDTH}:-2,tile=${FILMSTRIP_FRAMES}x1`,
            '-frames:v', '1', '-update', '1', path.join(dir, `peer-${keyint}-${i}.jpg`),
          ]),
        );
      }
      b.log(`  ${c}, ${fixture}: ${median(ours).toFixed(2)} s; ffmpeg one pass ${median(peer).toFixed(2)} s`);
      rows.push(
        makeRow({
          case: c, fixture, metric: 'time per strip', unit: 's', reelvault: median(ours), reelvaultRuns: ours,
          peer: 'ffmpeg -vf fps,scale,tile (one pass)', peerValue: median(peer), peerRuns: peer,
          goal: { kind: 'ratio-max', max: 1 }, goalText: '≤ 1.0× one pass',
        }),
      );
      rmSync(file, { force: true });
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return rows;
}
