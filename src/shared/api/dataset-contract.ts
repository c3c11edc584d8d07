// The requests that change datasets themselves: a batch added to one, a folder watched for it, its name, its
// deletion. Argument schemas checked in main, result types for the client; contract.ts spreads these in.
import { z } from 'zod';
import { request } from './request-spec';
import { filePath, plainText } from './text';
import type { DatasetCard, JobView } from './types';

const id = z.number().int().positive();

/** What a deleted dataset held. */
export interface DeletedDataset {
  datasetId: number;
  name: string;
  items: number;
}

export const datasetRequests = {
  /**
   * Adds the files of a folder (the dataset's folder or one inside it) to an existing dataset as a job of kind
   * 'import' whose result says `added`: a file whose id the dataset has with the same bytes is skipped, with other
   * bytes refused (naming both files); the CSV labels the new items only.
   */
  'datasets.add': request<JobView<'import'>>()(
    z.strictObject({ datasetId: id, folder: filePath, labelsCsv: filePath.optional(), allowMissing: z.boolean().optional(), fixAny: z.boolean().optional() }),
  ),
  /**
   * Watches a folder (the dataset's or one inside it) for new files, as a job of kind 'watch' that runs until it is
   * stopped: complete files are added in small batches and pre-annotated with the active model. The choice is kept
   * with the dataset, and the watch resumes when the workstation starts again.
   */
  'datasets.watch': request<JobView<'watch'>>()(z.strictObject({ datasetId: id, folder: filePath })),
  /** Stops watching (and forgets the folder); the stopped job, or null when none ran in this workstation. */
  'datasets.unwatch': request<{ datasetId: number; stopped: JobView<'watch'> | null }>()(z.strictObject({ datasetId: id })),
  /** Gives a dataset another name (not empty, not only digits, not another dataset's). */
  'datasets.rename': request<DatasetCard>()(z.strictObject({ datasetId: id, name: plainText(200) })),
  /**
   * Deletes a dataset: its items, label revisions, reviews and prediction maps; its jobs lose their link to it.
   * Model versions stay, and no file on disk is touched.
   */
  'datasets.delete': request<DeletedDataset>()(z.strictObject({ datasetId: id })),
};
