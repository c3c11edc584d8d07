// The built renderer (out/renderer) served as files: the same build Electron loads.
import { existsSync, readFileSync, statSync } from 'node:fs';
import { extname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { realPathInside } from '../security/paths';

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.json': 'application/json',
  '.wasm': 'application/wasm',
};

/** Where `npm run build` puts the renderer, from this file's place in src/ or in out/. */
export function defaultRendererDir(): string {
  const here = fileURLToPath(new URL('.', import.meta.url));
  for (const candidate of [resolve(here, '../../../out/renderer'), resolve(here, '../renderer'), resolve(here, '../../renderer')]) {
    if (existsSync(join(candidate, 'index.html'))) return candidate;
  }
  return resolve(here, '../../../out/renderer');
}

export interface StaticFile {
  body: Buffer;
  contentType: string;
  /** Hashed build assets never change; index.html must always be fresh. */
  immutable: boolean;
}

/**
 * A URL path decoded, or null when its percent-encoding is broken or it names a character no file name
 * holds (NUL, other control characters): the caller answers 400.
 */
export function decodedPath(pathname: string): string | null {
  let decoded: string;
  try {
    decoded = decodeURIComponent(pathname);
  } catch {
    return null;
  }
  return /[\u0000-\u001f\u007f]/.test(decoded) ? null : decoded;
}

/**
 * A file of the renderer build for a URL path, or null when there is none, its encoding is broken, or it
 * lies outside the folder. Containment is checked on real paths: a symbolic link inside the build that
 * points elsewhere is refused like `../`.
 */
export function rendererFile(rendererDir: string, pathname: string): StaticFile | null {
  const decoded = pathname === '/' ? '/index.html' : decodedPath(pathname);
  if (decoded === null) return null;
  const relativePath = decoded.replace(/^\/+/, '');
  const found = realPathInside(rendererDir, relativePath);
  if (!found.ok) return null;
  const file = found.path;
  try {
    if (!statSync(file).isFile()) return null;
  } catch {
    return null;
  }
  return {
    body: readFileSync(file),
    contentType: CONTENT_TYPES[extname(file).toLowerCase()] ?? 'application/octet-stream',
    immutable: relativePath.startsWith('assets/'),
  };
}
