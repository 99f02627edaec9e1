import path from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import { expect, type Page } from '@playwright/test';

/** Where the a11y and shortcuts specs leave their pictures (SHOTS_DIR, else the fixture's folder). */
export const SHOTS = process.env.SHOTS_DIR ?? path.join(path.dirname(new URL(import.meta.url).pathname), '../screenshots');

/**
 * Runs axe on the page (or a part of it) in the light and the dark theme and fails on any serious
 * or critical violation, listing each rule with the elements it found, so the report says what to fix.
 */
export async function expectNoSeriousA11yIssues(page: Page, screen: string, include?: string): Promise<void> {
  for (const scheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme: scheme });
    // The theme's colours settle after a transition; axe reads computed colours.
    await page.waitForTimeout(250);
    let builder = new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']);
    if (include) builder = builder.include(include);
    const result = await builder.analyze();
    const bad = result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
    const report = bad.map((v) => `${v.id} (${v.impact}): ${v.help}\n${v.nodes.map((n) => `    ${n.target.join(' ')} — ${n.failureSummary?.split('\n').slice(1).join(' ')}`).join('\n')}`);
    // Soft: one run reports every screen's violations, not only the first one's.
    expect.soft(report, `${screen} (${scheme})`).toEqual([]);
  }
  await page.emulateMedia({ colorScheme: 'light' });
}
