import type { ImportProgress } from '../../shared/models.js';
import { bytes } from './output.js';

/**
 * A one-line progress bar on stderr, redrawn at most ten times a second; silent when stderr is not a
 * terminal (pipes, CI) so logs stay clean.
 */
export function progressBar(enabled: boolean): { update(p: ImportProgress): void; done(): void } {
  const tty = enabled && process.stderr.isTTY;
  const started = Date.now();
  let last = 0;
  let drawn = false;
  const draw = (p: ImportProgress) => {
    const width = 24;
    const frac = p.bytesTotal > 0 ? p.bytesDone / p.bytesTotal : p.filesTotal > 0 ? p.filesDone / p.filesTotal : 1;
    const fill = Math.round(frac * width);
    const secs = Math.max((Date.now() - started) / 1000, 0.001);
    const rate = p.bytesDone / secs;
    const left = rate > 0 && p.bytesTotal > p.bytesDone ? Math.ceil((p.bytesTotal - p.bytesDone) / rate) : 0;
    const text = `[${'#'.repeat(fill)}${' '.repeat(width - fill)}] ${p.filesDone}/${p.filesTotal} files  ${bytes(p.bytesDone)}/${bytes(p.bytesTotal)}  ${bytes(rate)}/s${left ? `  ${left}s left` : ''}`;
    process.stderr.write(`\r${text.padEnd(100).slice(0, Math.max(40, (process.stderr.columns ?? 100) - 1))}`);
    drawn = true;
  };
  return {
    update(p) {
      if (!tty) return;
      const now = Date.now();
      if (now - last < 100 && p.filesDone < p.filesTotal) return;
      last = now;
      draw(p);
    },
    done() {
      if (tty && drawn) process.stderr.write('\n');
    },
  };
}

/** A one-line bar counting items (media work, probes) on stderr; silent when stderr is not a terminal. */
export function countBar(enabled: boolean, unit: string): { update(p: { done: number; total: number; failed?: number; current?: string | null }): void; done(): void } {
  const tty = enabled && process.stderr.isTTY;
  let last = 0;
  let drawn = false;
  return {
    update(p) {
      if (!tty) return;
      const now = Date.now();
      if (now - last < 100 && p.done < p.total) return;
      last = now;
      const width = 24;
      const fill = p.total > 0 ? Math.round((p.done / p.total) * width) : 0;
      const failed = p.failed ? `  ${p.failed} failed` : '';
      const text = `[${'#'.repeat(fill)}${' '.repeat(width - fill)}] ${p.done}/${p.total} ${unit}${failed}${p.current ? `  ${p.current}` : ''}`;
      process.stderr.write(`\r${text.padEnd(100).slice(0, Math.max(40, (process.stderr.columns ?? 100) - 1))}`);
      drawn = true;
    },
    done() {
      if (tty && drawn) process.stderr.write('\n');
    },
  };
}
