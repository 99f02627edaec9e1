/**
 * The theme setting (system, light, dark). The styles follow the system through
 * `@media (prefers-color-scheme: dark)` rules; a chosen theme rewrites those rules' conditions in
 * place (always or never), in every stylesheet, including ones a lazy chunk adds later, so no style
 * is written twice. The desktop app also sets Electron's nativeTheme, so native menus, dialogs and
 * scrollbars match. The last choice is remembered in localStorage and applied before the first paint.
 */
import type { Theme } from '../../../shared/settings';

const KEY = 'reelvault.theme';
const original = new WeakMap<CSSMediaRule, string>();
let current: Theme = 'system';
let observing = false;

function conditionFor(media: string, theme: Theme): string {
  if (theme === 'system') return media;
  const dark = theme === 'dark';
  if (/^\s*\(\s*prefers-color-scheme\s*:\s*(dark|light)\s*\)\s*$/i.test(media)) {
    const wantsDark = /dark/i.test(media);
    return wantsDark === dark ? 'all' : 'not all';
  }
  // Combined with other features: swap the colour-scheme test for one that is always true or false.
  return media.replace(/\(\s*prefers-color-scheme\s*:\s*(dark|light)\s*\)/gi, (_m, s: string) => ((s.toLowerCase() === 'dark') === dark ? '(min-width: 0px)' : '(max-width: -1px)'));
}

function rewrite(rules: CSSRuleList, theme: Theme): void {
  for (const rule of Array.from(rules)) {
    if (!(rule instanceof CSSMediaRule)) continue;
    let media = original.get(rule);
    if (media === undefined) {
      media = rule.media.mediaText;
      if (!/prefers-color-scheme/i.test(media)) {
        rewrite(rule.cssRules, theme);
        continue;
      }
      original.set(rule, media);
    }
    rule.media.mediaText = conditionFor(media, theme);
    rewrite(rule.cssRules, theme);
  }
}

function rewriteAll(theme: Theme): void {
  for (const sheet of Array.from(document.styleSheets)) {
    try {
      rewrite(sheet.cssRules, theme);
    } catch {
      // A stylesheet from elsewhere cannot be read; ours always can.
    }
  }
}

/** Applies a theme now and to stylesheets added later; remembers it for the next start. */
export function applyTheme(theme: Theme): void {
  current = theme;
  document.documentElement.dataset.theme = theme;
  // Form controls and scrollbars: the page's color-scheme (the stylesheet says "light dark").
  document.documentElement.style.colorScheme = theme === 'system' ? '' : theme;
  rewriteAll(theme);
  try {
    localStorage.setItem(KEY, theme);
  } catch {
    // storage refused (private mode): the setting still comes from the host at start
  }
  if (!observing) {
    observing = true;
    new MutationObserver((records) => {
      for (const r of records) {
        for (const node of Array.from(r.addedNodes)) {
          if (node instanceof HTMLLinkElement) node.addEventListener('load', () => rewriteAll(current), { once: true });
          else if (node instanceof HTMLStyleElement) rewriteAll(current);
        }
      }
    }).observe(document.head, { childList: true });
  }
}

/** The theme chosen last time on this machine, before the host has answered. */
export function rememberedTheme(): Theme {
  try {
    const t = localStorage.getItem(KEY);
    return t === 'light' || t === 'dark' ? t : 'system';
  } catch {
    return 'system';
  }
}
