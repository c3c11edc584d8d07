// The Content-Security-Policy of the renderer, the same in Electron and in the browser host: only the
// app's own scripts and styles, no inline script, no eval, no plugins, no framing, no forms.

export interface CspOptions {
  /** Extra origins the page may connect to (the host's WebSocket, Electron's `loupe:` scheme). */
  connect?: string[];
  /** Extra origins images may come from. */
  images?: string[];
  /** Development only: Vite's dev server injects inline styles and a WebSocket for hot reload. */
  development?: boolean;
}

export function contentSecurityPolicy(options: CspOptions = {}): string {
  const connect = ["'self'", ...(options.connect ?? [])];
  const images = ["'self'", 'blob:', 'data:', ...(options.images ?? [])];
  const styles = options.development ? ["'self'", "'unsafe-inline'"] : ["'self'"];
  if (options.development) connect.push('ws:', 'http://localhost:*', 'http://127.0.0.1:*');
  return [
    "default-src 'none'",
    "script-src 'self'",
    `style-src ${styles.join(' ')}`,
    `img-src ${images.join(' ')}`,
    "font-src 'self'",
    `connect-src ${connect.join(' ')}`,
    "worker-src 'self' blob:",
    "manifest-src 'self'",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
    "object-src 'none'",
  ].join('; ');
}

/** Headers every page response carries besides the CSP. */
export const HARDENING_HEADERS: Readonly<Record<string, string>> = {
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'cross-origin-opener-policy': 'same-origin',
  'cross-origin-resource-policy': 'same-origin',
  'x-frame-options': 'DENY',
};
