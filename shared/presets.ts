/**
 * Project presets offered by the create dialog. A preset fills fps and size; values given
 * explicitly alongside it win, so "4K24 but at 25 fps" is one call.
 */
export const PROJECT_PRESETS = {
  '1080p30': { label: '1080p · 30 fps', width: 1920, height: 1080, fps: 30 },
  '4k24': { label: '4K · 24 fps', width: 3840, height: 2160, fps: 24 },
  vertical: { label: 'Vertical 1080×1920 · 30 fps', width: 1080, height: 1920, fps: 30 },
  square: { label: 'Square 1080×1080 · 30 fps', width: 1080, height: 1080, fps: 30 },
} as const;

export type ProjectPreset = keyof typeof PROJECT_PRESETS;
export const PRESET_NAMES = Object.keys(PROJECT_PRESETS) as ProjectPreset[];
