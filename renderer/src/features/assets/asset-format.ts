import type { Asset } from '../../../../shared/models';

/** Media work found it is not media (junk ffprobe half-read, a text file named .mov): it has no media facts. */
export function notMedia(a: Asset): boolean {
  return a.media?.state === 'failed' && !a.media.probe;
}

/** The duration an asset shows in its badge: the probe's, else what the record says. */
export function assetDuration(a: Asset): number | null {
  if ((a.type !== 'video' && a.type !== 'audio') || notMedia(a)) return null;
  return a.media?.probe?.durationSeconds ?? a.durationSeconds;
}

export function dimensions(a: Asset): string {
  if (notMedia(a)) return '';
  const w = a.media?.probe?.width ?? a.width;
  const h = a.media?.probe?.height ?? a.height;
  return w && h ? `${w}×${h}` : '';
}

export const TYPE_LABEL: Record<Asset['type'], string> = {
  image: 'Image',
  video: 'Video',
  audio: 'Audio',
  font: 'Font',
  document: 'Document',
  other: 'Other',
};
