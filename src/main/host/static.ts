// The built renderer (out/renderer) served as files: the same build Electron loads.
import { existsSync, readFileSync, statSync } from 'node:fs';
import { extname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { isInside } from '../services/datasets/item-images';

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

/** A file of the renderer build for a URL path, or null when there is none (or it lies outside). */
export function rendererFile(rendererDir: string, pathname: string): StaticFile | null {
  const relativePath = pathname === '/' ? 'index.html' : decodeURIComponent(pathname).replace(/^\/+/, '');
  const file = resolve(rendererDir, relativePath);
  if (!isInside(resolve(rendererDir), file)) return null;
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
