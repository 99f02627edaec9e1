/**
 * Real media for the renders, timeline and diff specs: small H.264 videos and PNGs made by the
 * system ffmpeg, stored into the fixture's library with the built CLI (as a render pipeline would).
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Page } from '@playwright/test';
import { ROOT, type Server } from '../fixtures.js';

const FFMPEG = process.env.FFMPEG_PATH ?? '/usr/bin/ffmpeg';
const CLI = path.join(ROOT, 'dist/electron/cli/main.js');

export function mediaDir(): string {
  return mkdtempSync(path.join(os.tmpdir(), 'reelvault-e2e-media-'));
}

/** A 4 s, 25 fps, 320×240 H.264 MP4 with a moov atom up front (seekable while loading). */
export function makeVideo(dir: string, name: string, variant: 'testsrc' | 'hue' | 'mandelbrot' = 'testsrc'): string {
  const out = path.join(dir, name);
  const source = variant === 'mandelbrot' ? 'mandelbrot=size=320x240:rate=25' : 'testsrc2=size=320x240:rate=25';
  const filter = variant === 'hue' ? ['-vf', 'hue=h=90'] : [];
  execFileSync(FFMPEG, ['-v', 'error', '-y', '-f', 'lavfi', '-i', source, '-t', '4', ...filter, '-c:v', 'libx264', '-pix_fmt', 'yuv420p', '-movflags', '+faststart', out]);
  return out;
}

/** A single-frame PNG; hue shifts the colours so two of them differ visibly. */
export function makePng(file: string, hue = 0): string {
  execFileSync(FFMPEG, ['-v', 'error', '-y', '-f', 'lavfi', '-i', 'testsrc2=size=320x240:rate=1', '-frames:v', '1', '-vf', `hue=h=${hue}`, file]);
  return file;
}

export interface StoredRender {
  id: string;
  checkpointId: string;
  name: string;
  sha256: string;
}

/**
 * `reelvault render add` against the fixture's library, as the server's user. The server's media
 * worker hears of changes made in its own process only, so the spec then asks it (media.redo) to
 * probe and poster the new content, as the desktop app would on its own.
 */
export async function addRender(server: Server, projectId: string, file: string, opts: { name?: string } = {}): Promise<StoredRender> {
  const out = execFileSync(
    process.execPath,
    [CLI, '--library', server.libraryDir, '--user', 'e2e', '--json', 'render', 'add', projectId, file, '--fps', '25', ...(opts.name ? ['--name', opts.name] : [])],
    { env: { ...process.env, REELVAULT_LIBRARY: '', REELVAULT_USER: 'e2e' }, encoding: 'utf8' },
  );
  const r = JSON.parse(out) as StoredRender;
  await callRetrying(server, 'media.redo', { sha256: r.sha256 });
  return r;
}

/**
 * server.call, tried once more when the connection drops: after a slow ffmpeg step Node's fetch can
 * reuse a keep-alive socket the server is closing just then ("other side closed"). Only for
 * idempotent channels.
 */
export async function callRetrying<T>(server: Server, channel: string, input: unknown): Promise<T> {
  try {
    return await server.call<T>(channel, input);
  } catch (err) {
    if (!(err instanceof TypeError)) throw err;
    return server.call<T>(channel, input);
  }
}

/** Opens the page (trading the token for a cookie), then a project's tab by its hash route. */
export async function openProjectTab(page: Page, server: Server, projectId: string, tab: 'renders' | 'timeline'): Promise<void> {
  await page.goto(server.url);
  await page.goto(`${server.origin}/#/projects/${projectId}/${tab}`);
}

/**
 * The part of HTMLMediaElement the specs read. e2e/ is type-checked without the DOM library
 * (tsconfig.node.json), so code that runs in the page names only what it uses.
 */
interface VideoLike {
  currentTime: number;
  paused: boolean;
  loop: boolean;
  playbackRate: number;
  readyState: number;
  seeking: boolean;
  error: { message: string } | null;
  addEventListener(type: string, listener: () => void, opts?: { once: boolean }): void;
}

export interface VideoState {
  currentTime: number;
  paused: boolean;
  loop: boolean;
  playbackRate: number;
}

/** Waits until a <video> has its metadata and first frame, so seeks answer at once. */
export async function videoReady(page: Page, testId: string): Promise<void> {
  await page.getByTestId(testId).evaluate(
    (el) =>
      new Promise<void>((resolve, reject) => {
        const v = el as unknown as VideoLike;
        if (v.readyState >= 2) return resolve();
        const t = setTimeout(() => reject(new Error(`video not ready (readyState ${v.readyState}, error ${v.error?.message ?? 'none'})`)), 10_000);
        v.addEventListener(
          'loadeddata',
          () => {
            clearTimeout(t);
            resolve();
          },
          { once: true },
        );
      }),
  );
}

/** The element's currentTime once no seek is pending. */
export async function settledTime(page: Page, testId: string): Promise<number> {
  return page.getByTestId(testId).evaluate(
    (el) =>
      new Promise<number>((resolve) => {
        const v = el as unknown as VideoLike;
        if (!v.seeking) return resolve(v.currentTime);
        v.addEventListener('seeked', () => resolve(v.currentTime), { once: true });
      }),
  );
}

/** What a <video> is doing now. */
export async function videoState(page: Page, testId: string): Promise<VideoState> {
  return page.getByTestId(testId).evaluate((el) => {
    const v = el as unknown as VideoLike;
    return { currentTime: v.currentTime, paused: v.paused, loop: v.loop, playbackRate: v.playbackRate };
  });
}
