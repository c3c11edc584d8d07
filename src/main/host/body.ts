// Request bodies of the browser host: read up to a limit, decoded as strict UTF-8. A body over the limit is
// read to its end and thrown away, so the client gets its 413 instead of a reset connection; one far past
// the limit (a client that never stops) is cut off after the 413 is written.
import type { IncomingMessage } from 'node:http';

export type Body = { ok: true; text: string } | { ok: false; status: 400 | 413; message: string };

/** How much more than the limit is read and discarded before the connection is closed. */
const DRAIN_FACTOR = 4;

export function readBody(request: IncomingMessage, limit: number): Promise<Body> {
  const tooLarge: Body = { ok: false, status: 413, message: `the request body is over ${Math.round(limit / (1024 * 1024))} MB` };
  const cap = limit * DRAIN_FACTOR;
  // The caller closes the connection after answering (the rest is never read).
  if (Number(request.headers['content-length'] ?? 0) > cap) return Promise.resolve(tooLarge);
  return new Promise((resolveBody, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size <= limit) chunks.push(chunk);
      else if (size > cap) {
        request.off('data', onData);
        request.pause();
        resolveBody(tooLarge);
      }
    };
    request.on('data', onData);
    request.once('end', () => {
      if (size > limit) return resolveBody(tooLarge);
      const text = decodeUtf8(Buffer.concat(chunks));
      resolveBody(text === null ? { ok: false, status: 400, message: 'the request body is not valid UTF-8' } : { ok: true, text });
    });
    request.once('error', reject);
  });
}

const strictUtf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false });

/** The text of UTF-8 bytes, or null when they are not valid UTF-8 (never replacement characters). */
export function decodeUtf8(bytes: Uint8Array): string | null {
  try {
    return strictUtf8.decode(bytes);
  } catch {
    return null;
  }
}
