/**
 * The key paths whose values differ between two JSON documents (`a.b[2].c`), or null when either
 * side is not valid JSON. Arrays are compared by index; a key present on one side only counts.
 */
export function jsonChangedKeys(a: string, b: string): string[] | null {
  let ja: unknown;
  let jb: unknown;
  try {
    ja = JSON.parse(a);
    jb = JSON.parse(b);
  } catch {
    return null;
  }
  const out: string[] = [];
  walk(ja, jb, '', out);
  return out;
}

function isObj(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function walk(a: unknown, b: unknown, at: string, out: string[]): void {
  if (isObj(a) && isObj(b)) {
    const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])].sort();
    for (const k of keys) walk(a[k], b[k], at ? `${at}.${k}` : k, out);
    return;
  }
  if (Array.isArray(a) && Array.isArray(b)) {
    const n = Math.max(a.length, b.length);
    for (let i = 0; i < n; i++) walk(a[i], b[i], `${at}[${i}]`, out);
    return;
  }
  if (JSON.stringify(a) !== JSON.stringify(b)) out.push(at || '(root)');
}
