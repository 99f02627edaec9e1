import { createHash } from 'node:crypto';
import type { Readable } from 'node:stream';
import type { TextContent } from '../../shared/contract.js';
import { TEXT_READ_DEFAULT } from '../../shared/contract.js';

/**
 * Reads at most maxBytes of a stream as UTF-8 and stops the stream there, so a 4 GB file opened in
 * the viewer costs one chunk. A NUL byte in the first 8000 bytes means binary (git's rule).
 */
export async function readTextCapped(stream: Readable, path: string, size: number, maxBytes = TEXT_READ_DEFAULT): Promise<TextContent> {
  const parts: Buffer[] = [];
  let got = 0;
  try {
    for await (const chunk of stream) {
      const b = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as Uint8Array);
      parts.push(b.subarray(0, Math.max(0, maxBytes - got)));
      got += b.length;
      if (got >= maxBytes) break;
    }
  } finally {
    stream.destroy();
  }
  const buf = Buffer.concat(parts);
  const binary = buf.subarray(0, 8000).includes(0);
  // stream: true holds back a multi-byte character cut by the cap instead of emitting U+FFFD.
  const text = binary ? '' : new TextDecoder('utf-8').decode(buf, { stream: true });
  const truncated = size > buf.length;
  // The whole file was read: its hash is what a later save checks the disk against (files.writeText expectSha256).
  return { path, text, size, truncated, binary, ...(truncated ? {} : { sha256: createHash('sha256').update(buf).digest('hex') }) };
}
