/**
 * Where the app's settings live and how a host finds its library. Plain Node, shared by the desktop
 * main process, `reelvault serve` and the CLI, so all three read the same settings.json.
 */
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { invalid } from '../../shared/errors.js';
import { DEFAULT_SETTINGS, type AppSettings } from '../../shared/settings.js';
import { settingsFromJson } from '../../shared/settings-schema.js';
import { defaultLibraryDir, isAppDataDir, libraryLayout, checkLibraryFolder, LibraryFolderError } from '../storage/index.js';

export interface SettingsStore {
  /** The file the settings are kept in ('' for a store held in memory). */
  readonly file: string;
  read(): AppSettings;
  write(settings: AppSettings): void;
}

/** The platform's app-data folder for Reelvault (Electron's userData), whatever REELVAULT_LIBRARY says. */
export function appDataDir(env: NodeJS.ProcessEnv = process.env): string {
  return defaultLibraryDir({ ...env, REELVAULT_LIBRARY: '' });
}

/** settings.json in the app-data folder; REELVAULT_SETTINGS names another file (tests use one per run). */
export function settingsFilePath(env: NodeJS.ProcessEnv = process.env): string {
  return env.REELVAULT_SETTINGS ? path.resolve(env.REELVAULT_SETTINGS) : path.join(appDataDir(env), 'settings.json');
}

/** A JSON file, read on every call (another host may have changed it) and replaced atomically. */
export function jsonSettingsStore(file: string): SettingsStore {
  return {
    file,
    read() {
      try {
        return settingsFromJson(JSON.parse(readFileSync(file, 'utf8')));
      } catch {
        // Missing or damaged: the defaults (the next write replaces a damaged file whole).
        return structuredClone(DEFAULT_SETTINGS);
      }
    },
    write(settings) {
      mkdirSync(path.dirname(file), { recursive: true });
      const tmp = `${file}.${process.pid}.tmp`;
      writeFileSync(tmp, JSON.stringify(settings, null, 2) + '\n');
      renameSync(tmp, file);
    },
  };
}

/** For tests and hosts without a settings file: the defaults, changed in memory. */
export function memorySettingsStore(initial: AppSettings = DEFAULT_SETTINGS): SettingsStore {
  let current = structuredClone(initial);
  return {
    file: '',
    read: () => structuredClone(current),
    write(s) {
      current = structuredClone(s);
    },
  };
}

export interface LibraryChoice {
  dir: string;
  /** What chose it over the settings: '--library', 'REELVAULT_LIBRARY', or null (the settings or the default). */
  override: string | null;
}

/** --library, then REELVAULT_LIBRARY, then the settings' library folder, then the app-data folder. */
export function chooseLibraryDir(opts: { flag?: string | undefined; env?: NodeJS.ProcessEnv; settings?: SettingsStore; fallback?: string }): LibraryChoice {
  const env = opts.env ?? process.env;
  if (opts.flag) return { dir: path.resolve(opts.flag), override: '--library' };
  if (env.REELVAULT_LIBRARY) return { dir: path.resolve(env.REELVAULT_LIBRARY), override: 'REELVAULT_LIBRARY' };
  const fromSettings = opts.settings?.read().libraryDir;
  if (fromSettings) return { dir: fromSettings, override: null };
  return { dir: opts.fallback ?? appDataDir(env), override: null };
}

/**
 * A folder may become the library folder by the storage layer's own rule (checkLibraryFolder): it is a
 * library already, or is empty, or does not exist yet (or is the app's data folder). A folder holding
 * other things, a backup, or a library whose catalog is lost is refused here, with the reason, before
 * the next start would refuse it.
 */
export function checkLibraryChoice(dir: string): void {
  if (!path.isAbsolute(dir)) throw invalid(`the library folder must be an absolute path, got "${dir}"`);
  try {
    checkLibraryFolder(dir, libraryLayout(dir).db, { appOwned: isAppDataDir(dir) });
  } catch (err) {
    if (err instanceof LibraryFolderError) throw invalid(err.message);
    throw err;
  }
}
