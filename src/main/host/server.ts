// The browser host behind `loupe serve`: HTTP + WebSocket on 127.0.0.1 only. Every request needs the
// token (the printed URL carries it; the page then holds it in an HttpOnly cookie). It serves the built
// renderer, the contract at POST /api/<request>, the binary routes at /bin/…, and events at /events.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Readable, type Duplex } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import { WebSocketServer, type WebSocket } from 'ws';
import type { Workstation } from '../api/workstation';
import { BINARY_PREFIX } from '../../shared/api/binary';
import { HARDENING_HEADERS, contentSecurityPolicy } from '../security/csp';
import { AccessToken, type TokenCheck } from './token';
import { defaultRendererDir, rendererFile, rendererMissingMessage } from './static';

export const EVENTS_PATH = '/events';
const API_PREFIX = '/api/';
const MAX_BODY_BYTES = 16 * 1024 * 1024;
const LOOPBACK = '127.0.0.1';

export interface HostOptions {
  workstation: Workstation;
  /** 0 (the default) picks a free port. */
  port?: number;
  /** The built renderer to serve (defaultRendererDir() when absent); without one, pages say how to build it. */
  rendererDir?: string;
  token?: AccessToken;
}

export interface RunningHost {
  /** The address to open, token included: http://127.0.0.1:<port>/?token=… */
  url: string;
  port: number;
  token: string;
  close(): Promise<void>;
}

export async function startHost(options: HostOptions): Promise<RunningHost> {
  const { workstation } = options;
  const token = options.token ?? new AccessToken();
  const rendererDir = options.rendererDir ?? defaultRendererDir();
  let port = 0;
  const allowedHosts = () => [`${LOOPBACK}:${port}`, `localhost:${port}`];
  const allowedOrigins = () => allowedHosts().map((h) => `http://${h}`);

  const server = createServer((request, response) => {
    handle(request, response).catch((error: unknown) => {
      if (!response.headersSent) send(response, 500, 'text/plain; charset=utf-8', String((error as Error)?.message ?? error));
      else response.destroy();
    });
  });

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    // A page on another site that resolves its name to 127.0.0.1 (DNS rebinding) sends its own Host.
    if (!allowedHosts().includes(request.headers.host ?? '')) return send(response, 403, 'text/plain; charset=utf-8', 'wrong host');
    const url = new URL(request.url ?? '/', `http://${LOOPBACK}:${port}`);
    const origin = request.headers.origin;
    if (origin && origin !== 'null' && !allowedOrigins().includes(origin)) return send(response, 403, 'text/plain; charset=utf-8', 'wrong origin');

    if (url.pathname.startsWith(API_PREFIX)) {
      if (request.method !== 'POST') return send(response, 405, 'text/plain; charset=utf-8', 'requests are POSTed');
      if (refuse(response, token.check(request, port, url, false))) return;
      const body = await readBody(request);
      if (body === null) return send(response, 413, 'text/plain; charset=utf-8', 'request too large');
      let args: unknown;
      try {
        args = body.length ? JSON.parse(body.toString('utf8')) : undefined;
      } catch {
        return sendJson(response, { ok: false, error: { code: 'bad_input', message: 'the request body is not JSON' } });
      }
      const name = decodeURIComponent(url.pathname.slice(API_PREFIX.length));
      return sendJson(response, await workstation.dispatch(name, args));
    }

    if (url.pathname.startsWith(BINARY_PREFIX)) {
      if (refuse(response, token.check(request, port, url, true))) return;
      const reply = await workstation.binary(new Request(url, { method: request.method, headers: { accept: request.headers.accept ?? '*/*' } }));
      const headers: Record<string, string> = { ...HARDENING_HEADERS };
      reply.headers.forEach((value, key) => (headers[key] = value));
      response.writeHead(reply.status, headers);
      if (request.method === 'HEAD' || reply.body === null) return void response.end();
      // Streamed with back-pressure: a label export of millions of rows never sits whole in memory.
      await pipeline(Readable.fromWeb(reply.body as WebReadableStream<Uint8Array>), response);
      return;
    }

    if (request.method !== 'GET' && request.method !== 'HEAD') return send(response, 405, 'text/plain; charset=utf-8', 'method not allowed');
    const isPage = url.pathname === '/' || url.pathname === '/index.html';
    const check = token.check(request, port, url, true);
    if (check !== 'ok') {
      if (isPage) {
        return send(response, check === 'missing' ? 401 : 403, 'text/html; charset=utf-8', LOCKED_PAGE);
      }
      refuse(response, check);
      return;
    }
    const file = rendererDir === null ? null : rendererFile(rendererDir, url.pathname);
    if (!file) {
      const status = isPage ? 503 : 404;
      return send(response, status, 'text/plain; charset=utf-8', isPage ? rendererMissingMessage(rendererDir ?? undefined) : 'not found');
    }
    const headers: Record<string, string> = {
      ...HARDENING_HEADERS,
      'content-type': file.contentType,
      'cache-control': file.immutable ? 'private, max-age=31536000, immutable' : 'no-store',
    };
    if (isPage) {
      headers['content-security-policy'] = contentSecurityPolicy({ connect: [`ws://${LOOPBACK}:${port}`, `ws://localhost:${port}`] });
      headers['set-cookie'] = token.setCookie(port);
    }
    response.writeHead(200, headers);
    response.end(request.method === 'HEAD' ? undefined : file.body);
  }

  // Events: one WebSocket per page, pushed every event of the workstation.
  const sockets = new WebSocketServer({ noServer: true, maxPayload: 64 * 1024 });
  const unsubscribe = workstation.events.subscribe((event, payload) => {
    const message = JSON.stringify({ event, payload });
    for (const socket of sockets.clients) if (socket.readyState === socket.OPEN) socket.send(message);
  });
  server.on('upgrade', (request: IncomingMessage, socket: Duplex, head: Buffer) => {
    const url = new URL(request.url ?? '/', `http://${LOOPBACK}:${port}`);
    const origin = request.headers.origin;
    const refusal =
      !allowedHosts().includes(request.headers.host ?? '') || (origin && !allowedOrigins().includes(origin))
        ? '403 Forbidden'
        : url.pathname !== EVENTS_PATH
          ? '404 Not Found'
          : { ok: null, missing: '401 Unauthorized', wrong: '403 Forbidden' }[token.check(request, port, url, true)];
    if (refusal) {
      socket.end(`HTTP/1.1 ${refusal}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
      return;
    }
    sockets.handleUpgrade(request, socket, head, (ws: WebSocket) => {
      ws.on('message', () => {}); // the page only listens; anything it sends is ignored
      ws.send(JSON.stringify({ event: 'hello', payload: null }));
    });
  });

  await new Promise<void>((resolveListen, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, LOOPBACK, () => resolveListen());
  });
  port = (server.address() as AddressInfo).port;

  return {
    url: `http://${LOOPBACK}:${port}/?token=${token.value}`,
    port,
    token: token.value,
    close: async () => {
      unsubscribe();
      for (const socket of sockets.clients) socket.terminate();
      sockets.close();
      server.closeAllConnections();
      await new Promise<void>((done) => server.close(() => done()));
    },
  };
}

/** Sends 401 (no token) or 403 (a wrong one); returns true when the request was refused. */
function refuse(response: ServerResponse, check: TokenCheck): boolean {
  if (check === 'ok') return false;
  send(response, check === 'missing' ? 401 : 403, 'application/json', JSON.stringify({ ok: false, error: { code: 'forbidden', message: check === 'missing' ? 'this workstation needs its access token' : 'wrong access token' } }));
  return true;
}

function send(response: ServerResponse, status: number, contentType: string, body: string): void {
  response.writeHead(status, { ...HARDENING_HEADERS, 'content-type': contentType, 'cache-control': 'no-store' });
  response.end(body);
}

function sendJson(response: ServerResponse, value: unknown): void {
  send(response, 200, 'application/json; charset=utf-8', JSON.stringify(value));
}

function readBody(request: IncomingMessage): Promise<Buffer | null> {
  return new Promise((resolveBody, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        request.destroy();
        resolveBody(null);
      } else chunks.push(chunk);
    });
    request.on('end', () => resolveBody(Buffer.concat(chunks)));
    request.on('error', reject);
  });
}

const LOCKED_PAGE = `<!doctype html><meta charset="utf-8"><title>Loupe</title>
<body style="background:#111418;color:#d6dbe1;font:15px system-ui;padding:3em">
<h1 style="font-weight:500">This Loupe workstation is locked</h1>
<p>Open the address that <code>loupe serve</code> printed: it carries the access token.</p></body>`;
