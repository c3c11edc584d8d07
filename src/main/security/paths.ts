// File access stays inside a folder: the renderer build for pages, a dataset's registered root for
// pixels. Both sides are compared as real paths, so a symbolic link that points out is refused like `../`.
import { realpathSync } from 'node:fs';
import { isAbsolute, relative, resolve, sep } from 'node:path';

/** True when `file` lies strictly below `root` (both already resolved; no file system access). */
export function isInside(root: string, file: string): boolean {
  const rel = relative(root, file);
  return rel !== '' && !rel.startsWith(`..${sep}`) && rel !== '..' && !isAbsolute(rel);
}

export type Contained = { ok: true; path: string } | { ok: false; reason: 'missing' | 'outside' };

/** `path` under `root`, resolved with its symbolic links; refused when it does not exist or lands outside. */
export function realPathInside(root: string, path: string): Contained {
  let realRoot: string;
  let realFile: string;
  try {
    realRoot = realpathSync(root);
    realFile = realpathSync(resolve(root, path));
  } catch {
    return { ok: false, reason: 'missing' };
  }
  return isInside(realRoot, realFile) ? { ok: true, path: realFile } : { ok: false, reason: 'outside' };
}
