/** The settings.* channels: the app's settings and what they mean on this host. */
import { z } from 'zod';
import { settingsPatch } from '../settings-schema.js';
import type { SettingsView } from '../settings.js';
import { noInput, returns } from './pieces.js';

export const settingsChannels = {
  /** The app's settings (theme, library folder, media work) and what they mean on this host now. */
  'settings.get': { input: noInput, output: returns<SettingsView>() },
  /** Saves settings; theme and media jobs at once apply now, the rest at the next start (the web host may not move the library). */
  'settings.update': { input: z.strictObject({ patch: settingsPatch }), output: returns<SettingsView>() },
} as const;
