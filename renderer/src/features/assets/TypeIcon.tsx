import type { AssetType } from '../../../../shared/models';

/** Line glyphs per asset type, drawn inline (the CSP allows no icon fonts). */
const GLYPHS: Record<AssetType, string> = {
  image: 'M4 5h16v14H4zM4 16l5-5 4 4 3-3 4 4M15 9h.01',
  video: 'M3 6h13v12H3zM16 10l5-3v10l-5-3',
  audio: 'M9 18V5l11-2v13M9 18a3 3 0 1 1-6 0 3 3 0 0 1 6 0zM20 16a3 3 0 1 1-6 0 3 3 0 0 1 6 0z',
  font: 'M5 20 11 4h2l6 16M8 14h8',
  document: 'M6 3h8l4 4v14H6zM14 3v4h4M9 12h6M9 16h6',
  other: 'M6 3h8l4 4v14H6zM14 3v4h4',
};

export function TypeIcon({ type, size = 32 }: { type: AssetType; size?: number }) {
  return (
    <svg className="asset-type-icon" width={size} height={size} viewBox="0 0 24 24" fill="none" stroke="currentColor" strokeWidth={1.5} strokeLinecap="round" strokeLinejoin="round" aria-hidden="true" focusable="false">
      <path d={GLYPHS[type]} />
    </svg>
  );
}
