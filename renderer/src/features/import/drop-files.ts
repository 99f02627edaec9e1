/**
 * What a drop holds, as File objects. A browser gives no paths, so dropped folders are walked with
 * the entries API (webkitGetAsEntry); hidden and system files are skipped, as the desktop import does.
 * Entries must be taken synchronously inside the drop event: the DataTransfer is emptied after it.
 */
const SYSTEM_FILES = new Set(['thumbs.db', 'desktop.ini', '.ds_store']);
const skip = (name: string) => name.startsWith('.') || SYSTEM_FILES.has(name.toLowerCase());

export interface DropSnapshot {
  /** Promise of every file, folders expanded. */
  files: Promise<File[]>;
  /** The top-level File objects (desktop: each has a path, folders included). */
  topLevel: File[];
}

function fileOf(entry: FileSystemFileEntry): Promise<File> {
  return new Promise((resolve, reject) => entry.file(resolve, reject));
}

async function readAll(dir: FileSystemDirectoryEntry): Promise<FileSystemEntry[]> {
  const reader = dir.createReader();
  const out: FileSystemEntry[] = [];
  // readEntries answers in batches (100 in Chrome) until it answers an empty one.
  for (;;) {
    const batch = await new Promise<FileSystemEntry[]>((resolve, reject) => reader.readEntries(resolve, reject));
    if (batch.length === 0) return out;
    out.push(...batch);
  }
}

async function walk(entry: FileSystemEntry, out: File[]): Promise<void> {
  if (skip(entry.name)) return;
  if (entry.isFile) out.push(await fileOf(entry as FileSystemFileEntry));
  else if (entry.isDirectory) {
    const children = await readAll(entry as FileSystemDirectoryEntry);
    children.sort((a, b) => (a.name < b.name ? -1 : 1));
    for (const c of children) await walk(c, out);
  }
}

export function snapshotDrop(dt: DataTransfer): DropSnapshot {
  const entries: FileSystemEntry[] = [];
  const loose: File[] = [];
  const topLevel = Array.from(dt.files);
  for (const item of Array.from(dt.items)) {
    if (item.kind !== 'file') continue;
    const entry = typeof item.webkitGetAsEntry === 'function' ? item.webkitGetAsEntry() : null;
    if (entry) entries.push(entry);
    else {
      const f = item.getAsFile();
      if (f) loose.push(f);
    }
  }
  const files = (async () => {
    const out: File[] = [...loose];
    try {
      for (const e of entries) await walk(e, out);
    } catch {
      // An entry the browser cannot read back (a synthetic drop): the plain file list still holds the files.
      return topLevel;
    }
    // Some drops (synthetic ones, some platforms) expose files but no entries.
    if (out.length === 0 && entries.length === 0) out.push(...topLevel);
    return out;
  })();
  return { files, topLevel };
}

export function dragHasFiles(e: DragEvent): boolean {
  return !!e.dataTransfer && Array.from(e.dataTransfer.types).includes('Files');
}
