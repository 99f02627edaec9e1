import { useEffect, useState } from 'react';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { Icon } from '../../components/Icon';
import { PromptDialog } from '../../components/PromptDialog';
import { Spinner } from '../../components/Spinner';
import { baseName, joinPath, parentOf } from './file-kinds';
import { FileTree } from './FileTree';
import { FileViewer } from './FileViewer';
import { isDirty, selectChildren, selectRootStatus, selectSelected, useFilesStore } from './files-store';
import { selectWatching, useProjectViewStore } from '../project-view/project-view-store';

type Pending = { kind: 'new-file' | 'new-folder'; dir: string } | { kind: 'move'; path: string } | { kind: 'delete'; path: string } | null;

/** Where a new file goes: into the selected folder, else next to the selected file, else the root. */
function targetDir(): string {
  const { selected, children } = useFilesStore.getState();
  if (!selected) return '';
  const entry = children[parentOf(selected)]?.find((e) => e.path === selected);
  return entry?.kind === 'dir' ? selected : parentOf(selected);
}

export function FilesTab({ projectId }: { projectId: string }) {
  const rootStatus = useFilesStore(selectRootStatus);
  const children = useFilesStore(selectChildren);
  const selected = useFilesStore(selectSelected);
  const watching = useProjectViewStore(selectWatching);
  const { createFile, createFolder, move, remove } = useFilesStore.getState();
  const [pending, setPending] = useState<Pending>(null);
  const [deleting, setDeleting] = useState(false);

  // Unsaved edits: the browser asks before the page goes (reload, close, another URL).
  useEffect(() => {
    const onUnload = (e: BeforeUnloadEvent) => {
      if (Object.values(useFilesStore.getState().drafts).some(isDirty)) e.preventDefault();
    };
    window.addEventListener('beforeunload', onUnload);
    return () => window.removeEventListener('beforeunload', onUnload);
  }, []);

  useEffect(() => {
    const s = useFilesStore.getState();
    const stop = s.startSync();
    void s.open(projectId);
    return stop;
  }, [projectId]);

  const rootEntries = children[''];
  const close = () => setPending(null);
  const newFile = () => setPending({ kind: 'new-file', dir: targetDir() });
  const newFolder = () => setPending({ kind: 'new-folder', dir: targetDir() });
  const isDirPath = (p: string) => children[parentOf(p)]?.find((e) => e.path === p)?.kind === 'dir';

  return (
    <div className="files" data-testid="files-tab">
      <div className="files-side">
        <div className="files-toolbar">
          <span className="files-title">
            Workspace
            {watching && (
              <span className="files-live" data-testid="files-live" title="Edits made on disk (an editor, a terminal) show up here on their own">
                live
              </span>
            )}
          </span>
          <button type="button" className="icon-button" aria-label="New file" title="New file" onClick={newFile}>
            <Icon name="plus" />
          </button>
          <button type="button" className="icon-button" aria-label="New folder" title="New folder" onClick={newFolder}>
            <Icon name="folder" />
          </button>
          <button type="button" className="icon-button" aria-label="Rename or move" title="Rename or move (F2)" disabled={!selected} onClick={() => selected && setPending({ kind: 'move', path: selected })}>
            <Icon name="pencil" />
          </button>
          <button type="button" className="icon-button icon-button-danger" aria-label="Delete" title="Delete (Delete)" disabled={!selected} onClick={() => selected && setPending({ kind: 'delete', path: selected })}>
            <Icon name="trash" />
          </button>
        </div>
        {rootStatus === 'loading' && !rootEntries && <Spinner label="Listing files…" />}
        {rootStatus === 'error' && !rootEntries && (
          <div className="tree-empty">
            <p className="muted">The files could not be listed.</p>
            <button type="button" className="btn btn-small" onClick={() => void useFilesStore.getState().loadDir('')}>
              Try again
            </button>
          </div>
        )}
        {rootEntries && rootEntries.length === 0 ? (
          <p className="tree-empty muted">No files yet.</p>
        ) : (
          rootEntries && <FileTree onRename={(path) => setPending({ kind: 'move', path })} onDelete={(path) => setPending({ kind: 'delete', path })} />
        )}
      </div>
      <div className="files-main">
        <FileViewer onRename={(path) => setPending({ kind: 'move', path })} onDelete={(path) => setPending({ kind: 'delete', path })} onNewFile={newFile} onNewFolder={newFolder} />
      </div>

      {(pending?.kind === 'new-file' || pending?.kind === 'new-folder') && (
        <PromptDialog
          title={pending.kind === 'new-file' ? 'New file' : 'New folder'}
          label={pending.kind === 'new-file' ? 'File name' : 'Folder name'}
          placeholder={pending.kind === 'new-file' ? 'e.g. src/Intro.tsx' : 'e.g. public'}
          submitLabel="Create"
          busyLabel="Creating…"
          testId="new-entry-dialog"
          hint={<>In {pending.dir ? <code>{pending.dir}/</code> : 'the workspace root'}. Use / to make folders on the way.</>}
          onClose={close}
          onSubmit={(name) => (pending.kind === 'new-file' ? createFile(joinPath(pending.dir, name)) : createFolder(joinPath(pending.dir, name)))}
        />
      )}
      {pending?.kind === 'move' && (
        <PromptDialog
          title={`Rename or move ${baseName(pending.path)}`}
          label="Path in the workspace"
          initial={pending.path}
          selectStem
          submitLabel="Move"
          busyLabel="Moving…"
          testId="move-dialog"
          hint="Change the name to rename; change the folders to move it."
          onClose={close}
          onSubmit={(to) => move(pending.path, to.replace(/^\/+/, ''))}
        />
      )}
      {pending?.kind === 'delete' && (
        <ConfirmDialog
          open
          danger
          busy={deleting}
          title={`Delete ${baseName(pending.path)}?`}
          confirmLabel="Delete"
          onClose={close}
          onConfirm={async () => {
            setDeleting(true);
            const ok = await remove(pending.path);
            setDeleting(false);
            if (ok) close();
          }}
        >
          <p className="dialog-lead">
            {isDirPath(pending.path) ? (
              <>
                The folder <code>{pending.path}</code> and everything in it will be deleted from the workspace.
              </>
            ) : (
              <>
                <code>{pending.path}</code> will be deleted from the workspace.
              </>
            )}{' '}
            Checkpoints keep their copies, and what none holds yet (ignored files too) is saved in an automatic checkpoint first: restore it to get it back.
          </p>
        </ConfirmDialog>
      )}
    </div>
  );
}
