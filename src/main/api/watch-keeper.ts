// The workstation's watched folders: at most one watch job per dataset, started by the "Watch folder" switch,
// stopped by it (or by cancelling the job), and kept with the dataset (datasets.meta), so that a workstation that
// starts again resumes every watch that was on. Files that arrived while it was closed are picked up by the first
// polls and go through the same rules: complete, decodes, same id and bytes skipped.
import { resolve } from 'node:path';
import type { Services } from '../composition';
import type { JobHandle } from '../services/jobs/jobs';
import type { JobView, WatchOutcome } from '../../shared/api/types';
import type { EventHub } from './events';

export class WatchKeeper {
  private readonly running = new Map<number, JobHandle<WatchOutcome, 'watch'>>();

  constructor(
    private readonly services: Services,
    private readonly events: EventHub,
  ) {}

  /** Starts watching `folder` for a dataset (a watch already on for it stops first) and remembers the choice. */
  start(datasetId: number, folder: string): JobView<'watch'> {
    this.running.get(datasetId)?.cancel();
    const handle = this.services.watches.start(datasetId, folder, {
      onBatch: (batch) => {
        if (batch.report.items > 0) this.events.publish('datasets.changed', { datasetIds: [datasetId], items: true });
      },
      onProblem: (message) => console.warn(`loupe: watching ${folder}: ${message}`),
    });
    this.running.set(datasetId, handle);
    this.services.datasets.setWatchFolder(datasetId, resolve(folder));
    this.events.publish('datasets.changed', { datasetIds: [datasetId] });
    void handle.result.catch(() => undefined).finally(() => {
      if (this.running.get(datasetId) === handle) this.running.delete(datasetId);
    });
    return handle.view();
  }

  /** Stops a dataset's watch and forgets its folder; the stopped job, or null when none ran here. */
  stop(datasetId: number): JobView<'watch'> | null {
    const handle = this.running.get(datasetId);
    this.running.delete(datasetId);
    handle?.cancel();
    this.services.datasets.setWatchFolder(datasetId, null);
    this.events.publish('datasets.changed', { datasetIds: [datasetId] });
    return handle ? handle.view() : null;
  }

  /** Stops a dataset's watch and waits until its last poll has ended (before the dataset is deleted). */
  async stopAndWait(datasetId: number): Promise<void> {
    const handle = this.running.get(datasetId);
    this.stop(datasetId);
    await handle?.result.catch(() => undefined);
  }

  /** The dataset whose watch a job is, when it is one of this workstation's. */
  datasetOfJob(jobId: number): number | null {
    for (const [datasetId, handle] of this.running) if (handle.jobId === jobId) return datasetId;
    return null;
  }

  /** Starts again every watch that was on when the workstation last closed; a folder that is gone is said once. */
  resume(): void {
    for (const { datasetId, folder } of this.services.datasets.watchedFolders()) {
      try {
        this.start(datasetId, folder);
      } catch (error) {
        console.warn(`loupe: cannot resume watching ${folder}: ${(error as Error).message}`);
      }
    }
  }
}
