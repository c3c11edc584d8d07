// The `loupe://app/` scheme: the built renderer's files and the binary routes, as one
// `Request → Response` handler for `protocol.handle('loupe', …)`. Pure web-standard code, no Electron import.
import { BINARY_PREFIX } from '../../shared/api/binary';
import type { BinaryHandler } from '../api/binary';
import { decodedPath, rendererFile } from '../host/static';
import { HARDENING_HEADERS, contentSecurityPolicy } from '../security/csp';

export const APP_SCHEME = 'loupe';
export const APP_ORIGIN = `${APP_SCHEME}://app`;

export interface ProtocolOptions {
  rendererDir: string;
  /** The open workstation's binary handler; null while a database is being opened. */
  binary: () => BinaryHandler | null;
  /** The dev server's origin (electron-vite dev), allowed to fetch binary routes across origins. */
  devOrigin?: string;
}

export function createProtocolHandler(options: ProtocolOptions): (request: Request) => Promise<Response> {
  const csp = contentSecurityPolicy();
  return async (request) => {
    const url = new URL(request.url);
    if (url.host !== 'app') return new Response('unknown host', { status: 404 });
    if (url.pathname.startsWith(BINARY_PREFIX)) {
      const binary = options.binary();
      if (!binary) return new Response('the database is being opened', { status: 503 });
      const response = await binary(request);
      if (options.devOrigin) response.headers.set('access-control-allow-origin', options.devOrigin);
      return response;
    }
    if (request.method !== 'GET') return new Response('method not allowed', { status: 405 });
    if (decodedPath(url.pathname) === null) return new Response('bad percent-encoding in the path', { status: 400 });
    const file = rendererFile(options.rendererDir, url.pathname);
    if (!file) return new Response('not found', { status: 404 });
    const headers: Record<string, string> = { ...HARDENING_HEADERS, 'content-type': file.contentType };
    if (file.contentType.startsWith('text/html')) headers['content-security-policy'] = csp;
    return new Response(new Uint8Array(file.body), { status: 200, headers });
  };
}
