// Which pages are Loupe's own in Electron: the built renderer on loupe://app, and — only in an unpackaged
// run (`npm run dev`) — electron-vite's dev server, matched by its exact origin. A packaged app never
// trusts the environment: ELECTRON_RENDERER_URL set on a user's machine is ignored. No Electron import,
// so this is tested in plain Node.
import { APP_SCHEME } from './protocol';

const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

/**
 * The dev server's origin (`http://localhost:5173`) when the app runs unpackaged and the URL is an http(s)
 * address on this machine; null otherwise (packaged, unset, not a URL, or another host).
 */
export function devServerOrigin(rendererUrl: string | undefined, isPackaged: boolean): string | null {
  if (isPackaged || !rendererUrl) return null;
  let url: URL;
  try {
    url = new URL(rendererUrl);
  } catch {
    return null;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return null;
  return LOOPBACK_HOSTS.has(url.hostname) ? url.origin : null;
}

/** True for a URL of Loupe's own pages: loupe://app/…, or the dev server's exact origin when there is one. */
export function isAppPage(candidate: string, devOrigin: string | null): boolean {
  let url: URL;
  try {
    url = new URL(candidate);
  } catch {
    return false;
  }
  if (url.protocol === `${APP_SCHEME}:`) return url.host === 'app' && url.username === '' && url.password === '';
  return devOrigin !== null && url.origin === devOrigin;
}

/** True for a URL on the dev server's exact origin (never when there is no dev server). */
export function isDevServerUrl(candidate: string, devOrigin: string | null): boolean {
  if (devOrigin === null) return false;
  try {
    return new URL(candidate).origin === devOrigin;
  } catch {
    return false;
  }
}

/** The parts of Electron's `before-input-event` input this reads. */
export interface KeyInput {
  type: string;
  key: string;
  control: boolean;
  meta: boolean;
  shift: boolean;
  alt: boolean;
}

/** F12, Ctrl+Shift+I/J/C and (macOS) Cmd+Alt+I/J/C: the keys that open Chromium's developer tools. */
export function isDevToolsShortcut(input: KeyInput): boolean {
  if (input.type !== 'keyDown') return false;
  const key = input.key.toLowerCase();
  if (key === 'f12') return true;
  if (!['i', 'j', 'c'].includes(key)) return false;
  return (input.control && input.shift) || (input.meta && input.alt);
}
