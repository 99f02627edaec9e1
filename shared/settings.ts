/**
 * The app's settings: kept in one small JSON file per machine (settings.json in the platform's
 * app-data folder), shared by the desktop app, `reelvault serve` and the CLI. Everything has a
 * default, so a missing or damaged file is simply the defaults. No zod here (the renderer imports
 * this file); the schemas are in settings-schema.ts.
 */

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

/** What settings.update takes: any subset, media fields one by one (validated by settings-schema.ts). */
export interface SettingsPatch {
  theme?: Theme | undefined;
  libraryDir?: string | null | undefined;
  media?: Partial<MediaSettings> | undefined;
}

export function applySettingsPatch(base: AppSettings, patch: SettingsPatch): AppSettings {
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
