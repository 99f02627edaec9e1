import { useVirtualizer } from '@tanstack/react-virtual';
import { useEffect, useMemo, useRef, type KeyboardEvent } from 'react';
import type { FileEntry } from '../../../../shared/models';
import { Icon } from '../../components/Icon';
import { formatBytes } from '../../components/format';
import { actionFor } from '../../lib/actions';
import { baseName, parentOf, viewKindOf } from './file-kinds';
import { selectChildren, selectExpanded, selectLoadingDirs, selectSelected, useFilesStore } from './files-store';

interface Row {
  entry: FileEntry;
  level: number;
}

/** The rows a person sees: each listed folder's children, descending into the open ones. */
function flatten(children: Record<string, FileEntry[]>, expanded: Record<string, boolean>): Row[] {
  const rows: Row[] = [];
  const walk = (dir: string, level: number) => {
    for (const entry of children[dir] ?? []) {
      rows.push({ entry, level });
      if (entry.kind === 'dir' && expanded[entry.path]) walk(entry.path, level + 1);
    }
  };
  walk('', 1);
  return rows;
}

const rowId = (i: number) => `file-row-${i}`;
const ROW_HEIGHT = 26;

function EntryIcon({ entry, open }: { entry: FileEntry; open: boolean }) {
  if (entry.kind === 'dir') return <Icon name={open ? 'folderOpen' : 'folder'} className="tree-icon-dir" />;
  const view = viewKindOf(entry.path);
  return <Icon name={view === 'image' ? 'image' : view === 'video' ? 'film' : 'file'} className="tree-icon-file" />;
}

interface FileTreeProps {
  onRename(path: string): void;
  onDelete(path: string): void;
}

/**
 * One focusable tree (aria-activedescendant), keyboard as in a file manager: ↑/↓ move, → opens a
 * folder or steps into it, ← closes it or steps out, Enter opens, F2 renames, Delete deletes.
 */
export function FileTree({ onRename, onDelete }: FileTreeProps) {
  const children = useFilesStore(selectChildren);
  const expanded = useFilesStore(selectExpanded);
  const loadingDirs = useFilesStore(selectLoadingDirs);
  const selected = useFilesStore(selectSelected);
  const { toggle, select } = useFilesStore.getState();
  const rows = useMemo(() => flatten(children, expanded), [children, expanded]);
  const cursor = Math.max(0, rows.findIndex((r) => r.entry.path === selected));
  const treeRef = useRef<HTMLUListElement>(null);
  const openTimer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  // Virtualized: an opened node_modules is thousands of rows; only those in view are in the DOM.
  const v = useVirtualizer({ count: rows.length, getScrollElement: () => treeRef.current, estimateSize: () => ROW_HEIGHT, overscan: 12 });

  useEffect(() => () => clearTimeout(openTimer.current), []);
  useEffect(() => {
    // Keeps the cursor row rendered (aria-activedescendant must name an element) and in view.
    if (v.options.count > cursor) v.scrollToIndex(cursor, { align: 'auto' });
  }, [cursor, v]);

  /** Arrowing past files selects them at once but opens them only when the keys rest (videos are copied to view). */
  const moveTo = (i: number) => {
    const row = rows[Math.max(0, Math.min(rows.length - 1, i))];
    if (!row) return;
    useFilesStore.setState({ selected: row.entry.path });
    clearTimeout(openTimer.current);
    openTimer.current = setTimeout(() => void select(row.entry.path), 180);
  };

  const onKey = (e: KeyboardEvent<HTMLUListElement>) => {
    const row = rows[cursor];
    const act = actionFor(e, ['files.move', 'files.fold', 'files.open', 'files.rename', 'files.delete']);
    if (!act) return;
    if (act === 'files.move') {
      if (e.key === 'ArrowDown') moveTo(selected === null ? 0 : cursor + 1);
      else if (e.key === 'ArrowUp') moveTo(cursor - 1);
      else if (e.key === 'Home') moveTo(0);
      else moveTo(rows.length - 1);
    } else if (!row) return;
    else if (act === 'files.fold' && e.key === 'ArrowRight') {
      if (row.entry.kind !== 'dir') return;
      if (!expanded[row.entry.path]) toggle(row.entry.path, true);
      else if (rows[cursor + 1]?.level === row.level + 1) moveTo(cursor + 1);
    } else if (act === 'files.fold') {
      if (row.entry.kind === 'dir' && expanded[row.entry.path]) toggle(row.entry.path, false);
      else {
        const parent = parentOf(row.entry.path);
        const pi = rows.findIndex((r) => r.entry.path === parent);
        if (pi >= 0) moveTo(pi);
      }
    } else if (act === 'files.open') {
      clearTimeout(openTimer.current);
      if (row.entry.kind === 'dir') toggle(row.entry.path);
      void select(row.entry.path);
    } else if (act === 'files.rename') onRename(row.entry.path);
    else onDelete(row.entry.path);
    e.preventDefault();
  };

  return (
    <ul
      className="tree"
      role="tree"
      aria-label="Workspace files"
      tabIndex={0}
      ref={treeRef}
      aria-activedescendant={rows.length ? rowId(cursor) : undefined}
      onKeyDown={onKey}
      data-testid="file-tree"
    >
      <li role="none" className="tree-spacer" style={{ height: v.getTotalSize() }} />
      {v.getVirtualItems().map((item) => {
        const i = item.index;
        const r = rows[i];
        if (!r) return null;
        const isDir = r.entry.kind === 'dir';
        const open = isDir && !!expanded[r.entry.path];
        return (
          <li
            key={r.entry.path}
            id={rowId(i)}
            role="treeitem"
            aria-level={r.level}
            aria-expanded={isDir ? open : undefined}
            aria-selected={r.entry.path === selected}
            className={`tree-row${i === cursor ? ' tree-cursor' : ''}`}
            // Indentation by depth; set through the CSSOM, which the style-src policy allows.
            style={{ paddingLeft: 8 + (r.level - 1) * 16, transform: `translateY(${item.start}px)`, height: ROW_HEIGHT }}
            data-path={r.entry.path}
            title={r.entry.nameNotUtf8 ? `${r.entry.path} — this name is not valid UTF-8: checkpoints leave it out until it is renamed` : r.entry.path}
            // Named by its file name (the size and the badge are hidden from the name, and describe it instead).
            aria-describedby={`${rowId(i)}-desc`}
            onClick={() => {
              clearTimeout(openTimer.current);
              if (isDir) toggle(r.entry.path);
              void select(r.entry.path);
              treeRef.current?.focus();
            }}
          >
            <span className="tree-twisty" aria-hidden="true">
              {isDir && (loadingDirs[r.entry.path] && !children[r.entry.path] ? <span className="spinner spinner-tiny" /> : <Icon name={open ? 'chevronDown' : 'chevronRight'} size={12} />)}
            </span>
            <EntryIcon entry={r.entry} open={open} />
            <span className="tree-name">{baseName(r.entry.path)}</span>
            <span id={`${rowId(i)}-desc`} className="tree-desc" aria-hidden="true">
              {r.entry.nameNotUtf8 && (
                <span className="tree-badge" data-testid="name-not-utf8">
                  not in checkpoints
                </span>
              )}
              {!isDir && <span className="tree-size">{formatBytes(r.entry.size)}</span>}
            </span>
          </li>
        );
      })}
    </ul>
  );
}
