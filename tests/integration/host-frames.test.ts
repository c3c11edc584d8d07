// No WebSocket frame a token holder sends can stop `loupe serve` or another page: each malformed frame kind
// is written by hand on a raw TCP socket to a real `loupe serve` child (an error nobody listens for would
// end that process), and after each one the process must still run, answer HTTP, and another page's
// socket must still hear a new event.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connect } from 'node:net';
import { join } from 'node:path';
import WebSocket from 'ws';
import { tempDir } from '../helpers/fs';
import { callServe, startServe, type ServeChild } from '../helpers/serve';
import { closePayload, frame, rawWebSocket, type FrameOptions } from './host-probes';

const { dir, cleanup } = tempDir('loupe-frames-');
let kinds = 0;
afterAll(() => cleanup());

describe('no WebSocket frame can stop the server or another page', () => {
  const malformed: [string, number, FrameOptions | Buffer][] = [
    ['oversize text frame', 1009, frame({ opcode: 0x1, announcedLength: 70_000, payload: Buffer.alloc(1000, 0x61) })],
    ['64-bit length past 2^53', 1009, Buffer.from([0x81, 0xff, 0xff, 0, 0, 0, 0, 0, 0, 0, 1, 2, 3, 4])],
    ['unmasked client frame', 1002, { opcode: 0x1, payload: Buffer.from('hello'), mask: false }],
    ['reserved data opcode 3', 1002, { opcode: 0x3, payload: Buffer.from('x') }],
    ['reserved control opcode 11', 1002, { opcode: 0xb }],
    ['RSV1 without an extension', 1002, { opcode: 0x1, rsv: 0b100, payload: Buffer.from('x') }],
    ['RSV2 set', 1002, { opcode: 0x1, rsv: 0b010, payload: Buffer.from('x') }],
    ['RSV3 set', 1002, { opcode: 0x1, rsv: 0b001, payload: Buffer.from('x') }],
    ['invalid UTF-8 text', 1007, { opcode: 0x1, payload: Buffer.from([0xff, 0xfe, 0xfd]) }],
    ['invalid UTF-8 in a close reason', 1007, { opcode: 0x8, payload: Buffer.concat([closePayload(1000), Buffer.from([0xff])]) }],
    ['close code 999', 1002, { opcode: 0x8, payload: closePayload(999) }],
    ['close code 1005', 1002, { opcode: 0x8, payload: closePayload(1005) }],
    ['close code 1006', 1002, { opcode: 0x8, payload: closePayload(1006) }],
    ['close code 2999', 1002, { opcode: 0x8, payload: closePayload(2999) }],
    ['close code 5000', 1002, { opcode: 0x8, payload: closePayload(5000) }],
    ['one-byte close payload', 1002, { opcode: 0x8, payload: Buffer.from([0x03]) }],
    ['fragmented ping', 1002, { opcode: 0x9, fin: false, payload: Buffer.from('p') }],
    ['ping over 125 bytes', 1002, { opcode: 0x9, payload: Buffer.alloc(126, 0x70) }],
    ['stray continuation frame', 1002, { opcode: 0x0, payload: Buffer.from('x') }],
    ['text frame inside a fragmented message', 1002, Buffer.concat([frame({ opcode: 0x1, fin: false, payload: Buffer.from('a') }), frame({ opcode: 0x1, payload: Buffer.from('b') })])],
  ];

  // A real `loupe serve` child: an error nobody listens for ends the process, and the probes see it go.
  let served: ServeChild;
  let witness: WebSocket;
  let marks = 0;
  const served_ = () => ({ host: `Host: 127.0.0.1:${served.port}`, cookie: `Cookie: loupe_token_${served.port}=${served.token}` });
  beforeAll(async () => {
    served = await startServe(join(dir, 'served.db'));
    witness = new WebSocket(`ws://127.0.0.1:${served.port}/events`, { headers: { cookie: served_().cookie.slice('Cookie: '.length) } });
    await new Promise<void>((resolve, reject) => {
      witness.once('open', () => resolve());
      witness.once('error', reject);
    });
  }, 120_000);
  afterAll(async () => {
    witness?.close();
    await served?.stop();
  });

  /** The server process still runs, answers HTTP, and the witness page hears an event caused after the frame. */
  async function stillAlive(): Promise<void> {
    expect(served.child.exitCode, served.stderr()).toBeNull();
    const name = `witness ${++marks}`;
    const heard = new Promise<void>((resolve) => {
      const listen = (data: WebSocket.RawData) => {
        const message = JSON.parse(String(data)) as { event: string; payload: { userName?: string } };
        if (message.event === 'settings.changed' && message.payload.userName === name) {
          witness.off('message', listen);
          resolve();
        }
      };
      witness.on('message', listen);
    });
    expect(await callServe(served, 'settings.setUserName', { name })).toMatchObject({ ok: true });
    await heard;
    expect(witness.readyState).toBe(WebSocket.OPEN);
  }

  it.each(malformed)('%s: closes that socket only (close code %i)', async (what, code, bytes) => {
    const opened = await rawWebSocket(served.port, [served_().host, served_().cookie]);
    if ('status' in opened) throw new Error(`the handshake was refused (${opened.status})`);
    opened.socket.write(Buffer.isBuffer(bytes) ? bytes : frame(bytes));
    const { closeCode } = await opened.closed;
    kinds++;
    expect(closeCode).toBe(code);
    await stillAlive();
  });

  it('survives a connection reset in the middle of a handshake and of a frame', async () => {
    await new Promise<void>((resolve) => {
      const socket = connect(served.port, '127.0.0.1', () => {
        socket.write(`GET /events HTTP/1.1\r\n${served_().host}\r\n${served_().cookie}\r\nUpgrade: websocket\r\n`);
        socket.resetAndDestroy();
      });
      socket.on('close', () => resolve());
    });
    const opened = await rawWebSocket(served.port, [served_().host, served_().cookie]);
    if ('status' in opened) throw new Error(`the handshake was refused (${opened.status})`);
    opened.socket.write(frame({ opcode: 0x1, announcedLength: 100, payload: Buffer.from('partial') }));
    opened.socket.resetAndDestroy();
    await opened.closed;
    await stillAlive();
  });
});

describe('the tally', () => {
  it('covers every frame kind', () => {
    console.log(`[host-frames] ${kinds} malformed frame kinds and 2 connection resets, the server and the other socket alive after each`);
    expect(kinds).toBeGreaterThanOrEqual(20);
  });
});
