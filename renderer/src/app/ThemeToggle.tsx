import type { Theme } from '../../../shared/settings';
import { Icon } from '../components/Icon';
import { rememberedTheme } from '../lib/theme';
import { useSettingsStore } from '../features/settings/settings-store';

const NEXT: Record<Theme, Theme> = { system: 'light', light: 'dark', dark: 'system' };
const LABEL: Record<Theme, string> = { system: 'System (follows the OS)', light: 'Light', dark: 'Dark' };
const ICON = { system: 'monitor', light: 'sun', dark: 'moon' } as const;

/**
 * The theme at one click from anywhere: system → light → dark → system. The same setting as the
 * Settings screen's (saved by the host, remembered on this machine), so both always agree.
 */
export function ThemeToggle() {
  const saved = useSettingsStore((s) => s.view?.settings.theme);
  const theme: Theme = saved ?? rememberedTheme();
  const next = NEXT[theme];
  return (
    <button
      type="button"
      className="icon-button topbar-theme"
      data-testid="theme-toggle"
      data-theme-choice={theme}
      aria-label={`Theme: ${LABEL[theme]}. Switch to ${LABEL[next]}`}
      title={`Theme: ${LABEL[theme]} — click for ${LABEL[next]}`}
      onClick={() => void useSettingsStore.getState().update({ theme: next })}
    >
      <Icon name={ICON[theme]} size={18} />
    </button>
  );
}
