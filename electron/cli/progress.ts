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
