import { useCallback, useState } from 'react';
import type { MediaProbe, MediaSummary } from '../../../../shared/models';
import { ipc } from '../../lib/ipc';

/**
 * An RFC 6381 codecs string for what the probe found, so the page itself says whether it decodes
 * it (HTMLMediaElement.canPlayType) instead of the app guessing from the file name. The values are
 * a representative profile of each codec: enough for the yes/no question.
 */
export function mimeFor(p: MediaProbe): string | null {
  const container = p.formatName?.includes('webm') || p.formatName?.includes('matroska') ? 'video/webm' : 'video/mp4';
  const deep = (p.bitDepth ?? 8) > 8;
  const video: Record<string, string> = {
    h264: deep ? 'avc1.6E0028' : 'avc1.640028',
    hevc: deep ? 'hvc1.2.4.L93.B0' : 'hvc1.1.6.L93.B0',
    vp9: deep ? 'vp09.02.10.10' : 'vp09.00.10.08',
    av1: deep ? 'av01.0.04M.10' : 'av01.0.04M.08',
    vp8: 'vp8',
    prores: 'apch',
  };
  const v = p.videoCodec ? video[p.videoCodec] : undefined;
  if (!v) return null;
  return `${container}; codecs="${v}"`;
}

/** Whether this page can decode the original: the host's judgement (probe) and the browser's own word. */
export function canPlayHere(p: MediaProbe | null | undefined): boolean {
  if (!p || p.kind !== 'video') return true; // nothing known yet: try the original
  if (p.browserPlayable === false) return false;
  const mime = mimeFor(p);
  if (!mime || typeof document === 'undefined') return true;
  return document.createElement('video').canPlayType(mime) !== '';
}

export interface PlayableSource {
  src: string;
  /** Playing the proxy, not the original: the player labels it. */
  proxy: boolean;
  /** Why nothing plays (set once the element failed and there is nothing else to try). */
  failure: string | null;
  /** What to tell while the original cannot play and a proxy is being made. */
  waiting: string | null;
  /** For the <video>'s error event: try the proxy, else say why. */
  onError(message: string | null): void;
}

/**
 * The URL a player plays for some content: the original where this page decodes it, else its
 * playback proxy (made by the media queue) as soon as there is one, and when the element fails
 * anyway the proxy, then a message saying what happened.
 */
export function usePlayableSource(sha256: string, media: MediaSummary | null | undefined): PlayableSource {
  const [failed, setFailed] = useState<{ onProxy: boolean; message: string | null } | null>(null);
  const probe = media?.probe;
  const proxy = media?.proxy ?? null;
  const proxySha = proxy?.state === 'done' ? proxy.sha256 : null;
  const playable = canPlayHere(probe);
  const useProxy = !!proxySha && (!playable || (failed !== null && !failed.onProxy));
  const src = useProxy && proxySha ? ipc.mediaUrl(proxySha) : ipc.mediaUrl(sha256);
  const codec = probe?.videoCodec ? `${probe.videoCodec}${probe.bitDepth && probe.bitDepth > 8 ? ` ${probe.bitDepth}-bit` : ''}` : 'this video';
  const onError = useCallback(
    (message: string | null) => setFailed({ onProxy: useProxy, message }),
    [useProxy],
  );
  let failure: string | null = null;
  let waiting: string | null = null;
  if (!useProxy && (failed || !playable)) {
    if (proxy?.state === 'pending') waiting = `This browser cannot decode ${codec}. Making a playback proxy (H.264)…`;
    else if (proxy?.state === 'failed') failure = `This browser cannot decode ${codec}, and no playback proxy could be made: ${proxy.error ?? 'unknown error'}.`;
    else if (failed) failure = `This video cannot be played here${failed.message ? ` (${failed.message})` : ''}. Download it to play it in another app.`;
  } else if (useProxy && failed?.onProxy) {
    failure = `The playback proxy could not be played either${failed.message ? ` (${failed.message})` : ''}.`;
  }
  return { src, proxy: useProxy, failure, waiting, onError };
}

/** The URL to play without the hook (A/B compare): the proxy when the original will not decode here. */
export function playbackUrl(sha256: string, media: MediaSummary | null | undefined): string {
  const proxy = media?.proxy;
  return proxy?.state === 'done' && proxy.sha256 && !canPlayHere(media?.probe) ? ipc.mediaUrl(proxy.sha256) : ipc.mediaUrl(sha256);
}
