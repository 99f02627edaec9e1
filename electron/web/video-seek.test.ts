/**
 * The point of Range support: a <video> in Chromium seeks into the middle of a real H.264 render
 * served from /media/<sha256>, which it can only do with 206 answers.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import type { Project, Render } from '../../shared/models.js';
import { tempDir } from '../storage/test-support/fixtures.js';
import { launchChromium } from './test-support/chromium.js';
import { startTestHost, tester, type TestHost } from './test-support/web-fixture.js';

const FFMPEG = process.env.FFMPEG_PATH ?? 'ffmpeg';

/** Runs in the page (kept as source text: this Node-side file has no DOM types). */
const SEEK_TO_MIDDLE = `async (src) => {
  const video = document.createElement('video');
  video.muted = true;
  video.preload = 'auto';
  document.body.append(video);
  const once = (name) => new Promise((resolve, reject) => {
    video.addEventListener(name, () => resolve(), { once: true });
    video.addEventListener('error', () => reject(new Error('video error ' + (video.error && video.error.code))), { once: true });
  });
  const loaded = once('loadedmetadata');
  video.src = src;
  await loaded;
  const duration = video.duration;
  const seeked = once('seeked');
  video.currentTime = duration / 2;
  await seeked;
  return { duration, currentTime: video.currentTime, width: video.videoWidth };
}`;

describe('a <video> in Chromium seeks a render served with Range', () => {
  let t: TestHost;
  let browser: Browser;
  let work: ReturnType<typeof tempDir>;
  let render: Render;

  beforeAll(async () => {
    work = tempDir('video');
    const file = path.join(work.dir, 'render.mp4');
    execFileSync(FFMPEG, ['-v', 'error', '-f', 'lavfi', '-i', 'testsrc2=size=320x240:rate=25', '-t', '4', '-c:v', 'libx264', '-pix_fmt', 'yuv420p', '-movflags', '+faststart', file]);
    t = await startTestHost();
    const p = await t.value<Project>('projects.create', { name: 'Video' });
    render = await t.storage.renders.store(tester, p.id, { path: file }, { fps: 25, durationSeconds: 4, codec: 'h264' });
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await t?.cleanup();
    work?.cleanup();
  });

  it('plays from /media, seeks to the middle, and was answered with 206', async () => {
    const page = await browser.newPage();
    const statuses: number[] = [];
    page.on('response', (r) => {
      if (r.url().includes(`/media/${render.sha256}`)) statuses.push(r.status());
    });
    await page.goto(t.host.url);
    expect(new URL(page.url()).searchParams.has('token')).toBe(false);
    const result = (await page.evaluate(`(${SEEK_TO_MIDDLE})(${JSON.stringify(`/media/${render.sha256}`)})`)) as { duration: number; currentTime: number; width: number };
    expect(result.duration).toBeCloseTo(4, 1);
    expect(result.currentTime).toBeCloseTo(2, 1);
    expect(result.width).toBe(320);
    expect(statuses).toContain(206);
    await page.close();
  });
});
