/**
 * Hash routing: the built renderer is loaded from file:// in Electron and from the web host's root,
 * so the location's path never changes; the hash carries the screen, and reload and back/forward
 * work in both hosts.
 */
import { useSyncExternalStore } from 'react';

export const PROJECT_TABS = ['files', 'renders', 'assets', 'timeline'] as const;
export type ProjectTab = (typeof PROJECT_TABS)[number];

export type Route =
  | { name: 'projects' }
  | { name: 'assets' }
  | { name: 'settings' }
  | { name: 'trash' }
  | { name: 'library' }
  /** detail: an optional fourth segment a tab may use (#/projects/<id>/timeline/<checkpointId>). */
  | { name: 'project'; projectId: string; tab: ProjectTab; detail?: string };

export function parseHash(hash: string): Route {
  const parts = hash.replace(/^#\/?/, '').split('/').filter(Boolean).map(decodeURIComponent);
  if (parts[0] === 'assets') return { name: 'assets' };
  if (parts[0] === 'settings') return { name: 'settings' };
  if (parts[0] === 'trash') return { name: 'trash' };
  if (parts[0] === 'library') return { name: 'library' };
  if (parts[0] === 'projects' && parts[1]) {
    const tab = PROJECT_TABS.find((t) => t === parts[2]) ?? 'files';
    return parts[3] ? { name: 'project', projectId: parts[1], tab, detail: parts[3] } : { name: 'project', projectId: parts[1], tab };
  }
  return { name: 'projects' };
}

export function routeHref(route: Route): string {
  switch (route.name) {
    case 'projects':
      return '#/projects';
    case 'assets':
      return '#/assets';
    case 'settings':
      return '#/settings';
    case 'trash':
      return '#/trash';
    case 'library':
      return '#/library';
    case 'project':
      return `#/projects/${encodeURIComponent(route.projectId)}/${route.tab}${route.detail ? `/${encodeURIComponent(route.detail)}` : ''}`;
  }
}

/** Goes to a screen; replace keeps it out of the history (tab switches would otherwise pile up). */
export function navigate(route: Route, opts: { replace?: boolean } = {}): void {
  const href = routeHref(route);
  if (window.location.hash === href) return;
  if (opts.replace) {
    window.history.replaceState(null, '', href);
    // replaceState fires no hashchange; tell the subscribers ourselves.
    window.dispatchEvent(new HashChangeEvent('hashchange'));
  } else {
    window.location.hash = href;
  }
}

const subscribe = (cb: () => void) => {
  window.addEventListener('hashchange', cb);
  return () => window.removeEventListener('hashchange', cb);
};
const getHash = () => window.location.hash;

/** The current route; components re-render when the hash changes. */
export function useRoute(): Route {
  const hash = useSyncExternalStore(subscribe, getHash);
  return parseHash(hash);
}
