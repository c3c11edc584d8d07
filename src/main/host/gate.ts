// Who the host lets in. Two gates: the token gate of a plain `loupe serve` (one person on this machine, the
// printed token) and the team gate of `loupe serve --team` (people on a LAN, each signed in with a session;
// team-gate.ts). The server asks its gate the same questions on every request, page, binary route and socket.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { SessionUser } from '../../shared/api/team-types';
import { AccessToken } from './token';
import { isOwnOrigin } from './origin';

/** Let in (as the user, in team mode), or refused with 401 (nobody) / 403 (the wrong credential). */
export type Admission = { ok: true; user?: SessionUser } | { ok: false; status: 401 | 403; message: string; signIn?: true };

/** The header of a team host's 401: the page answers it with its sign-in form (a token host's 401 means the wrong address). */
export const SIGN_IN_CHALLENGE = { name: 'www-authenticate', value: 'Loupe-Session' } as const;

export interface Gate {
  /** The Host header names this server (a page that resolves its own name to the host — DNS rebinding — does not). */
  hostAllowed(request: IncomingMessage): boolean;
  originAllowed(request: IncomingMessage): boolean;
  /** An api call (allowQuery false) or a binary route / the page / the socket (a token may ride in the query). */
  admit(request: IncomingMessage, url: URL, allowQuery: boolean): Admission;
  /** Whether the page and its assets need admission (the team gate serves them to all: the app asks to sign in). */
  readonly pagesNeedAdmission: boolean;
  /** Headers of the page: its cookie, and what its CSP lets it connect to. */
  pageCookie(): string | undefined;
  socketOrigins(request: IncomingMessage): string[];
  /** The gate's own routes (sign-in, sign-out); true when it answered the request. */
  ownRoute(request: IncomingMessage, response: ServerResponse, url: URL): Promise<boolean>;
  /** The address to print. */
  url(port: number): string;
}

const LOOPBACK = '127.0.0.1';

export function tokenGate(token: AccessToken, port: () => number): Gate {
  const allowedHosts = () => [`${LOOPBACK}:${port()}`, `localhost:${port()}`];
  const check = (request: IncomingMessage, url: URL, allowQuery: boolean): Admission => {
    const result = token.check(request, port(), url, allowQuery);
    if (result === 'ok') return { ok: true };
    return result === 'missing'
      ? { ok: false, status: 401, message: 'this workstation needs its access token' }
      : { ok: false, status: 403, message: 'wrong access token' };
  };
  return {
    hostAllowed: (request) => allowedHosts().includes(request.headers.host ?? ''),
    originAllowed: (request) => isOwnOrigin(request.headers.origin, allowedHosts().map((h) => `http://${h}`)),
    admit: check,
    pagesNeedAdmission: true,
    pageCookie: () => token.setCookie(port()),
    socketOrigins: () => [`ws://${LOOPBACK}:${port()}`, `ws://localhost:${port()}`],
    ownRoute: () => Promise.resolve(false),
    url: (p) => `http://${LOOPBACK}:${p}/?token=${token.value}`,
  };
}
