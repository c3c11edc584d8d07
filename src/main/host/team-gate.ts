// The gate of `loupe serve --team`: people on a LAN sign in with their name and password (POST
// /auth/login) and get a session cookie — HttpOnly, SameSite=Strict, Secure under TLS — that every api
// call, binary route and the event socket then need. The page and its assets are served to anyone (they are
// the public build; the app asks to sign in). Repeated failed sign-ins for a name or from an address wait
// longer and longer (shared/sign-in-throttle.ts). Requests must come from the page's own origin, whatever name
// the LAN or a reverse proxy gives the host; a page elsewhere never gets the cookie (SameSite, and the
// cookie belongs to the host's own name), so it can neither read nor change anything.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { hostname } from 'node:os';
import type { UserService } from '../services/team/users';
import type { SessionService } from '../services/team/sessions';
import { HARDENING_HEADERS } from '../security/csp';
import type { Admission, Gate } from './gate';
import { cookieValue } from './token';
import { readBody } from './body';
import { SignInThrottle } from '../../shared/sign-in-throttle';
import { isLoopback } from './listen';

export interface TeamGateOptions {
  users: UserService;
  sessions: SessionService;
  /** Served over TLS (the cookie is then Secure). */
  secure: boolean;
  /** The address the host listens on (what the printed address names, unless it is every interface). */
  listenHost: string;
}

export const LOGIN_PATH = '/auth/login';
export const LOGOUT_PATH = '/auth/logout';
const HOST_HEADER = /^[A-Za-z0-9.\-[\]:]{1,300}$/;
const MAX_LOGIN_BYTES = 8 * 1024;

export function teamGate(options: TeamGateOptions, port: () => number): Gate {
  const { users, sessions, secure } = options;
  const throttle = new SignInThrottle();
  const cookieName = () => `loupe_session_${port()}`;
  const cookie = (value: string, maxAge: number) =>
    `${cookieName()}=${value}; Path=/; HttpOnly; SameSite=Strict; Max-Age=${maxAge}${secure ? '; Secure' : ''}`;

  const admit = (request: IncomingMessage): Admission => {
    const token = cookieValue(request, cookieName());
    if (!token) return { ok: false, status: 401, message: 'sign in to this workstation first', signIn: true };
    const user = sessions.user(token);
    return user ? { ok: true, user } : { ok: false, status: 401, message: 'your session has ended: sign in again', signIn: true };
  };

  async function login(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const body = await readBody(request, MAX_LOGIN_BYTES);
    let given: { name?: unknown; password?: unknown } = {};
    try {
      if (body.ok) given = JSON.parse(body.text) as typeof given;
    } catch {
      // answered below as a bad request
    }
    if (!body.ok || typeof given.name !== 'string' || typeof given.password !== 'string') {
      return reply(response, 400, { ok: false, error: { code: 'bad_input', message: 'sign in with a name and a password' } });
    }
    // Per name, and per address unless it is loopback (behind a reverse proxy every sign-in comes from there).
    const address = request.socket.remoteAddress ?? '';
    const keys = [`name:${given.name.trim().toLowerCase()}`, ...(isLoopback(address) || address === '::ffff:127.0.0.1' ? [] : [`address:${address}`])];
    const wait = throttle.waitMs(keys, Date.now());
    if (wait > 0) {
      const seconds = Math.ceil(wait / 1000);
      response.setHeader('retry-after', String(seconds));
      return reply(response, 429, { ok: false, error: { code: 'forbidden', message: `too many failed sign-ins: try again in ${seconds} s` } });
    }
    const user = await users.authenticate(given.name, given.password);
    if (!user) {
      throttle.failed(keys, Date.now());
      return reply(response, 401, { ok: false, error: { code: 'forbidden', message: 'wrong name or password' } });
    }
    throttle.succeeded(keys);
    const session = sessions.start(user.id);
    reply(response, 200, { ok: true, value: { name: user.name, role: user.role } }, cookie(session.token, session.maxAgeSeconds));
  }

  return {
    hostAllowed: (request) => HOST_HEADER.test(request.headers.host ?? ''),
    originAllowed: (request) => sameOrigin(request),
    admit,
    pagesNeedAdmission: false,
    pageCookie: () => undefined,
    socketOrigins: (request) => [`${secure ? 'wss' : 'ws'}://${request.headers.host ?? ''}`],
    async ownRoute(request, response, url) {
      if (url.pathname !== LOGIN_PATH && url.pathname !== LOGOUT_PATH) return false;
      if (request.method !== 'POST') {
        reply(response, 405, { ok: false, error: { code: 'bad_input', message: 'sign-in and sign-out are POSTed' } });
        return true;
      }
      if (url.pathname === LOGIN_PATH) await login(request, response);
      else {
        sessions.end(cookieValue(request, cookieName()));
        reply(response, 200, { ok: true, value: null }, cookie('', 0));
      }
      return true;
    },
    url: (p) => {
      const shown = ['0.0.0.0', '::', '[::]', ''].includes(options.listenHost) ? hostname() : options.listenHost;
      return `${secure ? 'https' : 'http'}://${shown.includes(':') && !shown.startsWith('[') ? `[${shown}]` : shown}:${p}/`;
    },
  };
}

/** No Origin (a plain GET, a script), or one whose host is the Host the request was sent to (http or https: a TLS proxy in front). */
function sameOrigin(request: IncomingMessage): boolean {
  const origin = request.headers.origin;
  if (origin === undefined) return true;
  if (Array.isArray(origin)) return false;
  try {
    const parsed = new URL(origin);
    return (parsed.protocol === 'https:' || parsed.protocol === 'http:') && parsed.host === (request.headers.host ?? '').toLowerCase();
  } catch {
    return false; // `null` and other opaque origins
  }
}

function reply(response: ServerResponse, status: number, value: unknown, setCookie?: string): void {
  const headers: Record<string, string> = {
    ...HARDENING_HEADERS,
    'referrer-policy': 'same-origin',
    'content-type': 'application/json; charset=utf-8',
    'cache-control': 'no-store',
  };
  if (setCookie) headers['set-cookie'] = setCookie;
  response.writeHead(status, headers);
  response.end(JSON.stringify(value));
}
