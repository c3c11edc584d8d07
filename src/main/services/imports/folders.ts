// Browsing the folders of the machine that runs Loupe: how the import dialog picks a folder and a CSV
// when the renderer runs in a browser and has no native picker.
import { readdirSync, statSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import type { FolderEntry, FolderListing } from '../../../shared/api/types';
import { badInput } from '../../../shared/errors';

const MAX_ENTRIES = 2000;
export type FolderShow = 'all' | 'csv' | 'onnx' | 'folders';

export class FolderService {
  constructor(private readonly home: string = homedir()) {}

  list(path: string | undefined, show: FolderShow = 'all'): FolderListing {
    const folder = resolve(path && path.trim() ? path : this.home);
    let names: string[];
    try {
      if (!statSync(folder).isDirectory()) throw badInput(`${folder}: is not a folder`);
      names = readdirSync(folder);
    } catch (error) {
      if ((error as { code?: string }).code === 'bad_input') throw error;
      throw badInput(`${folder}: cannot be read (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`);
    }
    const entries: FolderEntry[] = [];
    for (const name of names.filter((n) => !n.startsWith('.')).sort((a, b) => a.localeCompare(b))) {
      const full = join(folder, name);
      let stats;
      try {
        stats = statSync(full);
      } catch {
        continue; // a broken link or a file removed meanwhile
      }
      const kind = stats.isDirectory() ? 'folder' : 'file';
      if (kind === 'file' && (show === 'folders' || (show === 'csv' && !/\.csv$/i.test(name)) || (show === 'onnx' && !/\.onnx$/i.test(name)))) continue;
      entries.push({ name, path: full, kind, size: kind === 'file' ? stats.size : null });
    }
    entries.sort((a, b) => (a.kind === b.kind ? 0 : a.kind === 'folder' ? -1 : 1));
    const parent = dirname(folder);
    return {
      path: folder,
      parent: parent === folder ? null : parent,
      entries: entries.slice(0, MAX_ENTRIES),
      truncated: entries.length > MAX_ENTRIES,
    };
  }
}
