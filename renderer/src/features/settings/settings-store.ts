import { create } from 'zustand';
import { applySettingsPatch, type SettingsPatch, type SettingsView } from '../../../../shared/settings';
import { ipc } from '../../lib/ipc';
import { applyTheme } from '../../lib/theme';
import { toast } from '../../lib/notify';

interface SettingsState {
  view: SettingsView | null;
  status: 'idle' | 'loading' | 'ready' | 'error';
  saving: boolean;
  load(): Promise<void>;
  update(patch: SettingsPatch, done?: string): Promise<boolean>;
  /** Desktop: a folder picker, then the library folder setting. */
  chooseLibrary(): Promise<void>;
  clearCache(): Promise<void>;
  relaunch(): Promise<void>;
}

/** The settings screen, and the theme everywhere: loading the settings applies their theme. */
export const useSettingsStore = create<SettingsState>()((set, get) => ({
  view: null,
  status: 'idle',
  saving: false,

  async load() {
    if (get().status === 'idle') set({ status: 'loading' });
    try {
      const view = await ipc.invoke('settings.get', {});
      applyTheme(view.settings.theme);
      set({ view, status: 'ready' });
    } catch (err) {
      set({ status: 'error' });
      toast.error(err);
    }
  },

  async update(patch, done) {
    // Shown at once (a radio or select must not snap back while the host answers); the answer confirms it.
    const before = get().view;
    if (before) {
      const settings = applySettingsPatch(before.settings, patch);
      applyTheme(settings.theme);
      set({ view: { ...before, settings } });
    }
    set({ saving: true });
    try {
      const view = await ipc.invoke('settings.update', { patch });
      applyTheme(view.settings.theme);
      set({ view });
      if (done) toast.success(done);
      return true;
    } catch (err) {
      toast.error(err);
      if (before) {
        applyTheme(before.settings.theme);
        set({ view: before });
      }
      return false;
    } finally {
      set({ saving: false });
    }
  },

  async chooseLibrary() {
    try {
      const dir = await ipc.invoke('desktop.chooseFolder', { title: 'Choose the library folder (an empty folder or an existing library)' });
      if (dir) await get().update({ libraryDir: dir });
    } catch (err) {
      toast.error(err);
    }
  },

  async clearCache() {
    try {
      const { freedBytes } = await ipc.invoke('desktop.clearCache', {});
      toast.success(freedBytes > 0 ? `Cache cleared (${(freedBytes / 1e6).toFixed(1)} MB freed)` : 'Cache cleared');
      await get().load();
    } catch (err) {
      toast.error(err);
    }
  },

  async relaunch() {
    try {
      await ipc.invoke('desktop.relaunch', {});
    } catch (err) {
      toast.error(err);
    }
  },
}));

export const selectSettingsView = (s: SettingsState) => s.view;
export const selectSettingsStatus = (s: SettingsState) => s.status;
export const selectSettingsSaving = (s: SettingsState) => s.saving;
