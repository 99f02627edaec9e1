/**
 * The desktop shell's own logic, in plain Node (Electron cannot run here): the rotated log, the
 * long-work notifications, the recent projects list, drag-out links, recovery from a crashed or hung
 * page, and the About text. Electron's parts are passed in as stand-ins that record what they were asked.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { EventEmitter } from 'node:events';
import { chmodSync, existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { tempDir } from '../storage/test-support/fixtures.js';
import { aboutDetail } from './about.js';
import { clearDragOut, dragOutFile, safeFileName } from './drag-out.js';
import { captureProcessLogs, openLogFile } from './log-file.js';
import { LongWorkNotifier } from './long-work-notifier.js';
import { projectFromArgv, RecentProjects } from './recent-projects.js';
import { watchRenderer, type WatchDeps } from './renderer-watch.js';

let d: ReturnType<typeof tempDir>;
beforeEach(() => {
  d = tempDir('shell');
});
afterEach(() => d.cleanup());

describe('log file', () => {
  it('appends timestamped lines and rotates by size, keeping a fixed number of old files', () => {
    const plain = openLogFile({ dir: path.join(d.dir, 'plain'), now: () => new Date('2026-05-01T10:00:00Z') });
    plain.info('started', { pid: 1 });
    plain.error('boom', new Error('bad thing'));
    const first = readFileSync(plain.file, 'utf8');
    expect(first).toMatch(/^2026-05-01T10:00:00.000Z \[info\] started \{ pid: 1 \}\n/);
    // An error's stack follows, indented, in the same entry.
    expect(first).toMatch(/\[error\] boom Error: bad thing\n\s+at /);
    const log = openLogFile({ dir: path.join(d.dir, 'logs'), maxBytes: 300, keep: 2 });
    for (let i = 0; i < 40; i++) log.warn(`line ${i} ${'x'.repeat(40)}`);
    expect(readdirSync(log.dir).sort()).toEqual(['main.1.log', 'main.2.log', 'main.log']);
    for (const f of readdirSync(log.dir)) expect(statSync(path.join(log.dir, f)).size).toBeLessThanOrEqual(300);
    expect(readFileSync(log.file, 'utf8')).toContain('line 39');
    expect(readFileSync(path.join(log.dir, 'main.1.log'), 'utf8')).not.toContain('line 39');
  });

  it('never throws when the folder cannot be written', () => {
    const ro = path.join(d.dir, 'ro');
    writeFileSync(ro, 'a file where the folder should be');
    const log = openLogFile({ dir: ro });
    expect(() => log.error('still fine')).not.toThrow();
  });

  it('copies console.warn/error and unhandled rejections into the log, and lets go', () => {
    const log = openLogFile({ dir: d.dir });
    const proc = new EventEmitter();
    const printed: unknown[][] = [];
    const cons = { warn: (...a: unknown[]) => printed.push(a), error: (...a: unknown[]) => printed.push(a) } as unknown as Console;
    const release = captureProcessLogs(log, proc as unknown as NodeJS.Process, cons);
    cons.warn('careful');
    proc.emit('unhandledRejection', new Error('lost promise'));
    release();
    cons.error('after release');
    const text = readFileSync(log.file, 'utf8');
    expect(text).toContain('[warn] careful');
    expect(text).toContain('unhandled rejection: Error: lost promise');
    expect(text).not.toContain('after release');
    expect(printed).toEqual([['careful'], ['after release']]);
  });
});

describe('long work notifications', () => {
  function setup(hidden: boolean) {
    let t = 0;
    let counts = { running: 0, queued: 0, failed: 0 };
    const sent: { title: string; body: string }[] = [];
    const n = new LongWorkNotifier({ isHidden: () => hidden, notify: (x) => sent.push(x), mediaCounts: () => counts, now: () => t, minMs: 10_000 });
    return { n, sent, at: (ms: number) => (t = ms), setCounts: (c: typeof counts) => (counts = c) };
  }
  const imp = (done: boolean, filesDone: number) => ({ importId: 'i1', done, filesDone, filesTotal: 1200, bytesDone: 0, bytesTotal: 0, current: null });

  it('an import that took long and finished while hidden notifies once; a short one does not', () => {
    const s = setup(true);
    s.n.onImport(imp(false, 0));
    s.at(30_000);
    s.n.onImport(imp(true, 1200));
    expect(s.sent).toEqual([{ title: 'Import finished', body: '1,200 files of 1,200 imported into the library.' }]);
    s.n.onImport({ ...imp(false, 0), importId: 'i2' });
    s.at(31_000);
    s.n.onImport({ ...imp(true, 3), importId: 'i2' });
    expect(s.sent).toHaveLength(1);
  });

  it('a media batch notifies when the queue drains, with what failed; not while the window is shown', () => {
    const s = setup(true);
    s.setCounts({ running: 1, queued: 2, failed: 0 });
    s.n.onJob({ id: 'a', kind: 'analyze', state: 'running', attempts: 1 });
    s.at(20_000);
    s.n.onJob({ id: 'a', kind: 'analyze', state: 'done', attempts: 1 });
    expect(s.sent).toHaveLength(0); // the queue was still busy at the first one
    s.setCounts({ running: 0, queued: 0, failed: 0 });
    s.n.onJob({ id: 'b', kind: 'analyze', state: 'done', attempts: 1 });
    expect(s.sent).toEqual([{ title: 'Media work finished', body: '2 files got posters, filmstrips and waveforms.' }]);
    const shown = setup(false);
    shown.n.onJob({ id: 'a', kind: 'analyze', state: 'running', attempts: 1 });
    shown.at(60_000);
    shown.n.onJob({ id: 'a', kind: 'analyze', state: 'done', attempts: 1 });
    shown.n.onTask(0, 'Backup finished', 'ok');
    expect(shown.sent).toEqual([]);
  });

  it('the batch body counts files done and failed', () => {
    const s = setup(true);
    s.setCounts({ running: 1, queued: 0, failed: 0 });
    s.n.onJob({ id: 'a', kind: 'analyze', state: 'running', attempts: 1 });
    s.n.onJob({ id: 'a', kind: 'analyze', state: 'done', attempts: 1 });
    s.at(15_000);
    s.setCounts({ running: 0, queued: 0, failed: 1 });
    s.n.onJob({ id: 'b', kind: 'analyze', state: 'failed', attempts: 1 });
    expect(s.sent).toEqual([{ title: 'Media work finished', body: '1 file got posters, filmstrips and waveforms; 1 file could not be read (see the jobs panel).' }]);
  });
});

describe('recent projects', () => {
  it('keeps the newest first, without duplicates, at most max, and survives a damaged file', () => {
    const file = path.join(d.dir, 'recent-projects.json');
    const r = new RecentProjects(file, 3, () => new Date('2026-05-01T00:00:00Z'));
    expect(r.list()).toEqual([]);
    for (const id of ['prj_a', 'prj_b', 'prj_c', 'prj_a', 'prj_d']) r.note({ id, name: id.toUpperCase(), workspacePath: `/w/${id}` });
    expect(r.list().map((p) => p.id)).toEqual(['prj_d', 'prj_a', 'prj_c']);
    expect(r.remove('prj_a').map((p) => p.id)).toEqual(['prj_d', 'prj_c']);
    writeFileSync(file, '{ not json');
    expect(r.list()).toEqual([]);
    writeFileSync(file, JSON.stringify([{ id: 'prj_x' }, { id: 'prj_y', name: 'Y', workspacePath: '/w', openedAt: 'now' }]));
    expect(r.list().map((p) => p.id)).toEqual(['prj_y']);
  });

  it('finds --open-project=<id> on a command line, and nothing that is not an id', () => {
    expect(projectFromArgv(['/opt/Reelvault/reelvault', '--open-project=prj_abc123'])).toBe('prj_abc123');
    expect(projectFromArgv(['reelvault', '--open-project=../etc'])).toBeNull();
    expect(projectFromArgv(['reelvault'])).toBeNull();
  });
});

describe('drag-out links', () => {
  it('a named hard link to the stored file, reused, with a safe name; cleared without touching the store', () => {
    const stored = path.join(d.dir, 'blobs', 'ab');
    writeFileSync(path.join(d.dir, 'x'), '');
    const blob = path.join(d.dir, '3fa9' + 'e'.repeat(60));
    writeFileSync(blob, 'video bytes');
    chmodSync(blob, 0o444);
    const dir = path.join(d.dir, 'drag-out');
    const out = dragOutFile(dir, blob, 'final: cut/v2.mp4');
    expect(path.basename(out)).toBe('final_ cut_v2.mp4');
    expect(statSync(out).ino).toBe(statSync(blob).ino);
    expect(dragOutFile(dir, blob, 'final: cut/v2.mp4')).toBe(out);
    clearDragOut(dir);
    expect(existsSync(dir)).toBe(false);
    expect(readFileSync(blob, 'utf8')).toBe('video bytes');
    expect(existsSync(stored)).toBe(false);
  });

  it('falls back to the stored file where no link can be made', () => {
    const blob = path.join(d.dir, 'blob');
    writeFileSync(blob, 'b');
    const notADir = path.join(d.dir, 'file');
    writeFileSync(notADir, '');
    expect(dragOutFile(notADir, blob, 'a.mp4')).toBe(blob);
  });

  it('safe names: separators, control and reserved characters, reserved names, length', () => {
    expect(safeFileName('a/b\\c:d*e?f"g<h>i|j\u0001.mov')).toBe('a_b_c_d_e_f_g_h_i_j_.mov');
    expect(safeFileName('CON.mp4')).toBe('_CON.mp4');
    expect(safeFileName('...')).toBe('_file');
    const long = safeFileName(`${'é'.repeat(300)}.mp4`);
    expect(Buffer.byteLength(long)).toBeLessThanOrEqual(200);
    expect(long.endsWith('.mp4')).toBe(true);
  });
});

describe('a crashed or hung window gets a way back', () => {
  function harness(answers: number[]) {
    const contents = new EventEmitter();
    const asked: Parameters<WatchDeps['ask']>[0][] = [];
    const did: string[] = [];
    const logged: string[] = [];
    const pending: ((n: number) => void)[] = [];
    const deps: WatchDeps = {
      ask: (o) => {
        asked.push(o);
        return new Promise((resolve) => {
          const next = answers.shift();
          if (next !== undefined) resolve(next);
          else {
            pending.push(resolve);
            o.signal?.addEventListener('abort', () => resolve(-1));
          }
        });
      },
      reload: () => did.push('reload'),
      quit: () => did.push('quit'),
      openLogFolder: () => did.push('logs'),
      log: { info: (m) => logged.push(`info ${String(m)}`), warn: (m) => logged.push(`warn ${String(m)}`), error: (m) => logged.push(`error ${String(m)}`) },
      now: () => 0,
    };
    const stop = watchRenderer(contents as never, deps);
    return { contents, asked, did, logged, stop };
  }
  const flush = () => new Promise((r) => setTimeout(r, 0));

  it('a crash is logged and offers Reload; Quit quits; a clean exit says nothing', async () => {
    const h = harness([0, 1]);
    h.contents.emit('render-process-gone', {}, { reason: 'crashed', exitCode: 139 });
    await flush();
    expect(h.asked[0]).toMatchObject({ type: 'error', message: 'The window crashed.', buttons: ['Reload', 'Quit', 'Open Log Folder'] });
    expect(h.did).toEqual(['reload']);
    h.contents.emit('render-process-gone', {}, { reason: 'oom', exitCode: 1 });
    await flush();
    expect(h.asked[1]?.message).toBe('The window ran out of memory.');
    expect(h.did).toEqual(['reload', 'quit']);
    h.contents.emit('render-process-gone', {}, { reason: 'clean-exit', exitCode: 0 });
    await flush();
    expect(h.asked).toHaveLength(2);
    expect(h.logged).toEqual(['error renderer process gone: crashed (exit code 139)', 'error renderer process gone: oom (exit code 1)']);
    h.stop();
  });

  it('repeated crashes say so; Open Log Folder opens it and reloads', async () => {
    const h = harness([0, 0, 2]);
    for (let i = 0; i < 3; i++) {
      h.contents.emit('render-process-gone', {}, { reason: 'crashed', exitCode: 1 });
      await flush();
    }
    expect(h.asked[2]?.detail).toMatch(/^It has stopped 3 times in two minutes\./);
    expect(h.did).toEqual(['reload', 'reload', 'logs', 'reload']);
  });

  it('a hang asks Wait or Reload, and the question goes away when the page answers again', async () => {
    const h = harness([]);
    h.contents.emit('unresponsive');
    h.contents.emit('unresponsive'); // asked once
    expect(h.asked).toHaveLength(1);
    expect(h.asked[0]).toMatchObject({ type: 'warning', buttons: ['Wait', 'Reload'] });
    h.contents.emit('responsive');
    await flush();
    expect(h.asked[0]?.signal?.aborted).toBe(true);
    expect(h.did).toEqual([]);
    const again = harness([1]);
    again.contents.emit('unresponsive');
    await flush();
    expect(again.did).toEqual(['reload']);
  });
});

describe('About', () => {
  it('names every version a bug report needs', () => {
    const text = aboutDetail({ appVersion: '0.1.0', versions: { electron: '45.5.0', chrome: '142.0', node: '24.11.0', v8: '14.2' }, platform: 'linux', arch: 'x64', osRelease: '6.1.0', libraryDir: '/home/u/.config/Reelvault', logDir: '/home/u/.config/Reelvault/logs' });
    expect(text.split('\n')).toEqual(['Version 0.1.0', 'Electron 45.5.0 · Chromium 142.0 · Node 24.11.0 · V8 14.2', 'linux x64 6.1.0', '', 'Library: /home/u/.config/Reelvault', 'Logs: /home/u/.config/Reelvault/logs']);
  });
});
