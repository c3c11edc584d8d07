// When a file arriving in a watched folder is complete. A line camera (or a copy over the network) writes a file
// over some time; reading it half-way would add half a strip. A file counts as complete once its size and
// modification time are the same across two checks a poll interval apart, and it is not empty; the watcher then
// also decodes it before adding it. Pure bookkeeping over what each check saw, so that a test drives the checks.

/** What one check saw of a file. */
export interface FileState {
  size: number;
  mtimeMs: number;
}

/** What became of a file that was handed out as complete. */
export type Settled =
  /** Added to the dataset, or the dataset had it already: never handed out again unless it changes. */
  | 'taken'
  /** Did not decode (still being written with a pause, or not an image at all): handed out again once it changes. */
  | 'incomplete';

interface Tracked extends FileState {
  /** growing: seen changing (or for the first time); ready: handed out; settled: taken or incomplete at this state. */
  status: 'growing' | 'ready' | Settled;
}

export class ArrivalTracker {
  private readonly files = new Map<string, Tracked>();

  /**
   * One check of the folder: every file in it with what the check saw. Returns the files that are complete by
   * size now — unchanged since the previous check, not empty, and not handed out before at this size — in the
   * listing's order. Files gone from the folder are forgotten.
   */
  observe(listing: ReadonlyMap<string, FileState>): string[] {
    const ready: string[] = [];
    for (const [file, seen] of listing) {
      const known = this.files.get(file);
      if (!known || known.size !== seen.size || known.mtimeMs !== seen.mtimeMs) {
        this.files.set(file, { size: seen.size, mtimeMs: seen.mtimeMs, status: 'growing' });
        continue;
      }
      if (known.status === 'growing' && seen.size > 0) {
        known.status = 'ready';
        ready.push(file);
      }
    }
    for (const file of [...this.files.keys()]) if (!listing.has(file)) this.files.delete(file);
    return ready;
  }

  /** Says what became of a file `observe` handed out. */
  settle(file: string, outcome: Settled): void {
    const known = this.files.get(file);
    if (known && known.status === 'ready') known.status = outcome;
  }

  /** Files handed out and not settled yet (a batch that failed to be written): handed out again at the next check. */
  retryUnsettled(): void {
    for (const known of this.files.values()) if (known.status === 'ready') known.status = 'growing';
  }
}
