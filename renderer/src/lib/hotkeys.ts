/**
 * Window-wide shortcuts (Ctrl/Cmd+K, Ctrl/Cmd+S). "mod" is Cmd on macOS and Ctrl elsewhere, so
 * one binding reads right on every platform.
 */
import { useEffect, useRef } from 'react';

const IS_MAC = typeof navigator !== 'undefined' && /Mac|iPhone|iPad/.test(navigator.platform);

/** The label of the mod key for hints in the UI. */
export const MOD_LABEL = IS_MAC ? '⌘' : 'Ctrl';

/** Whether an event matches a combo like "mod+k", "mod+shift+z", "f2", "delete". */
export function matchesCombo(e: KeyboardEvent | React.KeyboardEvent, combo: string): boolean {
  const parts = combo.toLowerCase().split('+');
  const key = parts.pop() as string;
  const wantMod = parts.includes('mod');
  const wantShift = parts.includes('shift');
  const wantAlt = parts.includes('alt');
  const mod = IS_MAC ? e.metaKey : e.ctrlKey;
  if (mod !== wantMod || e.shiftKey !== wantShift || e.altKey !== wantAlt) return false;
  return e.key.toLowerCase() === key;
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

/**
 * Binds a combo on the window while the component is mounted. Combos with mod fire even inside
 * fields (Ctrl+S in a text box should still checkpoint); plain keys do not.
 */
export function useHotkey(combo: string, handler: (e: KeyboardEvent) => void, enabled = true): void {
  const ref = useRef(handler);
  useEffect(() => {
    ref.current = handler;
  });
  useEffect(() => {
    if (!enabled) return;
    const hasMod = combo.toLowerCase().includes('mod');
    const onKey = (e: KeyboardEvent) => {
      if (e.defaultPrevented || !matchesCombo(e, combo)) return;
      if (!hasMod && isTypingTarget(e.target)) return;
      e.preventDefault();
      ref.current(e);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [combo, enabled]);
}
