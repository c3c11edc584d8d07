// The browser host's access token: random, shown once in the printed URL, then carried by an HttpOnly
// SameSite=Strict cookie (pages, images, WebSocket) or an `x-loupe-token` header (api calls).
import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

export const TOKEN_HEADER = 'x-loupe-token';

export type TokenCheck = 'ok' | 'missing' | 'wrong';

export class AccessToken {
  readonly value: string;
  private readonly bytes: Buffer;

  constructor(value: string = randomBytes(24).toString('base64url')) {
    this.value = value;
    this.bytes = Buffer.from(value);
  }

  /** Cookies are shared by every port of a host, so the cookie's name carries the port. */
  cookieName(port: number): string {
    return `loupe_token_${port}`;
  }

  setCookie(port: number): string {
    return `${this.cookieName(port)}=${this.value}; Path=/; HttpOnly; SameSite=Strict`;
  }

  matches(candidate: string | null | undefined): boolean {
    if (!candidate) return false;
    const given = Buffer.from(candidate);
    return given.length === this.bytes.length && timingSafeEqual(given, this.bytes);
  }

  /** Looks for the token in the header, the cookie and (when allowed) the `token` query parameter. */
  check(request: IncomingMessage, port: number, url: URL, allowQuery: boolean): TokenCheck {
    const candidates = [headerValue(request, TOKEN_HEADER), cookieValue(request, this.cookieName(port))];
    if (allowQuery) candidates.push(url.searchParams.get('token'));
    const given = candidates.filter((c): c is string => !!c);
    if (given.length === 0) return 'missing';
    return given.some((c) => this.matches(c)) ? 'ok' : 'wrong';
  }
}

function headerValue(request: IncomingMessage, name: string): string | null {
  const value = request.headers[name];
  return Array.isArray(value) ? (value[0] ?? null) : (value ?? null);
}

export function cookieValue(request: IncomingMessage, name: string): string | null {
  for (const part of (request.headers.cookie ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return null;
}
