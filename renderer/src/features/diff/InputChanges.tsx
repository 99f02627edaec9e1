import type { DiffFile } from '../../../../shared/models';
import { useDiffStore, useOpenDiff } from './diff-store';

const PREVIEW_LINES = 14;

/** Props and data first (what a composition is given), then code, then the rest. */
function rank(f: DiffFile): number {
  if (/(^|\/)props[^/]*\.json$/i.test(f.path)) return 0;
  if (f.content === 'json' || /\.json$/i.test(f.path)) return 1;
  if (/\.(tsx?|jsx?|mjs|cjs|css)$/i.test(f.path)) return 2;
  return 3;
}

function preview(f: DiffFile): string[] {
  const lines: string[] = [];
  for (const h of f.hunks ?? []) {
    for (const l of h.lines) if (l[0] === '+' || l[0] === '-') lines.push(l);
    if (lines.length >= PREVIEW_LINES) break;
  }
  return lines.slice(0, PREVIEW_LINES);
}

/**
 * Beside the frame difference, what changed in the input between the two renders' checkpoints: the
 * composition's props and the JSON and source files, keys and lines — the reason the frames moved.
 */
export function InputChanges({ sameCheckpoint }: { sameCheckpoint: boolean }) {
  const { diff, status } = useOpenDiff();
  const { setTab, select } = useDiffStore.getState();
  if (sameCheckpoint) return <section className="ic" aria-label="Input changes" data-testid="input-changes"><p className="muted ic-note">Both renders come from the same checkpoint: the input is the same.</p></section>;
  if (status !== 'ready' || !diff) return <section className="ic" aria-label="Input changes" data-testid="input-changes"><p className="muted ic-note">Comparing the inputs…</p></section>;
  const files = diff.files.filter((f) => f.kind === 'file').sort((a, b) => rank(a) - rank(b) || a.path.localeCompare(b.path));
  return (
    <section className="ic" aria-label="Input changes" data-testid="input-changes">
      <h4 className="ic-title">What changed in the input</h4>
      {files.length === 0 && <p className="muted ic-note">No file differs between the two checkpoints.</p>}
      <ul className="ic-files">
        {files.map((f) => {
          const lines = preview(f);
          return (
            <li key={f.path} className="ic-file" data-testid="input-change">
              <button
                type="button"
                className="ic-path"
                title="Show the whole diff"
                onClick={() => {
                  setTab('files');
                  select(f.path);
                }}
              >
                <span className={`df-st df-st-${f.status}`}>{f.status[0]?.toUpperCase()}</span> {f.path}
              </button>
              {f.changedKeys && f.changedKeys.length > 0 && (
                <p className="ic-keys">
                  Changed {f.changedKeys.length === 1 ? 'key' : 'keys'}:{' '}
                  {f.changedKeys.slice(0, 12).map((k) => (
                    <code key={k}>{k}</code>
                  ))}
                  {f.changedKeys.length > 12 && <span className="muted"> and {f.changedKeys.length - 12} more</span>}
                </p>
              )}
              {lines.length > 0 && (
                <pre className="ic-lines">
                  {lines.map((l, i) => (
                    <span key={i} className={l[0] === '+' ? 'ic-add' : 'ic-del'}>
                      {l}
                      {'\n'}
                    </span>
                  ))}
                </pre>
              )}
            </li>
          );
        })}
      </ul>
    </section>
  );
}
