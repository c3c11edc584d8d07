// The files an import reads from its folder, and every entry it leaves out with the reason, so that nothing
// is skipped without the report saying so.
//
// Symbolic links are never followed, whether they point inside the folder or out of it: an item's file must be
// stored in the dataset's folder (file access stays inside dataset folders), and a link that resolves to
// another file of the folder would import one slice twice. Each link is listed as left out instead.
import { type Dirent, readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { LeftOutFile } from '../../../shared/api/types';
import { badInput } from '../../../shared/errors';
import { throwIfCancelled } from './import-common';

export interface FolderScan {
  /** Regular files, as paths relative to the folder ('/'-joined on every platform), sorted. */
  files: string[];
  leftOut: LeftOutFile[];
}

export interface ScanOptions {
  /** Search subfolders too (DICOM); otherwise a subfolder is left out (strip images). */
  recursive: boolean;
  signal?: AbortSignal;
}

function entriesOf(dir: string): Dirent[] {
  return readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

/** Walks `root` (see the module comment); a subfolder that cannot be read is left out with its error. */
export function scanFolder(root: string, options: ScanOptions): FolderScan {
  const files: string[] = [];
  const leftOut: LeftOutFile[] = [];
  const walk = (dir: string, prefix: string) => {
    throwIfCancelled(options.signal);
    let entries: Dirent[];
    try {
      entries = entriesOf(dir);
    } catch (error) {
      if (prefix === '') throw badInput(`${root}: cannot be read (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`);
      leftOut.push({ file: prefix, reason: `a folder that cannot be read (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})` });
      return;
    }
    for (const entry of entries) {
      const rel = prefix + entry.name;
      if (entry.isSymbolicLink()) leftOut.push({ file: rel, reason: 'a symbolic link (links are not followed: copy the file into the folder)' });
      else if (entry.name.startsWith('.')) leftOut.push({ file: entry.isDirectory() ? `${rel}/` : rel, reason: entry.isDirectory() ? 'a hidden folder (not searched)' : 'a hidden file' });
      else if (entry.isDirectory()) {
        if (options.recursive) walk(join(dir, entry.name), `${rel}/`);
        else leftOut.push({ file: `${rel}/`, reason: 'a folder (images are read from the folder itself, not from its subfolders)' });
      } else if (entry.isFile()) files.push(rel);
      else leftOut.push({ file: rel, reason: 'not a regular file' });
    }
  };
  walk(root, '');
  files.sort();
  return { files, leftOut };
}
