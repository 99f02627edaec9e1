/** What Help › About says: the versions a bug report needs. Plain Node (tested without Electron). */
export interface AboutFacts {
  appVersion: string;
  versions: Partial<Record<'electron' | 'chrome' | 'node' | 'v8', string>>;
  platform: string;
  arch: string;
  osRelease: string;
  libraryDir: string;
  logDir: string;
}

export function aboutDetail(f: AboutFacts): string {
  const v = f.versions;
  return [
    `Version ${f.appVersion}`,
    `Electron ${v.electron ?? '?'} · Chromium ${v.chrome ?? '?'} · Node ${v.node ?? '?'} · V8 ${v.v8 ?? '?'}`,
    `${f.platform} ${f.arch} ${f.osRelease}`,
    '',
    `Library: ${f.libraryDir}`,
    `Logs: ${f.logDir}`,
  ].join('\n');
}
