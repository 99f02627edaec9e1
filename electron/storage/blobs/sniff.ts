import { promises as fsp } from 'node:fs';
import path from 'node:path';
import type { AssetType } from '../../../shared/models.js';

/**
 * The HEIF family (ISO/IEC 23008-12) by the major brand of its ftyp box: AVIF stills and sequences,
 * HEIC stills and sequences, and the structural brands (mif1, msf1) either may carry.
 */
const AVIF_BRANDS = new Set(['avif', 'avis']);
const HEIC_BRANDS = new Set(['heic', 'heix', 'heim', 'heis', 'mif1', 'msf1']);

/**
 * The one MIME sniffer: magic numbers of the formats a video maker imports (the content wins over
 * the extension). Imports type assets with it, the media routes answer with it, and media probing
 * asks it which files are stills sharp reads (media/probe.ts).
 */
export function sniffBytes(b: Buffer): string | null {
  const at = (off: number, s: string): boolean => b.length >= off + s.length && b.toString('latin1', off, off + s.length) === s;
  if (at(0, '\x89PNG\r\n\x1a\n')) return 'image/png';
  if (b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff) return 'image/jpeg';
  if (at(0, 'GIF87a') || at(0, 'GIF89a')) return 'image/gif';
  if (at(0, 'RIFF') && at(8, 'WEBP')) return 'image/webp';
  if (at(0, 'RIFF') && at(8, 'WAVE')) return 'audio/wav';
  if (at(0, 'RIFF') && at(8, 'AVI ')) return 'video/x-msvideo';
  if (at(0, 'BM') && b.length > 14) return 'image/bmp';
  if (at(0, 'II*\0') || at(0, 'MM\0*')) return 'image/tiff';
  if (at(4, 'ftyp')) {
    const brand = b.toString('latin1', 8, 12);
    if (AVIF_BRANDS.has(brand)) return 'image/avif';
    if (HEIC_BRANDS.has(brand)) return 'image/heic';
    if (brand === 'qt  ') return 'video/quicktime';
    if (/^M4A /.test(brand)) return 'audio/mp4';
    return 'video/mp4';
  }
  if (b[0] === 0x1a && b[1] === 0x45 && b[2] === 0xdf && b[3] === 0xa3) {
    return b.subarray(0, 64).includes(Buffer.from('webm')) ? 'video/webm' : 'video/x-matroska';
  }
  if (at(0, 'OggS')) return 'audio/ogg';
  if (at(0, 'fLaC')) return 'audio/flac';
  if (at(0, 'ID3') || (b[0] === 0xff && b[1] !== undefined && (b[1] & 0xe6) === 0xe2)) return 'audio/mpeg';
  if (b[0] === 0xff && b[1] !== undefined && (b[1] & 0xf6) === 0xf0) return 'audio/aac';
  if (at(0, '%PDF-')) return 'application/pdf';
  if (at(0, 'wOFF')) return 'font/woff';
  if (at(0, 'wOF2')) return 'font/woff2';
  if (at(0, 'OTTO')) return 'font/otf';
  if (at(0, '\0\x01\0\0') && b.length > 12) return 'font/ttf';
  if (at(0, 'PK\x03\x04')) return 'application/zip';
  // SVG is text: an <svg> root, or an XML declaration with an <svg> element after it (comments, a doctype); a BOM is allowed.
  const head = b.subarray(0, 1024).toString('utf8').replace(/^\uFEFF/, '').trimStart();
  if (/^<svg[\s>]/i.test(head) || (/^<\?xml[\s?]/i.test(head) && /<svg[\s>]/i.test(head))) return 'image/svg+xml';
  return null;
}

/** The one extension → MIME table (the web host's static files take theirs from it too). */
const BY_EXT = new Map<string, string>(Object.entries({
  png: 'image/png', jpg: 'image/jpeg', jpeg: 'image/jpeg', gif: 'image/gif', webp: 'image/webp', svg: 'image/svg+xml',
  bmp: 'image/bmp', tif: 'image/tiff', tiff: 'image/tiff', heic: 'image/heic', avif: 'image/avif',
  mp4: 'video/mp4', m4v: 'video/mp4', mov: 'video/quicktime', webm: 'video/webm', mkv: 'video/x-matroska', avi: 'video/x-msvideo',
  mp3: 'audio/mpeg', wav: 'audio/wav', ogg: 'audio/ogg', oga: 'audio/ogg', flac: 'audio/flac', m4a: 'audio/mp4', aac: 'audio/aac',
  ttf: 'font/ttf', otf: 'font/otf', woff: 'font/woff', woff2: 'font/woff2',
  pdf: 'application/pdf', json: 'application/json', txt: 'text/plain', md: 'text/markdown', csv: 'text/csv',
  srt: 'application/x-subrip', vtt: 'text/vtt', lottie: 'application/json', zip: 'application/zip',
}));

/** The MIME type an extension ('png', no dot; any case) names, or null. */
export function mimeForExtension(ext: string): string | null {
  return BY_EXT.get(ext.toLowerCase()) ?? null;
}

/** A mime type from the content, falling back to the extension, then to octet-stream. */
export function mimeFor(head: Buffer, name: string): string {
  const sniffed = sniffBytes(head);
  const ext = path.extname(name).slice(1).toLowerCase();
  // A zip may be an office file or a lottie bundle: the extension knows better.
  if (sniffed && !(sniffed === 'application/zip' && BY_EXT.has(ext))) return sniffed;
  return BY_EXT.get(ext) ?? 'application/octet-stream';
}

/** How much of a file the sniffer reads: enough for every magic number and an SVG's prologue. */
export const SNIFF_BYTES = 1024;

/** The first bytes of a file. */
export async function readHead(file: string, bytes = SNIFF_BYTES): Promise<Buffer> {
  const fh = await fsp.open(file, 'r');
  try {
    const buf = Buffer.alloc(bytes);
    const { bytesRead } = await fh.read(buf, 0, bytes, 0);
    return buf.subarray(0, bytesRead);
  } finally {
    await fh.close();
  }
}

export async function sniffFile(file: string): Promise<string> {
  return mimeFor(await readHead(file), file);
}

export function assetTypeFor(mime: string): AssetType {
  if (mime.startsWith('image/')) return 'image';
  if (mime.startsWith('video/')) return 'video';
  if (mime.startsWith('audio/')) return 'audio';
  if (mime.startsWith('font/')) return 'font';
  if (mime.startsWith('text/') || mime === 'application/pdf' || mime === 'application/json' || mime === 'application/x-subrip') return 'document';
  return 'other';
}
