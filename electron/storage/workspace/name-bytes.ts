import { readdirSync } from 'node:fs';

/**
 * Names as bytes. Node reads folder names as UTF-8 text; a name that is not valid UTF-8 comes back
 * with U+FFFD in place of its bad bytes and cannot be opened by that text. These find such names and
 * show them (escaped) in messages, so they are never dropped silently.
 */

/** The names in a folder that are not valid UTF-8, as bytes, keyed by the lossy text readdir gives for them. */
export function invalidNames(absDir: string): Map<string, Buffer[]> {
  const out = new Map<string, Buffer[]>();
  let raw: Buffer[];
  try {
    raw = readdirSync(absDir, { encoding: 'buffer' });
  } catch {
    return out;
  }
  for (const b of raw) {
    const text = b.toString('utf8');
    if (Buffer.from(text, 'utf8').equals(b)) continue;
    (out.get(text) ?? out.set(text, []).get(text) as Buffer[]).push(b);
  }
  return out;
}

/** True when the bytes are valid UTF-8 (they read back as themselves). */
export function isUtf8Name(b: Buffer): boolean {
  return Buffer.from(b.toString('utf8'), 'utf8').equals(b);
}

/** A name's bytes as text: valid UTF-8 runs as they are, every other byte as \\xNN. */
export function escapeBytes(b: Buffer): string {
  let s = '';
  let i = 0;
  while (i < b.length) {
    const c = b[i] as number;
    const len = c < 0x80 ? 1 : c >= 0xc2 && c < 0xe0 ? 2 : c >= 0xe0 && c < 0xf0 ? 3 : c >= 0xf0 && c < 0xf5 ? 4 : 0;
    const chunk = len ? b.subarray(i, i + len) : null;
    if (chunk && chunk.length === len && isUtf8Name(chunk)) {
      s += chunk.toString('utf8');
      i += len;
    } else {
      s += `\\x${c.toString(16).padStart(2, '0')}`;
      i++;
    }
  }
  return s;
}
