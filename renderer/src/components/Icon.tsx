import type { AssetType } from '../../../shared/models';

/**
 * The app's one set of icons, drawn inline: the CSP allows no remote fonts, and the system fonts
 * here lack the media symbols (⏮ ⏭ ⛶). Line icons by default; `filled` for solid glyphs (play, pause).
 */
const PATHS = {
  search: 'M11 4a7 7 0 1 0 0 14 7 7 0 0 0 0-14zm9 16-4.3-4.3',
  sun: 'M12 8a4 4 0 1 0 0 8 4 4 0 0 0 0-8zM12 2v2M12 20v2M4.9 4.9l1.4 1.4M17.7 17.7l1.4 1.4M2 12h2M20 12h2M4.9 19.1l1.4-1.4M17.7 6.3l1.4-1.4',
  moon: 'M20 14.5A8 8 0 0 1 9.5 4 8 8 0 1 0 20 14.5z',
  monitor: 'M3 4h18v12H3zM8 20h8M12 16v4',
  plus: 'M12 5v14M5 12h14',
  folder: 'M3 7a2 2 0 0 1 2-2h4l2 2h8a2 2 0 0 1 2 2v8a2 2 0 0 1-2 2H5a2 2 0 0 1-2-2z',
  folderOpen: 'M3 7a2 2 0 0 1 2-2h4l2 2h8a2 2 0 0 1 2 2v1H7l-4 9zM7 10h15l-3 9H3',
  file: 'M6 3h8l4 4v14H6zM14 3v4h4',
  film: 'M4 4h16v16H4zM8 4v16M16 4v16M4 8h4M4 12h4M4 16h4M16 8h4M16 12h4M16 16h4',
  image: 'M4 5h16v14H4zM4 16l5-5 4 4 3-3 4 4M15 9h.01',
  trash: 'M4 7h16M9 7V4h6v3M6 7l1 13h10l1-13',
  restore: 'M4 12a8 8 0 1 0 2.4-5.7M4 4v5h5',
  pencil: 'M4 20h4L19 9l-4-4L4 16zM13 7l4 4',
  chevronRight: 'M9 6l6 6-6 6',
  chevronDown: 'M6 9l6 6 6-6',
  check: 'M5 12l5 5 9-10',
  x: 'M6 6l12 12M18 6 6 18',
  grid: 'M4 4h7v7H4zM13 4h7v7h-7zM4 13h7v7H4zM13 13h7v7h-7z',
  save: 'M5 4h11l3 3v13H5zM8 4v5h7V4M8 20v-6h8v6',
  clock: 'M12 3a9 9 0 1 0 0 18 9 9 0 0 0 0-18zm0 4v5l3 2',
  info: 'M12 3a9 9 0 1 0 0 18 9 9 0 0 0 0-18zm0 8v5m0-8h.01',
  alert: 'M12 3 2 20h20zM12 10v4m0 3h.01',
  external: 'M14 4h6v6M20 4l-9 9M18 14v6H4V6h6',
  layers: 'M12 3 3 8l9 5 9-5zM3 13l9 5 9-5',
  more: 'M5 12h.01M12 12h.01M19 12h.01',
  settings: 'M4 6h9m4 0h3M4 12h3m4 0h9M4 18h11m4 0h1M13 4v4M7 10v4M15 16v4',
  cloud: 'M7 19a5 5 0 0 1-.6-9.96A6 6 0 0 1 17.7 8.5 4.5 4.5 0 0 1 17.5 19z',
  cloudOff: 'M7 19a5 5 0 0 1-.6-9.96A6 6 0 0 1 17.7 8.5 4.5 4.5 0 0 1 17.5 19zM3 3l18 18',
  upload: 'M12 16V5m-4 4 4-4 4 4M5 19h14',
  reveal: 'M3 7a2 2 0 0 1 2-2h4l2 2h8a2 2 0 0 1 2 2v8a2 2 0 0 1-2 2H5a2 2 0 0 1-2-2zM12 10v5m-2.5-2.5L12 15l2.5-2.5',
  importDrop: 'M12 15V3M7 8l5-5 5 5M4 15v4a2 2 0 0 0 2 2h12a2 2 0 0 0 2-2v-4',
  keyboard: 'M3 6h18v12H3zM7 10h.01M11 10h.01M15 10h.01M8 14h8',
  // Asset types (image and file above serve image and other).
  video: 'M3 6h13v12H3zM16 10l5-3v10l-5-3',
  audio: 'M9 18V5l11-2v13M9 18a3 3 0 1 1-6 0 3 3 0 0 1 6 0zM20 16a3 3 0 1 1-6 0 3 3 0 0 1 6 0z',
  font: 'M5 20 11 4h2l6 16M8 14h8',
  document: 'M6 3h8l4 4v14H6zM14 3v4h4M9 12h6M9 16h6',
  // Transport.
  play: 'M7 4.5v15l12-7.5z',
  pause: 'M6.5 4.5h4v15h-4zM13.5 4.5h4v15h-4z',
  prev: 'M6 5v14M19 5l-10 7 10 7z',
  next: 'M18 5v14M5 5l10 7-10 7z',
  fullscreen: 'M4 9V4h5M15 4h5v5M20 15v5h-5M9 20H4v-5',
  loop: 'M4 11V9a3 3 0 0 1 3-3h12l-3-3M20 13v2a3 3 0 0 1-3 3H5l3 3',
} as const;

export type IconName = keyof typeof PATHS;

/** The icon of each asset type. */
export const ASSET_TYPE_ICON: Record<AssetType, IconName> = {
  image: 'image',
  video: 'video',
  audio: 'audio',
  font: 'font',
  document: 'document',
  other: 'file',
};

export function Icon({ name, size = 16, className, strokeWidth = 1.8, filled = false }: { name: IconName; size?: number; className?: string; strokeWidth?: number; filled?: boolean }) {
  return (
    <svg className={`icon${className ? ` ${className}` : ''}`} width={size} height={size} viewBox="0 0 24 24" fill={filled ? 'currentColor' : 'none'} stroke="currentColor" strokeWidth={filled ? 0 : strokeWidth} strokeLinecap="round" strokeLinejoin="round" aria-hidden="true" focusable="false">
      <path d={PATHS[name]} />
    </svg>
  );
}
