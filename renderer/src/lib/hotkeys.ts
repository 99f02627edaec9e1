/**
 * Key combos: matching, platform and labels. A combo is written like "mod+k", "shift+arrowdown",
 * "f2", "?" — "mod" is ⌘ on Apple platforms and Ctrl elsewhere, so one binding reads right on every
 * platform. Which combos exist, and what they do, is the action registry's (lib/actions.ts).
 */

interface UADataNavigator {
  userAgentData?: { platform?: string };
}

/** Apple platforms, from User-Agent Client Hints where offered, else the user agent (navigator.platform is deprecated). */
export function detectMac(nav: (Navigator & UADataNavigator) | undefined = typeof navigator === 'undefined' ? undefined : navigator): boolean {
  if (!nav) return false;
  const platform = nav.userAgentData?.platform;
  return /mac|iphone|ipad|ios/i.test(platform || nav.userAgent || '');
}

export const IS_MAC = detectMac();

/** The label of the mod key for hints in the UI. */
export const MOD_LABEL = IS_MAC ? '⌘' : 'Ctrl';

/** Whether the platform's mod key (⌘ or Ctrl) is down. */
export const isMod = (e: { ctrlKey: boolean; metaKey: boolean }) => (IS_MAC ? e.metaKey : e.ctrlKey);

const KEY_ALIASES: Record<string, string> = { space: ' ', esc: 'escape', del: 'delete' };

/** "mod+shift+z" → modifiers ["mod", "shift"] and key "z"; "+" and "mod++" name the plus key. */
function splitCombo(combo: string): { mods: string[]; key: string } {
  const c = combo.toLowerCase();
  if (c === '+' || c.endsWith('++')) return { mods: c.slice(0, -2).split('+').filter(Boolean), key: '+' };
  const parts = c.split('+');
  const key = parts.pop() as string;
  return { mods: parts, key };
}

/** Whether an event matches a combo like "mod+k", "mod+shift+z", "f2", "delete", "?". */
export function matchesCombo(e: KeyboardEvent | React.KeyboardEvent, combo: string): boolean {
  const { mods: parts, key: name } = splitCombo(combo);
  const key = KEY_ALIASES[name] ?? name;
  const wantMod = parts.includes('mod');
  const wantShift = parts.includes('shift');
  const wantAlt = parts.includes('alt');
  if (isMod(e) !== wantMod || e.altKey !== wantAlt) return false;
  // The other platform's modifier is no part of any combo: Ctrl+S on a Mac is not ⌘S.
  if ((IS_MAC ? e.ctrlKey : e.metaKey) && !wantMod) return false;
  // "?" or "/" are what the layout types; whether it took Shift to type them differs per layout.
  const printable = key.length === 1 && !/[a-z0-9 ]/.test(key);
  if (!printable && e.shiftKey !== wantShift) return false;
  return e.key.toLowerCase() === key;
}

const KEY_LABELS: Record<string, string> = {
  arrowleft: '←',
  arrowright: '→',
  arrowup: '↑',
  arrowdown: '↓',
  space: 'Space',
  escape: 'Esc',
  enter: 'Enter',
  delete: 'Delete',
  backspace: IS_MAC ? '⌫' : 'Backspace',
  home: 'Home',
  end: 'End',
  pageup: 'Page Up',
  pagedown: 'Page Down',
};

/** The keys of a combo as people read them on this platform: "mod+shift+z" → ["Ctrl", "Shift", "Z"] or ["⌘", "⇧", "Z"]. */
export function comboKeys(combo: string): string[] {
  const { mods, key } = splitCombo(combo);
  return [...mods, key].map((p) => {
    if (p === 'mod') return MOD_LABEL;
    if (p === 'shift') return IS_MAC ? '⇧' : 'Shift';
    if (p === 'alt') return IS_MAC ? '⌥' : 'Alt';
    return KEY_LABELS[p] ?? (p.length === 1 ? p.toUpperCase() : p.charAt(0).toUpperCase() + p.slice(1));
  });
}

/** A combo as one string for titles and tooltips: "Ctrl+S", "⌘S". */
export function comboLabel(combo: string): string {
  return comboKeys(combo).join(IS_MAC ? '' : '+');
}

const ARIA_KEYS: Record<string, string> = { escape: 'Escape', arrowleft: 'ArrowLeft', arrowright: 'ArrowRight', arrowup: 'ArrowUp', arrowdown: 'ArrowDown', pageup: 'PageUp', pagedown: 'PageDown', space: 'Space' };

/** A combo in aria-keyshortcuts' syntax ("Control+S", "Meta+S", "Shift+?"→"?"). */
export function ariaCombo(combo: string): string {
  const { mods, key } = splitCombo(combo);
  return [...mods, key]
    .map((p) => (p === 'mod' ? (IS_MAC ? 'Meta' : 'Control') : p === 'shift' ? 'Shift' : p === 'alt' ? 'Alt' : ARIA_KEYS[p] ?? (p.length === 1 ? p.toUpperCase() : p.charAt(0).toUpperCase() + p.slice(1))))
    .join('+');
}

/** True while the user types in a field, where single-key shortcuts must not fire. */
export function isTypingTarget(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (target.isContentEditable) return true;
  const tag = target.tagName;
  if (tag === 'TEXTAREA' || tag === 'SELECT') return true;
  if (tag === 'INPUT') {
    const type = (target as HTMLInputElement).type;
    return !['checkbox', 'radio', 'button', 'submit', 'range'].includes(type);
  }
  return false;
}

/** True while a modal dialog is open: window shortcuts must not open a second one on top. */
export function modalOpen(): boolean {
  return document.querySelector('dialog[open]') !== null;
}
