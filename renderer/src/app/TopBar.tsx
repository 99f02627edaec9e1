import { Icon } from '../components/Icon';
import { Keys } from '../components/KeyHints';
import { actionAria, actionTitle } from '../lib/actions';
import type { Route } from '../lib/router';
import { useShellStore } from './shell-store';
import { ThemeToggle } from './ThemeToggle';

export function TopBar({ route }: { route: Route }) {
  const setSearchOpen = useShellStore((s) => s.setSearchOpen);
  const setShortcutsOpen = useShellStore((s) => s.setShortcutsOpen);
  const section = route.name === 'assets' ? 'assets' : route.name === 'trash' ? 'trash' : route.name === 'library' ? 'library' : route.name === 'settings' ? null : 'projects';
  return (
    <header className="topbar">
      <a className="brand" href="#/projects" aria-label="Reelvault, all projects">
        <span className="brand-mark" aria-hidden="true">
          <Icon name="film" size={18} />
        </span>
        Reelvault
      </a>
      <nav className="topnav" aria-label="Main">
        <a href="#/projects" className="topnav-link" aria-current={section === 'projects' ? 'page' : undefined}>
          Projects
        </a>
        <a href="#/assets" className="topnav-link" aria-current={section === 'assets' ? 'page' : undefined}>
          Assets
        </a>
        <a href="#/trash" className="topnav-link" aria-current={section === 'trash' ? 'page' : undefined}>
          Trash
        </a>
        <a href="#/library" className="topnav-link" aria-current={section === 'library' ? 'page' : undefined}>
          Library
        </a>
      </nav>
      <button type="button" className="search-button" onClick={() => setSearchOpen(true)} aria-keyshortcuts={actionAria('app.search')}>
        <Icon name="search" />
        <span>Search projects</span>
        <Keys combo="mod+k" />
      </button>
      <button type="button" className="icon-button topbar-shortcuts" aria-label="Keyboard shortcuts" title={actionTitle('app.shortcuts', 'Keyboard shortcuts')} aria-keyshortcuts={actionAria('app.shortcuts')} onClick={() => setShortcutsOpen(true)}>
        <Icon name="keyboard" size={18} />
      </button>
      <ThemeToggle />
      <a href="#/settings" className="icon-button topbar-settings" aria-label="Settings" title="Settings" aria-current={route.name === 'settings' ? 'page' : undefined}>
        <Icon name="settings" size={18} />
      </a>
    </header>
  );
}
