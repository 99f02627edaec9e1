/**
 * Dragging a stored file out of the window: the blob store names files by their hash, and another
 * app (a file manager, an editor, a chat) should receive "final cut.mp4", not "3fa9…". So the drag
 * hands over a hard link with the user's name for it, in a folder of the app's cache: no copy is
 * made (a render may be gigabytes), and the stored file is read-only, so the link cannot be used to
 * change it. Where a link cannot be made (another filesystem), the stored file itself is dragged.
 * Plain Node.
 */
import { existsSync, linkSync, mkdirSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';

/** A file name any OS accepts: no separators, no control or reserved characters, not too long. */
export function safeFileName(name: string): string {
  // eslint-disable-next-line no-control-regex -- control characters are exactly what is removed
  let out = name.replace(/[\u0000-\u001f\u007f<>:"/\\|?*]/g, '_').replace(/^[.\s]+|[.\s]+$/g, '');
  if (!out || /^(con|prn|aux|nul|com\d|lpt\d)(\..*)?$/i.test(out)) out = `_${out || 'file'}`;
  if (Buffer.byteLength(out) > 200) {
    const ext = path.extname(out).slice(0, 20);
    out = Buffer.from(out).subarray(0, 200 - Buffer.byteLength(ext)).toString('utf8').replace(/\uFFFD+$/, '') + ext;
  }
  return out;
}

/** The path to drag for a stored file: a named hard link under dir, or the stored file itself. */
export function dragOutFile(dir: string, stored: string, name: string): string {
  const folder = path.join(dir, path.basename(stored).slice(0, 24));
  const target = path.join(folder, safeFileName(name));
  try {
    if (existsSync(target)) {
      const [a, b] = [statSync(target), statSync(stored)];
      if (a.ino === b.ino && a.dev === b.dev) return target;
      rmSync(target, { force: true });
    }
    mkdirSync(folder, { recursive: true });
    linkSync(stored, target);
    return target;
  } catch {
    return stored;
  }
}

/** Removes every drag-out link (at start, at quit, from Clear cache); the stored files stay. */
export function clearDragOut(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
}
