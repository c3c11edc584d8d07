// The browser host behind `loupe serve`: HTTP + WebSocket on 127.0.0.1 only. Every request needs the
// token (the printed URL carries it; the page then holds it in an HttpOnly cookie). It serves the built
// renderer, the contract at POST /api/<request>, the binary routes at /bin/…, and events at /events.
// In team mode (`loupe serve --team`) it listens where the admin says, over TLS when given a certificate,
// lets in signed-in people (team-gate.ts) and checks each request against their role (shared/roles.ts)
// before it reaches a handler, which then runs as that person (they sign what it writes).
// A client's mistake gets a 4xx and closes nothing but its own request or socket; 500 means Loupe's own fault.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { createServer as createTlsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { Readable, type Duplex } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import type { Workstation } from '../api/workstation';
import { BINARY_PREFIX, parseBinaryRoute } from '../../shared/api/binary';
import { isRequestName } from '../../shared/api/names';
import type { SessionUser } from '../../shared/api/team-types';
import { atLeast, binaryRole, requiredRole, withArticle } from '../../shared/roles';
import { HARDENING_HEADERS, contentSecurityPolicy } from '../security/csp';
import { actAs } from '../services/team/acting-user';
import { AccessToken } from './token';
import { decodedPath, defaultRendererDir, rendererFile, rendererMissingMessage } from './static';
import { readBody } from './body';
import { createEventSockets, refuseUpgrade } from './events-socket';
import { SIGN_IN_CHALLENGE, tokenGate, type Admission, type Gate } from './gate';
import { teamGate } from './team-gate';

export const EVENTS_PATH = '/events';
const API_PREFIX = '/api/';
const MAX_BODY_BYTES = 16 * 1024 * 1024;
const LOOPBACK = '127.0.0.1';

export interface TeamHostOptions {
  /** The address to listen on (an interface's IP, a host name, 0.0.0.0 for every one). */
  listen: string;
  /** PEM certificate and key: the host serves HTTPS. Without them it serves plain HTTP (the CLI allows that beyond loopback only when the admin asks). */
  tls?: { cert: string | Buffer; key: string | Buffer };
}

export interface HostOptions {
  workstation: Workstation;
  /** 0 (the default) picks a free port. */
  port?: number;
  /** The built renderer to serve (defaultRendererDir() when absent); without one, pages say how to build it. */
  rendererDir?: string;
  token?: AccessToken;
  /** Team mode: accounts, sessions and roles instead of the one token. */
  team?: TeamHostOptions;
}

export interface RunningHost {
  /** The address to open: http://127.0.0.1:<port>/?token=… (team mode: http(s)://<host>:<port>/, no token). */
  url: string;
  port: number;
  /** The access token ('' in team mode, where people sign in). */
  token: string;
  close(): Promise<void>;
}

export async function startHost(options: HostOptions): Promise<RunningHost> {
  const { workstation, team } = options;
  const token = team ? null : (options.token ?? new AccessToken());
  const rendererDir = options.rendererDir ?? defaultRendererDir();
  let port = 0;
  const gate: Gate = team
    ? teamGate({ users: workstation.services.users, sessions: workstation.services.sessions, secure: team.tls !== undefined, listenHost: team.listen }, () => port)
    : tokenGate(token!, () => port);

  const onRequest = (request: IncomingMessage, response: ServerResponse) => {
    handle(request, response).catch((error: unknown) => {
      // A client that went away mid-request (its body cut off) gets no answer; anything else is Loupe's fault.
      if (response.headersSent || request.destroyed) response.destroy();
      else send(response, 500, TEXT, String((error as Error)?.message ?? error));
    });
  };
  const server = team?.tls ? createTlsServer({ cert: team.tls.cert, key: team.tls.key }, onRequest) : createServer(onRequest);

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    // A page on another site that resolves its name to 127.0.0.1 (DNS rebinding) sends its own Host.
    if (!gate.hostAllowed(request)) return send(response, 403, TEXT, 'wrong host');
    // Cross-site pages and opaque origins (`null`: sandboxed frames, file: pages, data: URLs) are refused;
    // the app's own requests carry its origin, or none for plain GETs.
    if (!gate.originAllowed(request)) return send(response, 403, TEXT, 'wrong origin');
    const url = requestUrl(request);
    if (!url) return send(response, 400, TEXT, 'the request target is not a URL path');
    if (await gate.ownRoute(request, response, url)) return;

    if (url.pathname.startsWith(API_PREFIX)) {
      if (request.method !== 'POST') return send(response, 405, TEXT, 'requests are POSTed');
      const admission = gate.admit(request, url, false);
      if (refuse(response, admission)) return;
      const name = decodedPath(url.pathname.slice(API_PREFIX.length));
      if (name === null) return badInput(response, 400, 'the request name has bad percent-encoding');
      const body = await readBody(request, MAX_BODY_BYTES);
      if (!body.ok) {
        if (body.status === 413) response.setHeader('connection', 'close');
        return badInput(response, body.status, body.message);
      }
      let args: unknown;
      try {
        args = body.text.length ? JSON.parse(body.text) : undefined;
      } catch {
        return badInput(response, 400, 'the request body is not JSON');
      }
      const user = admission.ok ? admission.user : undefined;
      if (!user) return sendJson(response, await workstation.dispatch(name, args));
      // Team mode: the role decides before the arguments are even validated; a refused request changes nothing.
      if (isRequestName(name)) {
        const needed = requiredRole(name, args);
        if (!atLeast(user.role, needed)) return forbidden(response, user, `${name} needs ${withArticle(needed)}`);
      }
      return sendJson(response, await actAs(user, () => workstation.dispatch(name, args)));
    }

    if (url.pathname.startsWith(BINARY_PREFIX)) {
      const admission = gate.admit(request, url, true);
      if (refuse(response, admission)) return;
      if (request.method !== 'GET' && request.method !== 'HEAD') return send(response, 405, TEXT, 'only GET and HEAD');
      const user = admission.ok ? admission.user : undefined;
      const route = user ? parseBinaryRoute(url.pathname, url.searchParams) : null;
      if (user && route && !atLeast(user.role, binaryRole(route))) return forbidden(response, user, `this download needs ${withArticle(binaryRole(route))}`);
      // Blind reading: a reader's own masks of an item they read travel as JSON; the item's label masks stay hidden.
      if (user?.role === 'annotator' && route?.kind === 'mask' && workstation.services.readings.isReading(user.name, route.itemId)) {
        return forbidden(response, user, 'this label is hidden while you read the item');
      }
      const fetchReply = () => workstation.binary(new Request(url, { method: request.method, headers: { accept: request.headers.accept ?? '*/*' } }));
      const reply = await (user ? actAs(user, fetchReply) : fetchReply());
      const headers: Record<string, string> = { ...HOST_HEADERS };
      reply.headers.forEach((value, key) => (headers[key] = value));
      response.writeHead(reply.status, headers);
      if (request.method === 'HEAD' || reply.body === null) return void response.end();
      // Streamed with back-pressure: a label export of millions of rows never sits whole in memory.
      await pipeline(Readable.fromWeb(reply.body as WebReadableStream<Uint8Array>), response);
      return;
    }

    if (request.method !== 'GET' && request.method !== 'HEAD') return send(response, 405, TEXT, 'method not allowed');
    const isPage = url.pathname === '/' || url.pathname === '/index.html';
    if (gate.pagesNeedAdmission) {
      const admission = gate.admit(request, url, true);
      if (!admission.ok) {
        if (isPage) return send(response, admission.status, 'text/html; charset=utf-8', LOCKED_PAGE);
        refuse(response, admission);
        return;
      }
    }
    if (decodedPath(url.pathname) === null) return send(response, 400, TEXT, 'bad percent-encoding in the path');
    const file = rendererDir === null ? null : rendererFile(rendererDir, url.pathname);
    if (!file) {
      const status = isPage ? 503 : 404;
      return send(response, status, TEXT, isPage ? rendererMissingMessage(rendererDir ?? undefined) : 'not found');
    }
    const headers: Record<string, string> = {
      ...HOST_HEADERS,
      'content-type': file.contentType,
      'cache-control': file.immutable ? 'private, max-age=31536000, immutable' : 'no-store',
    };
    if (isPage) {
      headers['content-security-policy'] = contentSecurityPolicy({ connect: gate.socketOrigins(request) });
      const cookie = gate.pageCookie();
      if (cookie) headers['set-cookie'] = cookie;
    }
    response.writeHead(200, headers);
    response.end(request.method === 'HEAD' ? undefined : file.body);
  }

  const sockets = createEventSockets(workstation.events);
  server.on('upgrade', (request: IncomingMessage, socket: Duplex, head: Buffer) => {
    // A client that resets the connection mid-handshake must not take the server down.
    socket.on('error', () => socket.destroy());
    const url = requestUrl(request);
    const admission = url ? gate.admit(request, url, true) : null;
    const refusal =
      !gate.hostAllowed(request) || !gate.originAllowed(request)
        ? '403 Forbidden'
        : !url
          ? '400 Bad Request'
          : url.pathname !== EVENTS_PATH
            ? '404 Not Found'
            : admission?.ok
              ? null
              : admission?.status === 401
                ? '401 Unauthorized'
                : '403 Forbidden';
    if (refusal) return refuseUpgrade(socket, refusal);
    // A signed-in person's socket stops with their session (sign-out, expiry, a disabled user).
    const user = admission?.ok ? admission.user : undefined;
    sockets.accept(request, socket, head, user && url ? () => gate.admit(request, url, true).ok : undefined);
  });

  await new Promise<void>((resolveListen, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, team ? listenAddress(team.listen) : LOOPBACK, () => resolveListen());
  });
  port = (server.address() as AddressInfo).port;

  return {
    url: gate.url(port),
    port,
    token: token?.value ?? '',
    close: async () => {
      sockets.close();
      server.closeAllConnections();
      await new Promise<void>((done) => server.close(() => done()));
    },
  };
}

/** `[::1]` → `::1`: what `listen` takes. */
function listenAddress(host: string): string {
  return host.startsWith('[') && host.endsWith(']') ? host.slice(1, -1) : host;
}

/** A signed-in person asked for what their role may not do: 403, nothing run. */
function forbidden(response: ServerResponse, user: SessionUser, what: string): void {
  sendJson(response, { ok: false, error: { code: 'forbidden', message: `${what}; ${user.name} is ${withArticle(user.role)}` } }, 403);
}

/** Sends 401 (no credential) or 403 (a wrong one); returns true when the request was refused. */
function refuse(response: ServerResponse, admission: Admission): boolean {
  if (admission.ok) return false;
  if (admission.signIn) response.setHeader(SIGN_IN_CHALLENGE.name, SIGN_IN_CHALLENGE.value);
  send(response, admission.status, 'application/json', JSON.stringify({ ok: false, error: { code: 'forbidden', message: admission.message } }));
  return true;
}

const TEXT = 'text/plain; charset=utf-8';

/**
 * Every answer of the host. The page's own POSTs must carry its origin (an opaque `null` is refused),
 * which a `no-referrer` policy would turn into `null` in browsers that follow the Fetch standard to the
 * letter; `same-origin` sends no Referer anywhere else either.
 */
const HOST_HEADERS: Readonly<Record<string, string>> = { ...HARDENING_HEADERS, 'referrer-policy': 'same-origin' };

function send(response: ServerResponse, status: number, contentType: string, body: string): void {
  response.writeHead(status, { ...HOST_HEADERS, 'content-type': contentType, 'cache-control': 'no-store' });
  response.end(body);
}

function sendJson(response: ServerResponse, value: unknown, status = 200): void {
  send(response, status, 'application/json; charset=utf-8', JSON.stringify(value));
}

/** A request the host cannot read (bad encoding, too large, not JSON), answered in the contract's error shape. */
function badInput(response: ServerResponse, status: number, message: string): void {
  sendJson(response, { ok: false, error: { code: 'bad_input', message } }, status);
}

/** The request's path and query, or null when its target is not one (`//[`, absolute forms that do not parse). */
function requestUrl(request: IncomingMessage): URL | null {
  try {
    return new URL(request.url ?? '/', `http://${LOOPBACK}`);
  } catch {
    return null;
  }
}

const LOCKED_PAGE = `<!doctype html><meta charset="utf-8"><title>Loupe</title>
<body style="background:#111418;color:#d6dbe1;font:15px system-ui;padding:3em">
<h1 style="font-weight:500">This Loupe workstation is locked</h1>
<p>Open the address that <code>loupe serve</code> printed: it carries the access token.</p></body>`;
