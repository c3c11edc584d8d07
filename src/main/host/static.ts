// The built renderer (out/renderer) served as files: the same build Electron loads.
import { readFileSync, statSync } from 'node:fs';
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

/**
 * Whether `dir` holds a built renderer: an index.html that loads bundled scripts. The renderer's source
 * folder has an index.html too, but it loads `./src/main.ts`, which no browser can run (a blank page).
 */
export function isBuiltRenderer(dir: string): boolean {
  let html: string;
  try {
    html = readFileSync(join(dir, 'index.html'), 'utf8');
  } catch {
    return false;
  }
  return !/<script\b[^>]*\bsrc=["'][^"']*\.(?:ts|tsx|vue)(?:[?#][^"']*)?["']/i.test(html);
}

/**
 * Where a build puts the renderer, seen from this module: the checkout's out/renderer (running from
 * src/ through tsx, or from the CLI bundle in out/cli), or out/renderer beside out/main (Electron's bundle,
 * packaged or not). Never the renderer's source folder.
 */
export function rendererCandidates(moduleUrl: string = import.meta.url): string[] {
  const here = fileURLToPath(new URL('.', moduleUrl));
  return [...new Set([resolve(here, '../../../out/renderer'), resolve(here, '../renderer')])].filter((dir) => !dir.endsWith(join('src', 'renderer')));
}

/** The first built renderer among the candidates, or null when there is none (`npm run build` makes one). */
export function defaultRendererDir(candidates: readonly string[] = rendererCandidates()): string | null {
  return candidates.find(isBuiltRenderer) ?? null;
}

/** The one line that says how to get a renderer to serve. */
export function rendererMissingMessage(dir?: string): string {
  return dir
    ? `${dir} is not a built renderer (no index.html with bundled scripts): run npm run build and serve out/renderer`
    : 'the workstation is not built yet: run npm run build (or npm run serve, which builds it first)';
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
