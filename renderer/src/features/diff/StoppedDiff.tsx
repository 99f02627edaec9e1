import { useRef, useState, type RefObject } from 'react';
import type { TextContent } from '../../../../shared/contract';
import { stoppedDiffMessage } from '../../../../shared/diff-notes';
import type { DiffFile, DiffSide } from '../../../../shared/models';
import { Icon } from '../../components/Icon';
import { formatBytes } from '../../components/format';
import { highlightLine, languageOf } from './highlight';
import { readSideText } from './diff-store';

/** Each side shows at most this much: enough to read around, never a 500 kB DOM. */
const SIDE_BYTES = 256 * 1024;
const SIDE_LINES = 3000;

interface Sides {
  a: TextContent | null;
  b: TextContent | null;
}

/** One side's text with line numbers, unaligned: the diff that would align them was too costly. */
function SideText({ label, tone, text, lang, scroller, onScroll }: { label: string; tone: 'a' | 'b'; text: TextContent | null; lang: string | null; scroller: RefObject<HTMLDivElement | null>; onScroll(): void }) {
  if (!text) return <div className="df-side-text"><p className="df-notice muted">Could not read this side.</p></div>;
  const all = text.text.replace(/\n$/, '').split('\n');
  const lines = all.slice(0, SIDE_LINES);
  const more = all.length > SIDE_LINES || text.truncated;
  return (
    <div className="df-side-text" data-testid={`side-text-${tone}`} ref={scroller} onScroll={onScroll}>
      <h5 className={`df-side-label df-tone-${tone}`}>{label}</h5>
      <table className="df-table df-inline">
        <colgroup>
          <col className="df-col-no" />
          <col />
        </colgroup>
        <tbody>
          {lines.map((l, i) => (
            <tr key={i}>
              <td className="df-no">{i + 1}</td>
              <td className="df-code">
                <code dangerouslySetInnerHTML={{ __html: highlightLine(l, lang) || '&#8203;' }} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {more && <p className="df-notice muted">Showing the first {lines.length.toLocaleString('en-US')} lines of {formatBytes(text.size)}.</p>}
    </div>
  );
}

/**
 * A modified file whose line diff was stopped at its budget (text-diff.ts): says so, with the
 * lower-bound counts, and offers both versions side by side, unaligned, to read instead.
 */
export function StoppedDiff({ file, projectId, a, b, aLabel, bLabel }: { file: DiffFile; projectId: string; a: DiffSide; b: DiffSide; aLabel: string; bLabel: string }) {
  const [sides, setSides] = useState<Sides | 'loading' | null>(null);
  const lang = languageOf(file.path);
  const refA = useRef<HTMLDivElement>(null);
  const refB = useRef<HTMLDivElement>(null);
  // Each pane follows the other, so line 1,000 of A sits beside line 1,000 of B.
  const follow = (from: RefObject<HTMLDivElement | null>, to: RefObject<HTMLDivElement | null>) => () => {
    if (from.current && to.current && to.current.scrollTop !== from.current.scrollTop) to.current.scrollTop = from.current.scrollTop;
  };
  const show = () => {
    setSides('loading');
    void Promise.all([readSideText(projectId, a, file.oldPath ?? file.path, SIDE_BYTES), readSideText(projectId, b, file.path, SIDE_BYTES)]).then(([ta, tb]) => setSides({ a: ta, b: tb }));
  };
  return (
    <div className="df-stopped" data-testid="diff-stopped">
      <div className="df-stopped-note" role="status">
        <Icon name="info" />
        <div>
          <p className="df-stopped-msg">{stoppedDiffMessage(file.budget)}</p>
          <p className="muted df-stopped-help">Both versions are stored whole: read them side by side, scrolling together (lines are not aligned).</p>
        </div>
        {sides === null && (
          <button type="button" className="btn" onClick={show}>
            Show both files
          </button>
        )}
      </div>
      {sides === 'loading' && <p className="df-notice muted">Loading…</p>}
      {sides && sides !== 'loading' && (
        <div className="df-sides">
          <SideText label={`A · ${aLabel}`} tone="a" text={sides.a} lang={lang} scroller={refA} onScroll={follow(refA, refB)} />
          <SideText label={`B · ${bLabel}`} tone="b" text={sides.b} lang={lang} scroller={refB} onScroll={follow(refB, refA)} />
        </div>
      )}
    </div>
  );
}
