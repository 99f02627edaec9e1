import { createWriteStream, promises as fsp, type WriteStream } from 'node:fs';
import path from 'node:path';
import type { RenderLogTail } from './render-jobs.js';

/** Failed renders' logs kept in the library, the newest this many. */
const KEEP_LOGS = 50;

export interface RenderLogs {
  /** A new log file for a job id (appended to if it exists), its first line written. */
  open(id: string): Promise<{ file: string; stream: WriteStream }>;
  close(stream: WriteStream): Promise<void>;
  /** Only our own log files (render_….log), oldest first beyond the newest KEEP_LOGS. */
  prune(): Promise<void>;
  /** The last maxBytes of a log file; empty when there is none (any more). */
  tail(file: string | null, maxBytes: number): Promise<RenderLogTail>;
}

/** The render jobs' log files, in the library's logs/renders folder. */
export function renderLogs(logsDir: string): RenderLogs {
  return {
    async open(id) {
      await fsp.mkdir(logsDir, { recursive: true });
      const file = path.join(logsDir, `${id.replace(/[^A-Za-z0-9_-]/g, '_')}.log`);
      const stream = createWriteStream(file, { flags: 'a' });
      stream.write(`[reelvault] ${new Date().toISOString()} ${id}\n`);
      return { file, stream };
    },

    async close(stream) {
      await new Promise<void>((resolve) => stream.end(() => resolve()));
    },

    async prune() {
      const names = (await fsp.readdir(logsDir).catch(() => [] as string[])).filter((n) => /^render_[A-Za-z0-9_-]+\.log$/.test(n));
      if (names.length <= KEEP_LOGS) return;
      const stats = await Promise.all(names.map(async (n) => ({ n, t: (await fsp.stat(path.join(logsDir, n)).catch(() => null))?.mtimeMs ?? 0 })));
      for (const { n } of stats.sort((a, b) => b.t - a.t).slice(KEEP_LOGS)) await fsp.rm(path.join(logsDir, n), { force: true });
    },

    async tail(file, maxBytes) {
      if (!file) return { text: '', truncated: false, path: null };
      const st = await fsp.stat(file).catch(() => null);
      if (!st) return { text: '', truncated: false, path: null };
      const fh = await fsp.open(file, 'r');
      try {
        const len = Math.min(st.size, maxBytes);
        const buf = Buffer.alloc(len);
        await fh.read(buf, 0, len, st.size - len);
        return { text: buf.toString('utf8'), truncated: st.size > len, path: file };
      } finally {
        await fh.close();
      }
    },
  };
}
