// A watched folder as a job of kind 'watch': it polls the folder (folder-watch.ts), adds each batch of complete
// files through the same code as `loupe add`, and hands the new items to the active model for pre-annotation
// (a predict job for just those items) when a model of the dataset's task is active. It runs until it is stopped;
// then it ends as done, with what it brought in. The CLI's `loupe watch` and the workstation's "Watch folder"
// switch both run it.
import type { Db } from '../../db/database';
import type { DatasetService } from '../datasets/datasets';
import type { ModelService } from '../models/models';
import type { PredictService } from '../models/predict';
import { taskOf } from '../models/predict';
import type { JobHandle, JobService } from '../jobs/jobs';
import type { WatchOutcome } from '../../../shared/api/types';
import { errorMessage } from '../../../shared/errors';
import { folderInside, type AddOptions, type AddResult } from './batch-common';
import type { WatchBatch } from './folder-watch';
import { requireFolder } from './import-common';

export interface WatchHooks {
  /** A batch was written (or found the dataset had every file already); `preannotating` names the model, if one runs. */
  onBatch?: (batch: WatchBatch, preannotating: string | null) => void;
  /** A file that is complete but does not decode, a refused batch, a pre-annotation that could not start. */
  onProblem?: (message: string) => void;
  /** Waits between two polls (default: the poll interval); a test passes its own. */
  wait?: (signal: AbortSignal) => Promise<void>;
}

export class WatchService {
  constructor(
    private readonly db: Db,
    private readonly datasets: DatasetService,
    private readonly models: ModelService,
    private readonly predictions: PredictService,
    private readonly jobs: JobService,
    private readonly author: () => string,
    private readonly addItems: (options: AddOptions) => Promise<AddResult>,
  ) {}

  /** Starts watching `folder` for a dataset (it must lie in the dataset's folder); stop it by cancelling the job. */
  start(datasetRef: string | number, folder: string, hooks: WatchHooks = {}): JobHandle<WatchOutcome, 'watch'> {
    const dataset = this.datasets.get(datasetRef);
    const dir = requireFolder(folder);
    const prefix = folderInside(dataset, dir);
    const outcome: WatchOutcome = { folder: dir, batches: 0, added: 0, unchanged: 0, preannotated: 0 };
    return this.jobs.run({ kind: 'watch', title: `Watch ${dir} for ${dataset.name}`, datasetId: dataset.id, args: { dataset: dataset.name, folder: dir } }, async (control) => {
      // The image and DICOM decoders load with the first watch, not with the services.
      const { FolderWatch, watchUntil } = await import('./folder-watch');
      const watch = new FolderWatch({
        dataset,
        dir,
        prefix,
        add: (files) => this.addItems({ dataset: dataset.id, dir, files, author: this.author(), verify: true }),
        knownPaths: () => this.db.prepare('SELECT path FROM items WHERE dataset_id = ?').pluck().all(dataset.id) as string[],
        onProblem: hooks.onProblem,
      });
      control.report({ phase: `watching ${dir}`, done: 0, total: null });
      await watchUntil(
        watch,
        control.signal,
        (batches) => {
          for (const batch of batches) {
            outcome.batches++;
            outcome.added += batch.report.items;
            outcome.unchanged += batch.report.unchanged.length;
            const model = batch.itemIds.length ? this.preannotate(dataset.id, batch.itemIds, hooks) : null;
            if (model) outcome.preannotated += batch.itemIds.length;
            hooks.onBatch?.(batch, model);
          }
          control.report({ done: outcome.added });
        },
        hooks.wait,
      );
      return outcome;
    });
  }

  /** Starts pre-annotating new items with the active model of the dataset's task; returns its version, or null. */
  private preannotate(datasetId: number, itemIds: number[], hooks: WatchHooks): string | null {
    const active = this.models.active(taskOf(this.datasets.get(datasetId)));
    if (!active) return null;
    try {
      this.predictions.start(datasetId, { model: active.version, itemIds }).result.catch((error: unknown) => hooks.onProblem?.(`pre-annotation with ${active.version} failed: ${errorMessage(error)}`));
      return active.version;
    } catch (error) {
      hooks.onProblem?.(`pre-annotation with ${active.version} could not start: ${errorMessage(error)}`);
      return null;
    }
  }
}
