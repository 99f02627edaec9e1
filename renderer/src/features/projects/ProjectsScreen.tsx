import { useCallback, useEffect, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import type { Project } from '../../../../shared/models';
import { EmptyState } from '../../components/EmptyState';
import { PromptDialog } from '../../components/PromptDialog';
import { Icon } from '../../components/Icon';
import { Spinner } from '../../components/Spinner';
import { selectInfo, useShellStore } from '../../app/shell-store';
import { ipc } from '../../lib/ipc';
import { actionFor } from '../../lib/actions';
import { KeyHints } from '../../components/KeyHints';
import { navigate } from '../../lib/router';
import { toast } from '../../lib/notify';
import { CreateProjectDialog } from './CreateProjectDialog';
import { ProjectCard } from './ProjectCard';
import { selectQuery, selectSort, useProjectsStore, visibleProjects, type ProjectSort } from './projects-store';
import { useProjects } from './use-projects';

/** How many cards sit in one row right now: those sharing the first card's top edge. */
function columnsOf(list: HTMLElement): number {
  const items = list.querySelectorAll<HTMLElement>('[data-testid="project-card"]');
  const first = items[0];
  if (!first) return 1;
  const top = first.offsetTop;
  let n = 0;
  for (const el of items) {
    if (el.offsetTop !== top) break;
    n++;
  }
  return Math.max(1, n);
}

async function addExistingFolder() {
  try {
    const path = await ipc.invoke('desktop.chooseFolder', { title: 'Choose a project folder to add' });
    if (!path) return;
    const project = await useProjectsStore.getState().adopt(path);
    if (project) navigate({ name: 'project', projectId: project.id, tab: 'files' });
  } catch (err) {
    toast.error(err);
  }
}

export function ProjectsScreen() {
  const { projects, status, reload } = useProjects();
  const query = useProjectsStore(selectQuery);
  const sort = useProjectsStore(selectSort);
  const { setQuery, setSort, rename, remove } = useProjectsStore.getState();
  const info = useShellStore(selectInfo);
  const [createOpen, setCreateOpen] = useState(false);
  const [renaming, setRenaming] = useState<Project | null>(null);
  const [activeId, setActiveId] = useState<string | null>(null);
  const listRef = useRef<HTMLUListElement>(null);

  const visible = useMemo(() => visibleProjects(projects, query, sort), [projects, query, sort]);
  const activeIndex = Math.max(0, visible.findIndex((p) => p.id === activeId));

  const focusIndex = useCallback(
    (i: number) => {
      const p = visible[Math.max(0, Math.min(visible.length - 1, i))];
      if (!p) return;
      setActiveId(p.id);
      listRef.current?.querySelector<HTMLElement>(`[data-project-id="${p.id}"] .project-card-link`)?.focus();
    },
    [visible],
  );

  // After a delete from the keyboard, the card that moved into the gap gets the focus once it has rendered.
  const [refocusAt, setRefocusAt] = useState<number | null>(null);
  useEffect(() => {
    if (refocusAt === null) return;
    setRefocusAt(null);
    focusIndex(Math.min(refocusAt, visible.length - 1));
  }, [refocusAt, visible, focusIndex]);

  const trash = useCallback(
    async (p: Project, index: number) => {
      const wasFocused = listRef.current?.contains(document.activeElement);
      if ((await remove(p.id)) && wasFocused) setRefocusAt(index);
    },
    [remove],
  );

  const onGridKey = (e: KeyboardEvent<HTMLUListElement>) => {
    const list = listRef.current;
    if (!list || visible.length === 0) return;
    const cols = columnsOf(list);
    const i = activeIndex;
    const moves: Record<string, number> = { ArrowRight: i + 1, ArrowLeft: i - 1, ArrowDown: i + cols, ArrowUp: i - cols, Home: 0, End: visible.length - 1 };
    const act = actionFor(e, ['projects.move', 'projects.rename', 'projects.trash']);
    if (act === 'projects.move' && e.key in moves) {
      e.preventDefault();
      const to = moves[e.key] ?? i;
      if (to >= 0 && to < visible.length) focusIndex(to);
      return;
    }
    const p = visible[i];
    if (!p) return;
    if (act === 'projects.rename') {
      e.preventDefault();
      setRenaming(p);
    } else if (act === 'projects.trash') {
      e.preventDefault();
      void trash(p, i);
    }
  };

  const canBePersonal = !!info?.actor.userId;
  const isDesktop = ipc.host === 'desktop';

  return (
    <section className="page projects" aria-labelledby="projects-title">
      <header className="page-header">
        <div>
          <h1 id="projects-title">Projects</h1>
          {status === 'ready' && projects.length > 0 && (
            <p className="page-subtitle">
              {projects.length} project{projects.length === 1 ? '' : 's'}
            </p>
          )}
        </div>
        <div className="toolbar">
          {projects.length > 0 && (
            <>
              <label className="search-field">
                <Icon name="search" />
                <input type="search" aria-label="Filter projects" placeholder="Filter projects" value={query} onChange={(e) => setQuery(e.target.value)} />
              </label>
              <label className="select-field">
                <span className="sr-only">Sort by</span>
                <select aria-label="Sort by" value={sort} onChange={(e) => setSort(e.target.value as ProjectSort)}>
                  <option value="updated">Recently updated</option>
                  <option value="created">Newest</option>
                  <option value="name">Name</option>
                </select>
              </label>
            </>
          )}
          {isDesktop && (
            <button type="button" className="btn" onClick={() => void addExistingFolder()}>
              <Icon name="folderOpen" /> Add existing folder
            </button>
          )}
          <button type="button" className="btn btn-primary" onClick={() => setCreateOpen(true)}>
            <Icon name="plus" /> New project
          </button>
        </div>
      </header>

      {status === 'loading' && <Spinner label="Loading projects…" />}
      {status === 'error' && projects.length === 0 && (
        <EmptyState icon={<Icon name="alert" size={28} />} title="The projects could not be loaded" action={<button type="button" className="btn" onClick={reload}>Try again</button>}>
          The error is shown in the corner. Check that Reelvault is still running, then try again.
        </EmptyState>
      )}
      {status === 'ready' && projects.length === 0 && (
        <EmptyState
          icon={<Icon name="film" size={28} />}
          title="No projects yet"
          action={
            <button type="button" className="btn btn-primary" onClick={() => setCreateOpen(true)}>
              <Icon name="plus" /> Create your first project
            </button>
          }
        >
          A project is a folder for one video: its code or files, the renders you make from it, and checkpoints you can go back to.
          Create one from a preset{isDesktop ? ', or add a folder you already have' : ''}. You can also drop media anywhere on this window to import it into the asset library.
        </EmptyState>
      )}
      {projects.length > 0 && visible.length === 0 && (
        <EmptyState icon={<Icon name="search" size={28} />} title={`No projects match “${query}”`} action={<button type="button" className="btn" onClick={() => setQuery('')}>Clear the filter</button>} />
      )}

      {visible.length > 0 && (
        <ul className="project-grid" aria-label="Projects" ref={listRef} onKeyDown={onGridKey}>
          {visible.map((p, i) => (
            <ProjectCard
              key={p.id}
              project={p}
              active={i === activeIndex}
              onFocus={() => setActiveId(p.id)}
              onRename={() => setRenaming(p)}
              onDelete={() => void trash(p, i)}
            />
          ))}
        </ul>
      )}
      {visible.length > 0 && (
        <KeyHints className="hint" ids={['projects.move', 'projects.open', 'projects.rename', 'projects.trash']} />
      )}

      {createOpen && <CreateProjectDialog open onClose={() => setCreateOpen(false)} canBePersonal={canBePersonal} />}
      {renaming && (
        <PromptDialog
          title="Rename project"
          label="New name"
          initial={renaming.name}
          submitLabel="Rename"
          busyLabel="Renaming…"
          testId="rename-dialog"
          onClose={() => setRenaming(null)}
          onSubmit={(name) => rename(renaming.id, name)}
        />
      )}
    </section>
  );
}
