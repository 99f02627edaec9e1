/**
 * Cold start: `reelvault serve` started on a library, then a fresh Chromium page opening its URL at
 * the asset grid; timed from the spawn to the first asset tile painted. The same with 1,000,000 and
 * 1,000 assets (the search cases' libraries), alternating, so the ratio says what a big library adds.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import type { Bench } from '../harness.js';
import { startServe, stopServe } from '../serve-process.js';
import { makeRow, notMeasured, type Row } from '../report.js';
import { formatCount, median } from '../stats.js';

const CASE = 'cold start: serve to first grid paint';

export async function coldStartCase(b: Bench, big: { dir: string; assets: number }, small: { dir: string; assets: number }): Promise<Row[]> {
  const fixture = `${formatCount(big.assets)} vs ${formatCount(small.assets)} assets`;
  const goalText = '≤ 1.2×';
  const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
  if (!existsSync(chromiumPath)) return [notMeasured('skipped', { case: CASE, fixture, goalText }, `no Chromium at ${chromiumPath} (apt-get install chromium, or set CHROMIUM_PATH)`)];
  if (!existsSync(path.join(b.repo, 'out', 'renderer', 'index.html'))) return [notMeasured('skipped', { case: CASE, fixture, goalText }, 'out/renderer is not built (npm run build:app)')];
  const { chromium } = await import('playwright-core');
  const browser = await chromium.launch({ executablePath: chromiumPath, args: ['--no-sandbox'] });
  const times: Record<'big' | 'small', number[]> = { big: [], small: [] };
  try {
    const runs = b.quick ? 1 : b.sizes.runsHeavy + 1;
    for (let i = 0; i <= runs; i++) {
      for (const which of ['big', 'small'] as const) {
        const lib = which === 'big' ? big : small;
        // A fresh context per run: nothing cached from the last page (cold, as a first launch is).
        const context = await browser.newContext();
        const page = await context.newPage();
        const t0 = performance.now();
        const { child, url } = await startServe(b, lib.dir, b.actor.userId ?? 'bench', 'cold-settings.json', 60_000);
        const ready = performance.now();
        try {
          await page.goto(`${url}#/assets`);
          await page.getByTestId('asset-tile').first().waitFor({ state: 'visible', timeout: 60_000 });
          const s = (performance.now() - t0) / 1000;
          if (i > 0) times[which].push(s);
          b.log(`  ${CASE} run ${i}${i === 0 ? ' (warm-up)' : ''}, ${formatCount(lib.assets)} assets: ${(s * 1000).toFixed(0)} ms (serve printed its URL after ${(ready - t0).toFixed(0)} ms)`);
        } finally {
          await context.close();
          await stopServe(child);
        }
      }
    }
  } finally {
    await browser.close();
  }
  return [
    makeRow({ case: CASE, fixture, metric: 'median', unit: 's', reelvault: median(times.big), reelvaultRuns: times.big, peer: `same at ${formatCount(small.assets)}`, peerValue: median(times.small), peerRuns: times.small, goal: { kind: 'ratio-max', max: 1.2 }, goalText, note: 'from spawning `reelvault serve` to the first asset tile visible in a fresh Chromium context (playwright-core, Debian chromium)' }),
  ];
}
