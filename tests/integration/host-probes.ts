// What the host security suite sends: HTTP requests written byte for byte on a TCP socket (so paths,
// headers and bodies reach the server exactly as an attacker would write them, with nothing normalised
// by a client library), WebSocket handshakes and hand-made WebSocket frames, and a tally of every probe.
import { randomBytes } from 'node:crypto';
import { connect, type Socket } from 'node:net';

export interface RawResponse {
  status: number;
  headers: Record<string, string>;
  body: Buffer;
}

/** One HTTP/1.1 request on its own connection; the answer is read until the server closes it. */
export function rawHttp(port: number, head: string, body: Buffer | string = ''): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    const chunks: Buffer[] = [];
    socket.on('data', (chunk) => chunks.push(chunk));
    socket.on('error', reject);
    socket.on('close', () => {
      const all = Buffer.concat(chunks);
      const end = all.indexOf('\r\n\r\n');
      if (end < 0) return reject(new Error(`no HTTP answer (${all.length} bytes)`));
      const [statusLine, ...lines] = all.subarray(0, end).toString('latin1').split('\r\n');
      const headers: Record<string, string> = {};
      for (const line of lines) {
        const colon = line.indexOf(':');
        headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
      }
      const raw = all.subarray(end + 4);
      resolve({ status: Number(statusLine.split(' ')[1]), headers, body: headers['transfer-encoding'] === 'chunked' ? dechunk(raw) : raw });
    });
    const payload = typeof body === 'string' ? Buffer.from(body) : body;
    const lines = head.trimEnd().split('\n').map((l) => l.replace(/\r$/, ''));
    if (!lines.some((l) => /^connection:/i.test(l))) lines.push('Connection: close');
    if (payload.length && !lines.some((l) => /^content-length:/i.test(l))) lines.push(`Content-Length: ${payload.length}`);
    socket.write(`${lines.join('\r\n')}\r\n\r\n`);
    if (payload.length) socket.write(payload);
  });
}

/** The body of a chunked HTTP/1.1 answer. */
function dechunk(raw: Buffer): Buffer {
  const parts: Buffer[] = [];
  let at = 0;
  for (;;) {
    const lineEnd = raw.indexOf('\r\n', at);
    if (lineEnd < 0) break;
    const size = parseInt(raw.subarray(at, lineEnd).toString('latin1'), 16);
    if (!size) break;
    parts.push(raw.subarray(lineEnd + 2, lineEnd + 2 + size));
    at = lineEnd + 2 + size + 2;
  }
  return Buffer.concat(parts);
}

export interface OpenSocket {
  socket: Socket;
  /** Resolves when the server has closed the connection, with the close code of its close frame (if it sent one). */
  closed: Promise<{ closeCode: number | null }>;
}

/**
 * A WebSocket handshake written by hand. Resolves once the server answered 101 and sent its first frame
 * (the hello), or with the HTTP status when it refused.
 */
export function rawWebSocket(port: number, headers: string[]): Promise<OpenSocket | { status: number }> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    let buffer = Buffer.alloc(0);
    let upgraded = false;
    let settled = false;
    let framesAfterUpgrade = Buffer.alloc(0);
    const closed = new Promise<{ closeCode: number | null }>((resolveClosed) => {
      socket.on('close', () => resolveClosed({ closeCode: closeCodeIn(framesAfterUpgrade) }));
    });
    socket.on('error', (error) => {
      if (!settled) reject(error);
    });
    socket.on('data', (chunk) => {
      if (upgraded) {
        framesAfterUpgrade = Buffer.concat([framesAfterUpgrade, chunk]);
        if (!settled && framesAfterUpgrade.length >= 2) {
          settled = true;
          resolve({ socket, closed });
        }
        return;
      }
      buffer = Buffer.concat([buffer, chunk]);
      const end = buffer.indexOf('\r\n\r\n');
      if (end < 0) return;
      const status = Number(buffer.subarray(0, end).toString('latin1').split(' ')[1]);
      if (status !== 101) {
        settled = true;
        socket.destroy();
        return resolve({ status });
      }
      upgraded = true;
      framesAfterUpgrade = buffer.subarray(end + 4);
      if (framesAfterUpgrade.length >= 2) {
        settled = true;
        resolve({ socket, closed });
      }
    });
    socket.on('close', () => {
      if (!settled) reject(new Error('the connection closed during the handshake'));
    });
    const key = randomBytes(16).toString('base64');
    socket.write(
      ['GET /events HTTP/1.1', 'Upgrade: websocket', 'Connection: Upgrade', `Sec-WebSocket-Key: ${key}`, 'Sec-WebSocket-Version: 13', ...headers].join('\r\n') + '\r\n\r\n',
    );
  });
}

/** The status code of the first close frame among server frames (the hello text frame comes first). */
function closeCodeIn(frames: Buffer): number | null {
  let at = 0;
  while (at + 2 <= frames.length) {
    const opcode = frames[at] & 0x0f;
    let length = frames[at + 1] & 0x7f;
    let offset = at + 2;
    if (length === 126) {
      length = frames.readUInt16BE(offset);
      offset += 2;
    } else if (length === 127) {
      length = Number(frames.readBigUInt64BE(offset));
      offset += 8;
    }
    if (opcode === 0x8) return length >= 2 ? frames.readUInt16BE(offset) : null;
    at = offset + length;
  }
  return null;
}

export interface FrameOptions {
  fin?: boolean;
  rsv?: number;
  opcode: number;
  payload?: Buffer;
  /** Client frames must be masked; false writes an unmasked one. */
  mask?: boolean;
  /** Writes this length in the header instead of the payload's (to announce more than is sent). */
  announcedLength?: number;
}

/** One WebSocket frame as a client writes it (RFC 6455 §5.2). */
export function frame({ fin = true, rsv = 0, opcode, payload = Buffer.alloc(0), mask = true, announcedLength }: FrameOptions): Buffer {
  const length = announcedLength ?? payload.length;
  const head: number[] = [(fin ? 0x80 : 0) | (rsv << 4) | opcode];
  const maskBit = mask ? 0x80 : 0;
  let extended = Buffer.alloc(0);
  if (length < 126) head.push(maskBit | length);
  else if (length < 65536) {
    head.push(maskBit | 126);
    extended = Buffer.alloc(2);
    extended.writeUInt16BE(length);
  } else {
    head.push(maskBit | 127);
    extended = Buffer.alloc(8);
    extended.writeBigUInt64BE(BigInt(length));
  }
  if (!mask) return Buffer.concat([Buffer.from(head), extended, payload]);
  const key = randomBytes(4);
  const masked = Buffer.from(payload.map((byte, i) => byte ^ key[i % 4]));
  return Buffer.concat([Buffer.from(head), extended, key, masked]);
}

export const closePayload = (code: number, reason = '') => {
  const body = Buffer.alloc(2 + Buffer.byteLength(reason));
  body.writeUInt16BE(code);
  body.write(reason, 2);
  return body;
};

/** Every probe the suite sent: what it was, whether it carried the token, and how the host answered. */
export class ProbeTally {
  readonly probes: { what: string; withToken: boolean; status: number }[] = [];

  record(what: string, withToken: boolean, status: number): number {
    this.probes.push({ what, withToken, status });
    return status;
  }

  /** Probes without a valid token that were answered with success (2xx, or 101 for a WebSocket). */
  answeredWithoutToken(): string[] {
    return this.probes.filter((p) => !p.withToken && p.status >= 100 && p.status < 300).map((p) => `${p.what} → ${p.status}`);
  }
}
