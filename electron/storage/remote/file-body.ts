import { createHash, type Hash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { Transform, type Readable } from 'node:stream';

/** Read size for request bodies: enough for loopback speeds (measured), small enough that memory stays flat. */
const READ_CHUNK = 256 * 1024;

/**
 * A request body streamed from a byte range of a file (start..end inclusive), counting bytes as they
 * go out and, when asked, hashing them with md5 on the way: a multipart part's ETag is the md5 of
 * what the store received, so comparing the two proves the part arrived intact without reading it
 * twice. Only one read chunk is ever in memory per body.
 */
export function fileBody(file: string, range: { start: number; end: number } | null, onBytes?: (n: number) => void, withMd5 = false): { body: Readable; md5: () => string | null } {
  const source = createReadStream(file, { highWaterMark: READ_CHUNK, ...(range ? { start: range.start, end: range.end } : {}) });
  const hash: Hash | null = withMd5 ? createHash('md5') : null;
  let digest: string | null = null;
  const pass = new Transform({
    highWaterMark: READ_CHUNK,
    transform(chunk: Buffer, _enc, cb) {
      hash?.update(chunk);
      onBytes?.(chunk.length);
      cb(null, chunk);
    },
    flush(cb) {
      if (hash) digest = hash.digest('hex');
      cb();
    },
  });
  source.on('error', (err) => pass.destroy(err));
  // The request may end early (an error, an abort): the file is closed with it.
  pass.on('close', () => source.destroy());
  source.pipe(pass);
  return { body: pass, md5: () => digest };
}
