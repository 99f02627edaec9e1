import { useMemo, useState, type KeyboardEvent } from 'react';
import { selectSearchOpen, useShellStore } from '../../app/shell-store';
import { Dialog } from '../../components/Dialog';
import { Icon } from '../../components/Icon';
import { formatFps, relativeTime } from '../../components/format';
import { navigate } from '../../lib/router';
import { visibleProjects } from './projects-store';
import { useProjects } from './use-projects';
import { ScopeBadge } from './ScopeBadge';
import { actionFor } from '../../lib/actions';
import { KeyHints } from '../../components/KeyHints';

const MAX_RESULTS = 50;

/** Ctrl/Cmd+K: type part of a name, arrows pick, Enter opens. */
export function QuickSearch() {
  const open = useShellStore(selectSearchOpen);
  if (!open) return null;
  return <QuickSearchDialog onClose={() => useShellStore.getState().setSearchOpen(false)} />;
}

function QuickSearchDialog({ onClose }: { onClose(): void }) {
  const { projects } = useProjects();
  const [text, setText] = useState('');
  const [index, setIndex] = useState(0);
  const results = useMemo(() => visibleProjects(projects, text, 'updated').slice(0, MAX_RESULTS), [projects, text]);
  const current = Math.min(index, results.length - 1);

  const openProject = (id: string) => {
    onClose();
    navigate({ name: 'project', projectId: id, tab: 'files' });
  };

  const onKey = (e: KeyboardEvent<HTMLInputElement>) => {
    if (actionFor(e, ['search.choose']) !== 'search.choose') return;
    e.preventDefault();
    const down = e.key === 'ArrowDown';
    setIndex((i) => (down ? Math.min(results.length - 1, i + 1) : Math.max(0, i - 1)));
  };

  return (
    <Dialog
      open
      title="Search projects"
      onClose={onClose}
      onSubmit={() => {
        const p = results[current];
        if (p) openProject(p.id);
      }}
      testId="quick-search"
    >
      <label className="search-field search-field-large">
        <Icon name="search" size={18} />
        <input
          type="search"
          aria-label="Search projects"
          placeholder="Type a project name…"
          value={text}
          role="combobox"
          aria-expanded="true"
          aria-controls="quick-search-results"
          aria-activedescendant={results[current] ? `qs-${results[current].id}` : undefined}
          onChange={(e) => {
            setText(e.target.value);
            setIndex(0);
          }}
          onKeyDown={onKey}
        />
      </label>
      {results.length === 0 ? (
        <p className="muted quick-empty">{projects.length === 0 ? 'There are no projects yet.' : `No project is called anything like “${text}”.`}</p>
      ) : (
        <ul className="quick-results" id="quick-search-results" role="listbox" aria-label="Projects found">
          {results.map((p, i) => (
            <li
              key={p.id}
              id={`qs-${p.id}`}
              role="option"
              aria-selected={i === current}
              className="quick-result"
              onMouseEnter={() => setIndex(i)}
              onClick={() => openProject(p.id)}
            >
              <span className="quick-name">{p.name}</span>
              <span className="muted">
                {p.width}×{p.height} · {formatFps(p.fps)} fps · {relativeTime(p.updatedAt)}
              </span>
              <ScopeBadge project={p} />
            </li>
          ))}
        </ul>
      )}
      <KeyHints className="hint" ids={['search.choose', 'search.open', 'app.close']} />
    </Dialog>
  );
}
