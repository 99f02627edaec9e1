/** The settings' schemas: settings.update's input, and reading a settings file back. */
import { z } from 'zod';
import { DEFAULT_SETTINGS, MAX_MEDIA_CONCURRENCY, THEMES, type AppSettings, type SettingsPatch } from './settings.js';

const absPath = z
  .string()
  .min(1)
  .max(4096)
  .refine((s) => !s.includes('\0'), 'must not contain NUL')
  .refine((s) => s.startsWith('/') || /^[A-Za-z]:[\\/]/.test(s) || s.startsWith('\\\\'), 'must be an absolute path');

const mediaSettings = z.strictObject({
  concurrency: z.number().int().min(1).max(MAX_MEDIA_CONCURRENCY).nullable(),
  timeoutSeconds: z.number().int().min(10).max(6 * 3600),
  startPaused: z.boolean(),
});

/** What settings.update takes: any subset, media fields one by one. */
export const settingsPatch = z.strictObject({
  theme: z.enum(THEMES).optional(),
  libraryDir: absPath.nullable().optional(),
  media: mediaSettings.partial().optional(),
});

const storedSettings = z.object({
  theme: z.enum(THEMES).catch(DEFAULT_SETTINGS.theme),
  libraryDir: absPath.nullable().catch(null),
  media: z
    .object({
      concurrency: mediaSettings.shape.concurrency.catch(null),
      timeoutSeconds: mediaSettings.shape.timeoutSeconds.catch(DEFAULT_SETTINGS.media.timeoutSeconds),
      startPaused: z.boolean().catch(false),
    })
    .catch(DEFAULT_SETTINGS.media),
});

/** Reads what a settings file held: unknown keys dropped, each bad or missing field its default. */
export function settingsFromJson(raw: unknown): AppSettings {
  const obj = raw && typeof raw === 'object' ? (raw as Record<string, unknown>) : {};
  const media = obj.media && typeof obj.media === 'object' ? obj.media : {};
  return storedSettings.parse({ theme: obj.theme, libraryDir: obj.libraryDir ?? null, media });
}

// The schema and the hand-written patch type describe the same thing.
const _patchMatches: z.output<typeof settingsPatch> extends SettingsPatch ? true : never = true;
void _patchMatches;
