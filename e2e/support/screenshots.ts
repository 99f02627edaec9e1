import path from 'node:path';
import type { Page } from '@playwright/test';
import { SCREENSHOTS } from '../fixtures.js';

/** Saves the screen in the light and the dark theme (web-<name>-light.png, web-<name>-dark.png). */
export async function shootBoth(page: Page, name: string): Promise<void> {
  await page.emulateMedia({ colorScheme: 'light' });
  await page.screenshot({ path: path.join(SCREENSHOTS, `web-${name}-light.png`) });
  await page.emulateMedia({ colorScheme: 'dark' });
  await page.screenshot({ path: path.join(SCREENSHOTS, `web-${name}-dark.png`) });
  await page.emulateMedia({ colorScheme: 'light' });
}
