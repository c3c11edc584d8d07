// Which renderer `loupe serve` and Electron hand out: only a build, never the renderer's source folder.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, sep } from 'node:path';
import { pathToFileURL } from 'node:url';
import { defaultRendererDir, isBuiltRenderer, rendererCandidates, rendererFile } from './static';

const SOURCE_HTML = '<!doctype html><div id="app"></div>\n<script type="module" src="./src/main.ts"></script>';
const BUILT_HTML = '<!doctype html><script type="module" crossorigin src="./assets/index-B2x9.js"></script><div id="app"></div>';

let root: string;
const folder = (name: string, html?: string) => {
  const dir = join(root, name);
  mkdirSync(dir, { recursive: true });
  if (html !== undefined) writeFileSync(join(dir, 'index.html'), html);
  return dir;
};

beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'loupe-static-'));
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

describe('isBuiltRenderer', () => {
  it('takes an index.html that loads bundled scripts', () => {
    expect(isBuiltRenderer(folder('built', BUILT_HTML))).toBe(true);
  });

  it('refuses the source folder, whose index.html loads TypeScript', () => {
    expect(isBuiltRenderer(folder('source', SOURCE_HTML))).toBe(false);
    expect(isBuiltRenderer(folder('vue', '<script type="module" src="/src/App.vue?x=1"></script>'))).toBe(false);
  });

  it('refuses a folder without index.html, and one that does not exist', () => {
    expect(isBuiltRenderer(folder('empty'))).toBe(false);
    expect(isBuiltRenderer(join(root, 'nowhere'))).toBe(false);
  });
});

describe('defaultRendererDir', () => {
  it('picks the first built candidate and skips a source folder before it', () => {
    const source = folder('src-renderer', SOURCE_HTML);
    const built = folder('out-renderer', BUILT_HTML);
    expect(defaultRendererDir([join(root, 'missing'), source, built])).toBe(built);
  });

  it('is null when nothing is built (the caller says how to build it)', () => {
    expect(defaultRendererDir([folder('src-renderer', SOURCE_HTML), join(root, 'missing')])).toBeNull();
  });

  it('looks only where builds go, from the sources and from a bundle', () => {
    const checkout = join(root, 'checkout');
    const fromSource = rendererCandidates(pathToFileURL(join(checkout, 'src/main/host/static.ts')).href);
    const fromBundle = rendererCandidates(pathToFileURL(join(checkout, 'out/cli/chunk-X.js')).href);
    expect(fromSource).toContain(join(checkout, 'out/renderer'));
    expect(fromBundle).toContain(join(checkout, 'out/renderer'));
    for (const dir of [...fromSource, ...fromBundle]) expect(dir.endsWith(`${sep}src${sep}renderer`)).toBe(false);
  });
});

describe('rendererFile', () => {
  it('serves files of the build and nothing outside it', () => {
    const built = folder('out-renderer', BUILT_HTML);
    expect(rendererFile(built, '/')?.body.toString()).toBe(BUILT_HTML);
    expect(rendererFile(built, '/../out-renderer/index.html')?.contentType).toBe('text/html; charset=utf-8');
    folder('secret', 'x');
    expect(rendererFile(built, '/%2e%2e/secret/index.html')).toBeNull();
  });
});
