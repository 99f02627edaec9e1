import { Icon } from '../../components/Icon';
import { useEffect, useRef, useState } from 'react';
import { ipc } from '../../lib/ipc';
import { useChannel } from '../../lib/query';
import { dragHasFiles, snapshotDrop } from './drop-files';
import { useImportStore } from './import-store';
import { ImportPanel } from './ImportPanel';
import './import.css';

/**
 * Mounted once at the app root: a window-wide drop target. Dragging files over the window shows
 * where they will land (the library, or the open project, which they are then linked to); dropping
 * starts the import and the progress panel.
 */
export function ImportLayer({ projectId }: { projectId?: string | undefined }) {
  const [over, setOver] = useState(false);
  // The open project's name, from the same cached read as its screen (a missing one: the screen says so).
  const projectName = useChannel('projects.get', { id: projectId ?? '' }, { enabled: !!projectId, select: (p) => p.name }).data ?? null;
  const depth = useRef(0);
  const target = useRef({ projectId, projectName });
  target.current = { projectId, projectName };

  useEffect(() => useImportStore.getState().startSync(), []);

  useEffect(() => {
    const enter = (e: DragEvent) => {
      if (!dragHasFiles(e)) return;
      e.preventDefault();
      depth.current++;
      setOver(true);
    };
    const overHandler = (e: DragEvent) => {
      if (!dragHasFiles(e)) return;
      e.preventDefault();
      if (e.dataTransfer) e.dataTransfer.dropEffect = 'copy';
      setOver(true);
    };
    const leave = (e: DragEvent) => {
      if (!dragHasFiles(e)) return;
      depth.current = Math.max(0, depth.current - 1);
      // Leaving the window (no related target) ends the drag-over even if counts went astray.
      if (depth.current === 0 || e.relatedTarget === null) {
        depth.current = 0;
        setOver(false);
      }
    };
    const drop = (e: DragEvent) => {
      // A drop zone of its own (say, a workspace folder) that took the drop called preventDefault: leave it.
      if (e.defaultPrevented) {
        depth.current = 0;
        setOver(false);
        return;
      }
      if (!e.dataTransfer || !dragHasFiles(e)) return;
      e.preventDefault();
      depth.current = 0;
      setOver(false);
      const snap = snapshotDrop(e.dataTransfer);
      const t = target.current;
      const dest = { projectId: t.projectId, projectName: t.projectName };
      if (ipc.host === 'desktop') {
        // Electron gives paths; folders are walked by the host, which skips what it should.
        void useImportStore.getState().start(snap.topLevel, dest);
      } else {
        void snap.files.then((files) => useImportStore.getState().start(files, dest));
      }
    };
    const end = () => {
      depth.current = 0;
      setOver(false);
    };
    window.addEventListener('dragenter', enter);
    window.addEventListener('dragover', overHandler);
    window.addEventListener('dragleave', leave);
    window.addEventListener('drop', drop);
    window.addEventListener('dragend', end);
    return () => {
      window.removeEventListener('dragenter', enter);
      window.removeEventListener('dragover', overHandler);
      window.removeEventListener('dragleave', leave);
      window.removeEventListener('drop', drop);
      window.removeEventListener('dragend', end);
    };
  }, []);

  return (
    <>
      {over && (
        <div className="drop-overlay" data-testid="drop-overlay" aria-live="polite">
          <div className="drop-card">
            <Icon name="importDrop" size={44} strokeWidth={1.6} />
            {projectId ? (
              <>
                <h2>Drop to add to {projectName ? `“${projectName}”` : 'this project'}</h2>
                <p>Files and folders are imported into the library and linked to this project.</p>
              </>
            ) : (
              <>
                <h2>Drop to import into the library</h2>
                <p>Files and folders (with everything inside) become assets. Content already in the library is not stored twice.</p>
              </>
            )}
          </div>
        </div>
      )}
      <ImportPanel />
    </>
  );
}
