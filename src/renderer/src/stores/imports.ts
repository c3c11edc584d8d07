// Importing a dataset, or adding a batch of images to one: the dialog's state and starting the job; the job
// itself is followed with every other job in the job store. Refusals are said in the dialog's words.
import { defineStore } from 'pinia';
import { ref } from 'vue';
import { api, ApiError } from '../api/client';
import { useJobs } from './jobs';
import { uiMessage } from '../errorHints';
import type { ArgsIn } from '../../../shared/api/contract';
import type { DatasetCard, JobView } from '../../../shared/api/types';

export type ImportRequest = ArgsIn<'imports.start'>;
export type AddRequest = ArgsIn<'datasets.add'>;

export const useImports = defineStore('imports', () => {
  const jobs = useJobs();
  const dialogOpen = ref(false);
  /** The dataset "Add images…" adds to; null while the dialog imports a new dataset. */
  const addingTo = ref<DatasetCard | null>(null);
  const error = ref<string | null>(null);

  /** Opens the dialog for a new dataset. */
  function openImport(): void {
    addingTo.value = null;
    error.value = null;
    dialogOpen.value = true;
  }

  /** Opens the dialog to add a batch of images to a dataset. */
  function openAdd(dataset: DatasetCard): void {
    addingTo.value = dataset;
    error.value = null;
    dialogOpen.value = true;
  }

  function close(): void {
    dialogOpen.value = false;
    addingTo.value = null;
    error.value = null;
  }

  async function run(started: () => Promise<JobView<'import'>>): Promise<JobView<'import'> | null> {
    error.value = null;
    try {
      const job = await started();
      jobs.remember(job);
      return job;
    } catch (e) {
      error.value = uiMessage({ message: (e as Error).message, option: e instanceof ApiError ? e.option : undefined });
      return null;
    }
  }

  /** Starts an import; null (with the error shown) when it was refused. */
  const start = (request: ImportRequest) => run(() => api.request('imports.start', request));
  /** Starts adding a batch to a dataset; null (with the error shown) when it was refused. */
  const add = (request: AddRequest) => run(() => api.request('datasets.add', request));

  api.on('shell.command', ({ command }) => {
    if (command === 'open-dataset') openImport();
  });

  return { dialogOpen, addingTo, error, openImport, openAdd, close, start, add };
});
