import { ProjectsScreen } from '../features/projects/ProjectsScreen';
import { ipc } from '../lib/ipc';

export function App() {
  return (
    <div className="app">
      <nav className="topbar">
        <span className="brand">Reelvault</span>
        <span className="host">{ipc.host === 'desktop' ? 'Desktop' : 'Web'}</span>
      </nav>
      <main>
        <ProjectsScreen />
      </main>
    </div>
  );
}
