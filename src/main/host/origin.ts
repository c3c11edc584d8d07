// Which requests may reach the host by their Origin header. Browsers send it on every WebSocket handshake
// and every cross-origin or non-GET request; other programs (the CLI's tests, scripts with the token)
// may leave it out, and then the token alone decides.

/**
 * True when a request's Origin is absent or exactly one of the host's own. `null` — the opaque origin of
 * sandboxed frames, `file:` pages and `data:` URLs — is never the host's, whatever page sends it.
 */
export function isOwnOrigin(origin: string | string[] | undefined, own: readonly string[]): boolean {
  if (origin === undefined) return true;
  if (Array.isArray(origin)) return false; // a request with two Origin headers is not a browser's
  return own.includes(origin);
}
