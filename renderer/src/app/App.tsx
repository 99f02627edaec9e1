import { lazy, Suspense, useEffect } from 'react';
import { ImportLayer } from '../features/import/ImportLayer';
import { ProjectView } from '../features/project-view/ProjectView';
import { ProjectsScreen } from '../features/projects/ProjectsScreen';
import { QuickSearch } from '../features/projects/QuickSearch';
import { useSettingsStore } from '../features/settings/settings-store';
import { Toasts } from '../features/toasts/Toasts';
import { ErrorBoundary } from '../components/ErrorBoundary';
import { Spinner } from '../components/Spinner';
import { ShortcutsHelp } from '../components/ShortcutsHelp';
import { useAction } from '../lib/actions';
import { modalOpen } from '../lib/hotkeys';
import { ipc } from '../lib/ipc';
import { startLibrarySync } from '../lib/query';
import { useRoute } from '../lib/router';
import { StatusBar } from './StatusBar';
import { TopBar } from './TopBar';
import { selectShortcutsOpen, useShellStore } from './shell-store';

// Screens visited now and then load on first visit, keeping the first screen's bundle in budget.
// The assets library (grid, list, details, bulk edits) is the largest screen and not the first one shown.
const AssetsScreen = lazy(() => import('../features/assets/AssetsScreen').then((m) => ({ default: m.AssetsScreen })));
const TrashScreen = lazy(() => import('../features/trash/TrashScreen').then((m) => ({ default: m.TrashScreen })));
const LibraryScreen = lazy(() => import('../features/library/LibraryScreen').then((m) => ({ default: m.LibraryScreen })));
const SettingsScreen = lazy(() => import('../features/settings/SettingsScreen').then((m) => ({ default: m.SettingsScreen })));

export function App() {
  const route = useRoute();
  const projectId = route.name === 'project' ? route.projectId : undefined;

  useEffect(() => {
    // The one subscription keeping the server-state cache current (the project list, checkpoints, renders…).
    const stop = startLibrarySync();
    void useShellStore.getState().loadInfo();
    // The settings carry the theme: applied as soon as they arrive.
    void useSettingsStore.getState().load();
    // The desktop host asks for screens from its menus, dock and jump list (Settings…, a recent project).
    const offNavigate = ipc.on('app.navigate', ({ route }) => {
      if (typeof route === 'string' && route.startsWith('#/')) window.location.hash = route;
    });
    return () => {
      stop();
      offNavigate();
    };
  }, []);

  useAction('app.search', () => {
    if (!modalOpen()) useShellStore.getState().setSearchOpen(true);
  });
  useAction('app.shortcuts', () => {
    if (!modalOpen()) useShellStore.getState().setShortcutsOpen(true);
  });
  const shortcutsOpen = useShellStore(selectShortcutsOpen);

  let screen;
  if (route.name === 'assets') {
    screen = (
      <div className="page page-wide">
        <Suspense fallback={<Spinner label="Opening the assets…" />}>
          <AssetsScreen />
        </Suspense>
      </div>
    );
  } else if (route.name === 'settings') {
    screen = (
      <Suspense fallback={<Spinner label="Opening settings…" />}>
        <SettingsScreen />
      </Suspense>
    );
  } else if (route.name === 'trash') {
    screen = (
      <Suspense fallback={<Spinner label="Opening the trash…" />}>
        <TrashScreen />
      </Suspense>
    );
  } else if (route.name === 'library') {
    screen = (
      <Suspense fallback={<Spinner label="Opening the library screen…" />}>
        <LibraryScreen />
      </Suspense>
    );
  } else if (route.name === 'project') {
    screen = <ProjectView key={route.projectId} projectId={route.projectId} tab={route.tab} />;
  } else {
    screen = <ProjectsScreen />;
  }

  return (
    <div className="app">
      <TopBar route={route} />
      <main className="main" id="main">
        <ErrorBoundary resetKey={JSON.stringify(route)}>{screen}</ErrorBoundary>
      </main>
      <StatusBar />
      <ImportLayer projectId={projectId} />
      <QuickSearch />
      <ShortcutsHelp open={shortcutsOpen} onClose={() => useShellStore.getState().setShortcutsOpen(false)} />
      <Toasts />
    </div>
  );
}
