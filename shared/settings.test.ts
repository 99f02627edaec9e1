import { describe, expect, it } from 'vitest';
import { settingsFromJson, settingsPatch } from './settings-schema.js';
import { applySettingsPatch, DEFAULT_SETTINGS } from './settings.js';

describe('settings', () => {
  it('a missing, damaged or partly wrong file reads as the defaults field by field', () => {
    expect(settingsFromJson(undefined)).toEqual(DEFAULT_SETTINGS);
    expect(settingsFromJson('nonsense')).toEqual(DEFAULT_SETTINGS);
    expect(settingsFromJson({ theme: 'sepia', libraryDir: 'relative', media: { concurrency: 0, timeoutSeconds: 60, startPaused: 'yes' }, extra: 1 })).toEqual({
      theme: 'system',
      libraryDir: null,
      media: { concurrency: null, timeoutSeconds: 60, startPaused: false },
    });
    expect(settingsFromJson({ theme: 'dark', libraryDir: '/srv/library', media: { concurrency: 3 } })).toEqual({ theme: 'dark', libraryDir: '/srv/library', media: { concurrency: 3, timeoutSeconds: 300, startPaused: false } });
  });

  it('a patch changes only what it names; null library goes back to the default', () => {
    const base = applySettingsPatch(DEFAULT_SETTINGS, { libraryDir: '/a', media: { timeoutSeconds: 60 } });
    expect(base).toEqual({ theme: 'system', libraryDir: '/a', media: { concurrency: null, timeoutSeconds: 60, startPaused: false } });
    expect(applySettingsPatch(base, { theme: 'light', libraryDir: null, media: { concurrency: 2 } })).toEqual({ theme: 'light', libraryDir: null, media: { concurrency: 2, timeoutSeconds: 60, startPaused: false } });
  });

  it('the patch schema refuses what the screen could never send', () => {
    for (const bad of [{ theme: 'sepia' }, { libraryDir: 'relative/path' }, { libraryDir: '/a\0b' }, { media: { concurrency: 0 } }, { media: { timeoutSeconds: 5 } }, { media: { extra: 1 } }, { other: 1 }]) {
      expect(settingsPatch.safeParse(bad).success, JSON.stringify(bad)).toBe(false);
    }
    expect(settingsPatch.safeParse({ libraryDir: 'C:\\Users\\me\\Reelvault' }).success).toBe(true);
  });
});
