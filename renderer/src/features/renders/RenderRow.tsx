import type { DragEvent } from 'react';
import type { Render } from '../../../../shared/models';
import { Icon } from '../../components/Icon';
import { formatBytes, relativeTime } from '../../components/format';
import { ipc } from '../../lib/ipc';
import { duration, resolution } from '../player/format';
import { toast } from '../../lib/notify';
import { facts, posterUrl } from './render-facts';

/**
 * Dragging a render out of the window hands the video to another app: the desktop app starts a
 * native file drag (a named link to the stored file); a browser (Chromium) downloads it where it is
 * dropped, through the DownloadURL drag type.
 */
function dragRenderOut(e: DragEvent<HTMLElement>, r: Render): void {
  if (ipc.host === 'desktop') {
    e.preventDefault();
    ipc.invoke('desktop.startDrag', { renderId: r.id }).catch((err: unknown) => toast.error(err));
    return;
  }
  const url = new URL(ipc.mediaUrl(r.sha256, { download: r.name }), window.location.href).href;
  e.dataTransfer.setData('DownloadURL', `video/${r.format}:${r.name.replace(/:/g, '_')}:${url}`);
  e.dataTransfer.setData('text/uri-list', url);
  e.dataTransfer.effectAllowed = 'copy';
}

export function RenderRow({ r, selected, onSelect }: { r: Render; selected: boolean; onSelect(): void }) {
  const poster = posterUrl(r);
  const f = facts(r);
  return (
    <li>
      <button
        type="button"
        className={`rn-row${selected ? ' selected' : ''}`}
        aria-pressed={selected}
        onClick={onSelect}
        data-testid="render-row"
        draggable
        onDragStart={(e) => dragRenderOut(e, r)}
        title="Drag into another app to hand it the video"
      >
        <span className="rn-thumb">
          {poster ? <img src={poster} alt="" loading="lazy" /> : <Icon name="film" size={22} />}
          {f.duration !== null && <span className="rn-thumb-dur">{duration(f.duration)}</span>}
        </span>
        <span className="rn-row-text">
          <span className="rn-row-name">{r.name}</span>
          <span className="rn-row-meta">
            {f.width ? `${resolution(f.width, f.height)} · ` : ''}
            {f.fps ? `${r.media?.probe?.variableFrameRate ? 'VFR ' : ''}${f.fps} fps · ` : ''}
            {formatBytes(r.size)}
          </span>
          <span className="rn-row-meta">
            {relativeTime(r.createdAt)}
            {f.analyzing && ' · analyzing…'}
          </span>
        </span>
      </button>
    </li>
  );
}
