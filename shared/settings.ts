/**
 * The app's settings: kept in one small JSON file per machine (settings.json in the platform's
 * app-data folder), shared by the desktop app, `reelvault serve` and the CLI. Everything has a
 * default, so a missing or damaged file is simply the defaults.
 */
import { z } from 'zod';

export const THEMES = ['system', 'light', 'dark'] as const;
export type Theme = (typeof THEMES)[number];

export interface MediaSettings {
  /** Media jobs at once; null = cores − 1 (at least one), so the UI keeps a core. */
  concurrency: number | null;
  /** How long one media job (probe and thumbnails of one file) may run before it is stopped. */
  timeoutSeconds: number;
  /** Start with the media queue paused (work waits until resumed from the jobs panel). */
  startPaused: boolean;
}

export interface AppSettings {
  theme: Theme;
  /**
   * The library the desktop app, `reelvault serve` and the CLI open when none is given
   * (--library and REELVAULT_LIBRARY still win); null = the platform's app-data folder.
   */
  libraryDir: string | null;
  media: MediaSettings;
}

export const DEFAULT_SETTINGS: AppSettings = {
  theme: 'system',
  libraryDir: null,
  media: { concurrency: null, timeoutSeconds: 300, startPaused: false },
};

export const MAX_MEDIA_CONCURRENCY = 32;

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
export type SettingsPatch = z.input<typeof settingsPatch>;

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

export function applySettingsPatch(base: AppSettings, patch: z.output<typeof settingsPatch>): AppSettings {
  return {
    theme: patch.theme ?? base.theme,
    libraryDir: patch.libraryDir === undefined ? base.libraryDir : patch.libraryDir,
    media: { ...base.media, ...Object.fromEntries(Object.entries(patch.media ?? {}).filter(([, v]) => v !== undefined)) },
  };
}

/** What settings.get answers: the settings, and what they mean on this host right now. */
export interface SettingsView {
  settings: AppSettings;
  /** The settings file. */
  file: string;
  /** The library open now (settings.libraryDir takes effect at the next start). */
  libraryDir: string;
  /** The platform's app-data folder: the library when settings.libraryDir is null. */
  defaultLibraryDir: string;
  /** Why the library open now is not the one the settings name (an override), or null. */
  libraryOverride: string | null;
  /** Some saved change (library folder, job time limit, start paused) waits for the next start. */
  restartNeeded: boolean;
  /** What the media queue runs with now. */
  mediaNow: { concurrency: number; timeoutSeconds: number; paused: boolean } | null;
  /** Desktop only: the app's disposable caches (Chromium's, drag-out links), null elsewhere. */
  cache: { bytes: number } | null;
  /** Desktop only: the folder with the app's log files. */
  logDir: string | null;
}
