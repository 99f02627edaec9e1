import { useEffect, useMemo, useState } from 'react';
import type { DiffFile, DiffHunk, DiffSide } from '../../../../shared/models';
import { formatBytes } from '../../../../shared/format-bytes';
import { highlightLine, languageOf } from './highlight';
import { inlineRows, splitRows, wholeFileHunk, type Cell } from './diff-rows';
import { readSideText, type TextView } from './diff-store';

/** Rows past this are not drawn (a diff that long is read in an editor, not here). */
const MAX_ROWS = 4000;

function Code({ text, lang }: { text: string; lang: string | null }) {
  // highlightLine escapes the text; the HTML carries only highlight.js's own spans.
  return <code dangerouslySetInnerHTML={{ __html: highlightLine(text, lang) || '&#8203;' }} />;
}

function SplitCell({ cell, lang }: { cell: Cell | null; lang: string | null }) {
  if (!cell) return <><td className="df-no df-empty" /><td className="df-code df-empty" /></>;
  return (
    <>
      <td className={`df-no df-${cell.kind}`}>{cell.no}</td>
      <td className={`df-code df-${cell.kind}`}>
        <span className="df-mark" aria-hidden="true">{cell.kind === 'add' ? '+' : cell.kind === 'del' ? '−' : ' '}</span>
        <Code text={cell.text} lang={lang} />
      </td>
    </>
  );
}

/** Hunks for the file: the host's, or the whole text of a file only one side has. */
function useHunks(file: DiffFile, projectId: string, a: DiffSide, b: DiffSide): { hunks: DiffHunk[] | null; note: string | null } {
  const [whole, setWhole] = useState<{ hunks: DiffHunk[] | null; note: string | null }>({ hunks: null, note: null });
  const need = !file.hunks && (file.status === 'added' || file.status === 'removed');
  useEffect(() => {
    if (!need) return;
    let live = true;
    const side = file.status === 'added' ? b : a;
    void readSideText(projectId, side, file.path).then((t) => {
      if (!live || !t) return;
      if (t.binary) setWhole({ hunks: null, note: 'binary' });
      else setWhole({ hunks: [wholeFileHunk(t.text, file.status === 'added' ? 'add' : 'del')], note: t.truncated ? `Showing the first ${formatBytes(new TextEncoder().encode(t.text).length)}.` : null });
    });
    return () => {
      live = false;
    };
  }, [need, file.path, file.status, projectId, a, b]);
  if (file.hunks) return { hunks: file.hunks, note: null };
  return need ? whole : { hunks: null, note: null };
}

export function TextDiff({ file, projectId, a, b, view }: { file: DiffFile; projectId: string; a: DiffSide; b: DiffSide; view: TextView }) {
  const lang = languageOf(file.path);
  const { hunks, note } = useHunks(file, projectId, a, b);
  const split = useMemo(() => (hunks && view === 'split' ? splitRows(hunks) : []), [hunks, view]);
  const inline = useMemo(() => (hunks && view === 'inline' ? inlineRows(hunks) : []), [hunks, view]);

  if (note === 'binary') return <p className="df-notice">This file is binary; there are no lines to compare.</p>;
  if (!hunks) return <p className="df-notice muted">Loading…</p>;
  if (hunks.length === 0) return <p className="df-notice muted">Only whitespace or line endings changed.</p>;
  const rows = view === 'split' ? split.length : inline.length;
  return (
    <div className="df-text" data-testid="text-diff">
      {note && <p className="df-notice muted">{note}</p>}
      <table className={`df-table df-${view}`}>
        {view === 'split' ? (
          <colgroup>
            <col className="df-col-no" />
            <col />
            <col className="df-col-no" />
            <col />
          </colgroup>
        ) : (
          <colgroup>
            <col className="df-col-no" />
            <col className="df-col-no" />
            <col />
          </colgroup>
        )}
        {view === 'split' ? (
          <tbody>
            {split.slice(0, MAX_ROWS).map((r, i) =>
              r.kind === 'hunk' ? (
                <tr key={i} className="df-hunk">
                  <td colSpan={4}>{r.text}</td>
                </tr>
              ) : (
                <tr key={i}>
                  <SplitCell cell={r.left} lang={lang} />
                  <SplitCell cell={r.right} lang={lang} />
                </tr>
              ),
            )}
          </tbody>
        ) : (
          <tbody>
            {inline.slice(0, MAX_ROWS).map((r, i) =>
              r.kind === 'hunk' ? (
                <tr key={i} className="df-hunk">
                  <td colSpan={3}>{r.text}</td>
                </tr>
              ) : (
                <tr key={i}>
                  <td className={`df-no df-${r.kind}`}>{r.oldNo ?? ''}</td>
                  <td className={`df-no df-${r.kind}`}>{r.newNo ?? ''}</td>
                  <td className={`df-code df-${r.kind}`}>
                    <span className="df-mark" aria-hidden="true">{r.kind === 'add' ? '+' : r.kind === 'del' ? '−' : ' '}</span>
                    <Code text={r.text} lang={lang} />
                  </td>
                </tr>
              ),
            )}
          </tbody>
        )}
      </table>
      {rows > MAX_ROWS && <p className="df-notice muted">{rows - MAX_ROWS} more lines not shown.</p>}
    </div>
  );
}
