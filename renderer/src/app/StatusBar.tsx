import { JobsIndicator } from '../features/jobs/JobsIndicator';
import { MediaToolsStatus } from './MediaToolsStatus';
import { selectInfo, useShellStore } from './shell-store';

export function StatusBar() {
  const info = useShellStore(selectInfo);
  return (
    <footer className="statusbar" aria-label="Status">
      <span className="status-item status-library" title={info?.libraryDir}>
        <span className="status-label">Library</span> {info ? info.libraryDir : '…'}
      </span>
      {info && (
        <span className="status-item">
          <span className={`host-dot host-${info.host}`} aria-hidden="true" />
          {info.host === 'desktop' ? 'Desktop app' : 'Web (reelvault serve)'}
        </span>
      )}
      {info?.actor.userId && <span className="status-item">User {info.actor.userId}</span>}
      {info?.actor.sessionId && (
        <span
          className="status-item"
          data-testid="status-session"
          title={info.actor.sessionId.startsWith('app-') ? `Scratch projects belong to this session (${info.actor.sessionId}); it is this installation's, kept across restarts, until each project's time runs out` : `Scratch projects belong to this session (${info.actor.sessionId}), which ends with this launch`}
        >
          Session {info.actor.sessionId.replace(/^(app|web|desktop|mcp)-/, '').slice(0, 8)}
        </span>
      )}
      <span className="status-spacer" />
      {info?.media && <MediaToolsStatus tools={info.media} />}
      <JobsIndicator />
      {info && <span className="status-item muted">v{info.version}</span>}
    </footer>
  );
}
