/** What Reelvault reads from Remotion's, npm's and ffmpeg's output, and the install cache key. */
import { describe, expect, it } from 'vitest';
import { parseFrameStats } from '../media/frame-diff.js';
import { summarise } from './comparison-summary.js';
import { depsKey } from './deps-cache.js';
import { parseCompositions, parseRemotionLine, VERSION_MISMATCH } from './remotion-output.js';
import { PhasedProgress } from './phased-progress.js';

describe('Remotion output', () => {
  it('reads progress lines as Remotion 4.0.529 prints them to a pipe', () => {
    expect(parseRemotionLine('Bundling 65%')).toEqual({ kind: 'bundling', fraction: 0.65 });
    expect(parseRemotionLine('Bundling code        ━━━━━━━━━━━━━━━━━╸ 98%')).toEqual({ kind: 'bundling', fraction: 0.98 });
    expect(parseRemotionLine('Getting composition')).toEqual({ kind: 'composition' });
    expect(parseRemotionLine('Rendered 12/30, time remaining: 2s')).toEqual({ kind: 'rendered', done: 12, total: 30 });
    expect(parseRemotionLine('Rendered 30/30')).toEqual({ kind: 'rendered', done: 30, total: 30 });
    expect(parseRemotionLine('Encoded 24/30')).toEqual({ kind: 'encoded', done: 24, total: 30 });
    expect(parseRemotionLine('Memory reported by Node: 21861.08 MB')).toBeNull();
  });

  it('reads the compositions table', () => {
    const out = ['Bundled code 20648ms', 'Detected differing memory amounts:', '', 'The following compositions are available:', '', 'Main    30      320x180        150 (5.00 sec)', 'Intro-2 29.97   1920x1080      90 (3.00 sec)', ''].join('\n');
    expect(parseCompositions(out)).toEqual([
      { id: 'Main', fps: 30, width: 320, height: 180, durationInFrames: 150 },
      { id: 'Intro-2', fps: 29.97, width: 1920, height: 1080, durationInFrames: 90 },
    ]);
  });

  it('knows Remotion’s version-mismatch warning', () => {
    expect(VERSION_MISMATCH.test('Version mismatch:')).toBe(true);
    expect(VERSION_MISMATCH.test('All packages have the correct version.')).toBe(false);
  });

  it('never moves the bar backwards', () => {
    const seen: number[] = [];
    const p = new PhasedProgress((_s, _d, f) => seen.push(f));
    p.stage('rendering', 'Rendering 1/2', 0.5);
    p.stage('bundling', 'Bundling 98%', 0.98);
    p.stage('encoding', 'Encoding', 1);
    expect(seen[1]).toBe(seen[0]);
    expect(seen[2]).toBeCloseTo(0.98);
  });
});

describe('frame comparison', () => {
  const ssim = 'n:1 Y:1.000000 U:1.000000 V:1.000000 All:1.000000 (inf)\nn:2 Y:0.993487 U:1.000000 V:1.000000 All:0.995658 (23.623321)\n';
  const psnr = 'n:1 mse_avg:0.00 mse_y:0.00 mse_u:0.00 mse_v:0.00 psnr_avg:inf psnr_y:inf psnr_u:inf psnr_v:inf \nn:2 mse_avg:0.39 mse_y:0.59 mse_u:0.00 mse_v:0.00 psnr_avg:52.21 psnr_y:50.44 psnr_u:inf psnr_v:inf \n';

  it('reads ffmpeg’s ssim and psnr stats files, frame by frame', () => {
    expect(parseFrameStats(ssim, psnr)).toEqual([{ ssim: 1, psnr: null }, { ssim: 0.995658, psnr: 52.21 }]);
  });

  it('says identical only when every frame is and both are as long', () => {
    const scores = parseFrameStats(ssim, psnr);
    expect(summarise({ framesA: 2, framesB: 2, fps: 30, scores })).toMatchObject({ identical: false, changedFrames: 1, worst: { frame: 1, ssim: 0.995658 } });
    const same = [{ ssim: 1, psnr: null }, { ssim: 1, psnr: null }];
    expect(summarise({ framesA: 2, framesB: 2, fps: 30, scores: same })).toMatchObject({ identical: true, changedFrames: 0 });
    expect(summarise({ framesA: 2, framesB: 3, fps: 30, scores: same })).toMatchObject({ identical: false, changedFrames: 0 });
  });
});

describe('install cache key', () => {
  const env = { platform: 'linux', arch: 'x64', node: '20.19.0' };
  const pkg = (name: string, deps: Record<string, string>) => JSON.stringify({ name, version: '0.1.0', dependencies: deps });

  it('is the same for two projects of the same dependencies, whatever they are called', () => {
    expect(depsKey({ 'package.json': pkg('a', { remotion: '4.0.529' }) }, env)).toBe(depsKey({ 'package.json': pkg('b', { remotion: '4.0.529' }) }, env));
    const lock = (name: string) => JSON.stringify({ name, lockfileVersion: 3, packages: { '': { name, version: '0.1.0', dependencies: { remotion: '4.0.529' } }, 'node_modules/remotion': { version: '4.0.529' } } });
    expect(depsKey({ 'package.json': '{}', 'package-lock.json': lock('a') }, env)).toBe(depsKey({ 'package.json': '{}', 'package-lock.json': lock('b') }, env));
  });

  it('differs with the dependencies, the lockfile, .npmrc, the platform and the Node major', () => {
    const base = depsKey({ 'package.json': pkg('a', { remotion: '4.0.529' }) }, env);
    expect(depsKey({ 'package.json': pkg('a', { remotion: '4.0.530' }) }, env)).not.toBe(base);
    expect(depsKey({ 'package.json': pkg('a', { remotion: '4.0.529' }), '.npmrc': 'registry=x' }, env)).not.toBe(base);
    expect(depsKey({ 'package.json': pkg('a', { remotion: '4.0.529' }) }, { ...env, node: '22.1.0' })).not.toBe(base);
    expect(depsKey({ 'package.json': pkg('a', { remotion: '4.0.529' }) }, { ...env, arch: 'arm64' })).not.toBe(base);
    expect(depsKey({ 'package.json': pkg('a', { remotion: '4.0.529' }), 'package-lock.json': '{"packages":{}}' }, env)).not.toBe(base);
  });
});
