import { forbidden } from '../../../shared/errors.js';
import { applySettingsPatch, type SettingsView } from '../../../shared/settings.js';
import type { ApiContext, DomainHandlers } from '../handler-types.js';
import { defaultConcurrency } from '../../media/job-queue.js';
import { checkLibraryChoice } from '../settings-file.js';

async function view(c: ApiContext): Promise<SettingsView> {
  const s = c.settings;
  const settings = s.store.read();
  const wantedLibrary = settings.libraryDir ?? s.defaultLibraryDir;
  return {
    settings,
    file: s.store.file,
    libraryDir: c.libraryDir,
    defaultLibraryDir: s.defaultLibraryDir,
    libraryOverride: s.libraryOverride,
    restartNeeded: (s.libraryOverride === null && wantedLibrary !== c.libraryDir) || (!!c.jobs && settings.media.timeoutSeconds !== s.atStart.media.timeoutSeconds),
    mediaNow: c.jobs ? { concurrency: c.jobs.queue.limit ?? s.concurrencyNow, timeoutSeconds: s.atStart.media.timeoutSeconds, paused: c.jobs.queue.paused } : null,
    cache: c.host === 'desktop' && c.desktop ? { bytes: await c.desktop.cacheBytes() } : null,
    logDir: c.host === 'desktop' && c.desktop ? c.desktop.logDir : null,
  };
}

export function settingsHandlers(c: ApiContext): DomainHandlers<'settings'> {
  return {
    'settings.get': () => view(c),
    'settings.update': async ({ patch }) => {
      if (patch.libraryDir !== undefined) {
        // Which folder the desktop app and the CLI open is this machine's business, not a browser tab's:
        // a leaked token must not point the library somewhere else.
        if (c.host !== 'desktop') throw forbidden('The library folder is chosen in the desktop app, or with `reelvault serve --library <dir>`');
        if (patch.libraryDir !== null) checkLibraryChoice(patch.libraryDir);
      }
      const next = applySettingsPatch(c.settings.store.read(), patch);
      c.settings.store.write(next);
      if (patch.media?.concurrency !== undefined && c.jobs?.queue.setConcurrency) {
        c.settings.concurrencyNow = next.media.concurrency ?? defaultConcurrency();
        c.jobs.queue.setConcurrency(c.settings.concurrencyNow);
      }
      if (patch.theme && c.host === 'desktop') c.desktop?.applyTheme(patch.theme);
      return view(c);
    },
  };
}
