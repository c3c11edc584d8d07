// Watching a folder that a line camera (or a scanner, or a copy job) writes into: every poll lists the folder,
// and a file joins the dataset — through the same code as `loupe add`, in small batches — once it is complete:
// its size and modification time stable across two polls, and it decodes. A file that never completes is never
// added. The dataset's own files (those it took from this very place) are not read again.
//
// Why polling, not a watcher library: the rule that matters (stable across two checks, then decodes) is the
// product's own, and a poll is exactly that; notifications (fs.watch / inotify) do not fire for files written over
// SMB or NFS mounts, where camera PCs often write; one directory listing a second costs nothing. The poll is
// driven from outside (`poll()`), so a test steps through arrivals without sleeping, and `watchUntil` runs it on
// a timer for the CLI and the workstation.
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { Dataset } from '../datasets/datasets';
import type { ImportReport } from '../../../shared/api/types';
import { ArrivalTracker, type FileState } from '../../../shared/arrivals';
import { errorMessage } from '../../../shared/errors';
import { sniffImageFormat } from '../../imaging/image';
import { scanFolder } from './folder-scan';
import { readHead } from './import-common';
import type { AddResult } from './batch-common';

/** Files one batch adds at most: each batch is one transaction and one line of the CLI's output. */
export const WATCH_BATCH = 32;
/** Milliseconds between two polls, by default. */
export const WATCH_INTERVAL_MS = 1000;

/** One batch a watch added (or found the dataset had already). */
export interface WatchBatch {
  report: ImportReport;
  itemIds: number[];
}

export interface FolderWatchOptions {
  dataset: Dataset;
  /** The watched folder, absolute: the dataset's folder or one inside it (add refuses any other). */
  dir: string;
  /** Adds complete files (relative to `dir`) to the dataset: addItems with `files`. */
  add: (files: string[]) => Promise<AddResult>;
  /** Paths (relative to the dataset's folder) of the items the dataset has now. */
  knownPaths: () => Iterable<string>;
  /** Where `dir` lies inside the dataset's folder: '' or 'sub/dir/'. */
  prefix: string;
  /** A complete file that does not decode, or a batch that failed: one line each, once per state of the file. */
  onProblem?: (message: string) => void;
  /** Why a file that is complete by size is not an item yet (default: the kind's decode check). */
  problemOf?: (file: string) => Promise<string | null>;
}

export class FolderWatch {
  private readonly tracker = new ArrivalTracker();
  private readonly known: Set<string>;

  constructor(private readonly options: FolderWatchOptions) {
    this.known = new Set(options.knownPaths());
  }

  /** One check of the folder: adds the files that became complete since the last one; returns the batches. */
  async poll(): Promise<WatchBatch[]> {
    const ready = this.tracker.observe(this.listing());
    const complete: string[] = [];
    for (const file of ready) {
      if (this.known.has(this.options.prefix + file)) {
        this.tracker.settle(file, 'taken');
        continue;
      }
      const problem = await (this.options.problemOf ?? ((f) => decodeProblem(this.options.dataset.kind, join(this.options.dir, f))))(file);
      if (problem === null) complete.push(file);
      else {
        this.tracker.settle(file, 'incomplete');
        this.options.onProblem?.(problem);
      }
    }
    const batches: WatchBatch[] = [];
    for (let start = 0; start < complete.length; start += WATCH_BATCH) {
      const files = complete.slice(start, start + WATCH_BATCH);
      try {
        const { report, itemIds } = await this.options.add(files);
        for (const file of files) {
          this.tracker.settle(file, 'taken');
          this.known.add(this.options.prefix + file);
        }
        batches.push({ report, itemIds });
      } catch (error) {
        // A batch the dataset refused (a file whose id it has with other bytes): said once; retried when a file changes.
        for (const file of files) this.tracker.settle(file, 'incomplete');
        this.options.onProblem?.(errorMessage(error));
      }
    }
    return batches;
  }

  /** Every file of the folder with its size and modification time (CT: searched recursively, like an import). */
  private listing(): Map<string, FileState> {
    const { files } = scanFolder(this.options.dir, { recursive: this.options.dataset.kind === 'rsna' });
    const listing = new Map<string, FileState>();
    for (const file of files) {
      try {
        const stats = statSync(join(this.options.dir, file));
        listing.set(file, { size: stats.size, mtimeMs: stats.mtimeMs });
      } catch {
        // removed between the listing and the stat: not there
      }
    }
    return listing;
  }
}

/** Why a file complete by size is not a strip / slice yet: it does not decode (still being written?), or is not one. */
export async function decodeProblem(kind: Dataset['kind'], path: string): Promise<string | null> {
  if (kind === 'severstal') {
    const format = sniffImageFormat(readHead(path, 132));
    if (format !== 'png' && format !== 'jpeg') return `${path}: not a PNG or JPEG image (yet); waiting for it to change`;
    const { stripProblem } = await import('./import-severstal');
    const checked = await stripProblem(path, readFileSync(path));
    return 'problem' in checked ? `${checked.problem}; waiting for it to change` : null;
  }
  const { verifyFile } = await import('../../imaging/dicom/verify');
  const { isDicom } = await import('./import-rsna');
  if (!isDicom(readHead(path, 132))) return `${path}: not DICOM (yet); waiting for it to change`;
  const problem = await verifyFile(path);
  return problem === null ? null : `${problem}; waiting for it to change`;
}

/** Polls until the signal aborts: one poll, then `wait` (a timer; a test passes its own), and again. */
export async function watchUntil(
  watch: Pick<FolderWatch, 'poll'>,
  signal: AbortSignal,
  onBatches: (batches: WatchBatch[]) => void,
  wait: (signal: AbortSignal) => Promise<void> = (s) => delay(WATCH_INTERVAL_MS, s),
): Promise<void> {
  while (!signal.aborted) {
    const batches = await watch.poll();
    if (batches.length) onBatches(batches);
    if (signal.aborted) return;
    await wait(signal);
  }
}

function delay(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    }
    signal.addEventListener('abort', done, { once: true });
  });
}
