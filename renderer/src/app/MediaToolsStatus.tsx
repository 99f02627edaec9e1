import { useEffect, useRef, useState } from 'react';
import type { MediaToolInfo } from '../../../shared/contract';
import { mediaToolSummary } from '../../../shared/media-tools-text';
import { actionFor } from '../lib/actions';

/** '5.1.9' of '5.1.9-0+deb12u1'; a git snapshot keeps its first two parts ('N-47683'). */
function shortVersion(v: string | null): string {
  if (!v) return '?';
  const release = /^n?(\d+(?:\.\d+)*)/.exec(v);
  return release ? (release[1] as string) : v.split('-').slice(0, 2).join('-');
}

/**
 * Which ffmpeg and ffprobe decode imported media (electron/media/binaries.ts), in the status bar:
 * quiet when both are current, in the danger colour when one is missing, refused or forced while
 * old. Its panel says where each is, its version and year, and what was refused and why.
 */
export function MediaToolsStatus({ tools }: { tools: MediaToolInfo[] }) {
  const [open, setOpen] = useState(false);
  const wrap = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (!open) return;
    const down = (e: MouseEvent) => {
      if (wrap.current && !wrap.current.contains(e.target as Node)) setOpen(false);
    };
    const key = (e: KeyboardEvent) => actionFor(e, ['app.close']) && setOpen(false);
    window.addEventListener('mousedown', down);
    window.addEventListener('keydown', key);
    return () => {
      window.removeEventListener('mousedown', down);
      window.removeEventListener('keydown', key);
    };
  }, [open]);

  const troubled = tools.filter((t) => t.problem);
  const ffmpeg = tools.find((t) => t.tool === 'ffmpeg');
  const label = troubled.length > 0
    ? troubled.map((t) => (t.path ? `${t.tool} ${shortVersion(t.version)} outdated` : `no current ${t.tool}`)).join(', ')
    : `ffmpeg ${shortVersion(ffmpeg?.version ?? null)}`;
  return (
    <div className="tools-status-wrap" ref={wrap}>
      <button
        type="button"
        className={`tools-status${troubled.length ? ' has-problem' : ''}`}
        aria-haspopup="dialog"
        aria-expanded={open}
        title={tools.map((t) => `${t.tool} ${mediaToolSummary(t)}`).join('\n')}
        data-testid="media-tools-status"
        onClick={() => setOpen(!open)}
      >
        {troubled.length > 0 && <span aria-hidden="true">⚠</span>}
        {label}
      </button>
      {open && (
        <div className="tools-panel" role="dialog" aria-label="Media tools" data-testid="media-tools-panel">
          <h2>Media tools</h2>
          <p className="muted tools-why">Imported videos and audio are decoded by these; only a current build may read files from outside.</p>
          <dl>
            {tools.map((t) => (
              <div key={t.tool} className={`tools-row${t.problem ? ' has-problem' : ''}`} data-testid={`media-tool-${t.tool}`}>
                <dt>{t.tool}</dt>
                <dd>
                  <span className="tools-summary">{mediaToolSummary(t)}</span>
                  {/* With none running, the refused builds are the problem: listed one by one instead. */}
                  {t.problem && (t.path || t.refused.length === 0) && <p className="tools-problem">{t.problem}.</p>}
                  {t.refused.map((r) => (
                    <p key={r.path} className="tools-problem">
                      Refused {r.path}: {r.reason}.
                    </p>
                  ))}
                  {t.remedy && <p className="muted tools-remedy">{t.remedy}</p>}
                </dd>
              </div>
            ))}
          </dl>
        </div>
      )}
    </div>
  );
}
