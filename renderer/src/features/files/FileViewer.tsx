import { lazy, Suspense, useState } from 'react';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { CopyButton } from '../../components/CopyButton';
import { ipc } from '../../lib/ipc';
import { toast } from '../../lib/notify';
import { useOpenProject } from '../project-view/use-project';
import { Icon } from '../../components/Icon';
import { Spinner } from '../../components/Spinner';
import { formatBytes } from '../../components/format';
import { baseName } from './file-kinds';
import { CodeView } from './CodeView';
import { isDirty, selectChildren, selectDraft, selectViewed, useFilesStore, type Draft } from './files-store';
import { actionTitle } from '../../lib/actions';

// CodeMirror is loaded when a file is first edited, not with the app.
const CodeEditor = lazy(() => import('./CodeEditor'));

/** The editor of one draft: save (Ctrl/Cmd+S), close, and what to do when the disk changed meanwhile. */
function EditorPane({ path, draft }: { path: string; draft: Draft }) {
  const { setDraft, save, discard, reloadDraft } = useFilesStore.getState();
  const [confirmClose, setConfirmClose] = useState(false);
  const dirty = isDirty(draft);
  return (
    <>
      <div className="editor-bar" role="toolbar" aria-label="Editor">
        <span className={`editor-state${dirty ? ' is-dirty' : ''}`} data-testid="editor-state">
          {draft.saving ? 'Saving…' : dirty ? '● Unsaved changes' : 'No unsaved changes'}
        </span>
        <button type="button" className="btn btn-small btn-primary" disabled={!dirty || draft.saving} onClick={() => void save(path)} title={actionTitle('editor.save')}>
          <Icon name="save" /> Save
        </button>
        <button type="button" className="btn btn-small" onClick={() => (dirty ? setConfirmClose(true) : discard(path))}>
          Close editor
        </button>
      </div>
      {draft.conflict && (
        <div className="editor-conflict" role="alert" data-testid="editor-conflict">
          <Icon name="alert" />
          <div>
            <strong>{draft.conflict === 'deleted' ? `${path} was deleted on disk` : `${path} changed on disk`}</strong> since you opened it
            {dirty ? '; your changes are not saved yet.' : '.'}
            <div className="editor-conflict-actions">
              <button type="button" className="btn btn-small" onClick={() => void reloadDraft(path)}>
                {draft.conflict === 'deleted' ? 'Drop my changes' : 'Load the disk version (drop mine)'}
              </button>
              <button type="button" className="btn btn-small btn-danger-text" onClick={() => void save(path, { force: true })}>
                {draft.conflict === 'deleted' ? 'Save mine (recreate it)' : 'Save mine over it'}
              </button>
            </div>
          </div>
        </div>
      )}
      <div className="viewer-body editor-body">
        <Suspense fallback={<Spinner label="Opening the editor…" />}>
          <CodeEditor path={path} text={draft.text} onChange={(t) => setDraft(path, t)} onSave={() => void save(path)} />
        </Suspense>
      </div>
      {confirmClose && (
        <ConfirmDialog open danger title={`Discard changes to ${baseName(path)}?`} confirmLabel="Discard changes" onClose={() => setConfirmClose(false)} onConfirm={() => { setConfirmClose(false); discard(path); }}>
          <p className="dialog-lead">What you typed since the last save is lost; the file on disk stays as it is.</p>
        </ConfirmDialog>
      )}
    </>
  );
}

/** A file's own actions outside the app: its app on the desktop, its path in the browser. */
function OutsideActions({ path }: { path: string }) {
  const project = useOpenProject();
  if (!project) return null;
  if (ipc.host === 'desktop') {
    return (
      <button type="button" className="btn btn-small" aria-label={`Open ${baseName(path)} in its app`} title="Open with the app your system uses for this kind of file" onClick={() => ipc.invoke('desktop.openInEditor', { projectId: project.id, path }).catch(toast.error)}>
        <Icon name="external" size={14} /> Open in editor
      </button>
    );
  }
  // Paths in the workspace use /, as the host names them; the desktop OS joins its own way.
  return <CopyButton text={`${project.namespace.workspacePath}/${path}`} label={`Copy the path of ${baseName(path)}`} what="file path" />;
}

function Header({ path, meta, onRename, onDelete, onEdit, isFile }: { path: string; meta?: string; onRename(): void; onDelete(): void; onEdit?: () => void; isFile?: boolean }) {
  return (
    <div className="viewer-header">
      <span className="viewer-path" title={path} data-testid="viewer-path">
        {path}
      </span>
      {meta && <span className="viewer-meta">{meta}</span>}
      {isFile && <OutsideActions path={path} />}
      {onEdit && (
        <button type="button" className="btn btn-small" onClick={onEdit} aria-label={`Edit ${baseName(path)}`}>
          <Icon name="pencil" size={14} /> Edit
        </button>
      )}
      <button type="button" className="icon-button" aria-label={`Rename or move ${baseName(path)}`} title="Rename or move (F2)" onClick={onRename}>
        <Icon name="pencil" size={14} />
      </button>
      <button type="button" className="icon-button icon-button-danger" aria-label={`Delete ${baseName(path)}`} title="Delete (Delete)" onClick={onDelete}>
        <Icon name="trash" size={14} />
      </button>
    </div>
  );
}

export function FileViewer({ onRename, onDelete, onNewFile, onNewFolder }: { onRename(path: string): void; onDelete(path: string): void; onNewFile(): void; onNewFolder(): void }) {
  const viewed = useFilesStore(selectViewed);
  const children = useFilesStore(selectChildren);
  const select = useFilesStore((s) => s.select);
  const draft = useFilesStore(selectDraft(viewed.kind === 'text' ? viewed.path : null));

  if (viewed.kind === 'none') {
    const count = children['']?.length ?? 0;
    return (
      <div className="viewer-empty">
        <div>
          <div className="empty-icon">
            <Icon name={count ? 'file' : 'folder'} size={26} />
          </div>
          <h2>{count ? 'Pick a file to view it' : 'Empty workspace'}</h2>
          <p>
            {count
              ? 'Text opens with line numbers; images and videos show here. In the tree: arrow keys move, Enter opens, F2 renames.'
              : 'Create the first file or folder here, or put files in the project folder with any editor: they show up on their own.'}
          </p>
          {!count && (
            <div className="empty-action">
              <button type="button" className="btn btn-primary" onClick={onNewFile}>
                <Icon name="plus" /> New file
              </button>
              <button type="button" className="btn" onClick={onNewFolder}>
                <Icon name="folder" /> New folder
              </button>
            </div>
          )}
        </div>
      </div>
    );
  }
  if (viewed.kind === 'loading') return <Spinner label={`Opening ${baseName(viewed.path)}…`} />;

  const header = (meta?: string) => <Header path={viewed.path} meta={meta} onRename={() => onRename(viewed.path)} onDelete={() => onDelete(viewed.path)} isFile={viewed.kind === 'media'} />;

  if (viewed.kind === 'error') {
    return (
      <>
        {header()}
        <div className="viewer-empty">
          <div>
            <h2>This file could not be opened</h2>
            <p>{viewed.message}</p>
          </div>
        </div>
      </>
    );
  }

  if (viewed.kind === 'dir') {
    const entries = children[viewed.path];
    return (
      <>
        {header(entries ? `${entries.length} item${entries.length === 1 ? '' : 's'}` : undefined)}
        <div className="viewer-body">
          {!entries ? (
            <Spinner />
          ) : entries.length === 0 ? (
            <div className="viewer-empty">
              <p>This folder is empty.</p>
            </div>
          ) : (
            <ul className="dir-list">
              {entries.map((e) => (
                <li key={e.path}>
                  <button type="button" className="dir-item" onClick={() => {
                      if (e.kind === 'dir') useFilesStore.getState().toggle(e.path, true);
                      void select(e.path);
                    }}>
                    <Icon name={e.kind === 'dir' ? 'folder' : 'file'} className={e.kind === 'dir' ? 'tree-icon-dir' : 'tree-icon-file'} />
                    <span className="tree-name">{baseName(e.path)}</span>
                    {e.kind !== 'dir' && <span className="tree-size">{formatBytes(e.size)}</span>}
                  </button>
                </li>
              ))}
            </ul>
          )}
        </div>
      </>
    );
  }

  if (viewed.kind === 'media') {
    return (
      <>
        {header(`${viewed.mime} · ${formatBytes(viewed.size)}`)}
        <div className="viewer-body">
          <div className="viewer-media">
            {viewed.view === 'image' && <img src={viewed.url} alt={baseName(viewed.path)} data-testid="viewer-image" />}
            {viewed.view === 'video' && <video src={viewed.url} controls preload="metadata" data-testid="viewer-video" />}
            {viewed.view === 'audio' && <audio src={viewed.url} controls preload="metadata" data-testid="viewer-audio" />}
          </div>
        </div>
      </>
    );
  }

  const c = viewed.content;
  const lines = c.binary ? 0 : c.text.split('\n').length - (c.text.endsWith('\n') ? 1 : 0);
  if (draft) {
    return (
      <>
        <Header path={viewed.path} meta={formatBytes(c.size)} onRename={() => onRename(viewed.path)} onDelete={() => onDelete(viewed.path)} isFile />
        <EditorPane path={viewed.path} draft={draft} />
      </>
    );
  }
  // Only a whole read can be saved back safely (its hash is checked at save).
  const editable = !c.binary && !c.truncated && !!c.sha256;
  return (
    <>
      <Header
        path={viewed.path}
        meta={c.binary ? formatBytes(c.size) : `${lines.toLocaleString()} line${lines === 1 ? '' : 's'}${c.truncated ? ' shown' : ''} · ${formatBytes(c.size)}`}
        onRename={() => onRename(viewed.path)}
        onDelete={() => onDelete(viewed.path)}
        onEdit={editable ? () => useFilesStore.getState().edit() : undefined}
        isFile
      />
      {c.truncated && !c.binary && (
        <p className="viewer-notice" role="note">
          <Icon name="info" /> Large file: showing the first {formatBytes(new TextEncoder().encode(c.text).length)} of {formatBytes(c.size)}.
        </p>
      )}
      {c.binary ? (
        <div className="viewer-empty">
          <div>
            <h2>Binary file</h2>
            <p>{baseName(c.path)} is not text, and not an image or video this viewer shows.</p>
          </div>
        </div>
      ) : c.text === '' ? (
        <div className="viewer-empty">
          <p>This file is empty.</p>
        </div>
      ) : (
        <CodeView text={c.text} />
      )}
    </>
  );
}
