import type { Render } from '../../../../shared/models';
import { ipc } from '../../lib/ipc';

/** The timeline tab focused on one checkpoint (TimelineTab reads the extra hash segment). */
export function timelineHref(projectId: string, checkpointId: string): string {
  return `#/projects/${encodeURIComponent(projectId)}/timeline/${encodeURIComponent(checkpointId)}`;
}

/** What is known of a render: its own fields, else what the media probe found. */
export function facts(r: Render) {
  const p = r.media?.probe;
  return {
    width: r.width ?? p?.width ?? null,
    height: r.height ?? p?.height ?? null,
    fps: r.fps ?? p?.fps ?? null,
    duration: r.durationSeconds ?? p?.durationSeconds ?? null,
    codec: r.codec ?? p?.videoCodec ?? null,
    bitrate: r.bitrateKbps ?? p?.bitrateKbps ?? null,
    analyzing: !r.media || r.media.state === 'pending',
  };
}

export function posterUrl(r: Render): string | null {
  const sha = r.media?.posterGrid ?? r.media?.posterDetail ?? null;
  return sha ? ipc.mediaUrl(sha) : null;
}
