// Importing a dataset: the dialog's state and starting an import; the import job itself is followed
// with every other job in the job store.
import { defineStore } from 'pinia';
import { ref } from 'vue';
import { api } from '../api/client';
import { useJobs } from './jobs';
import type { ArgsIn } from '../../../shared/api/contract';
import type { JobView } from '../../../shared/api/types';

export type ImportRequest = ArgsIn<'imports.start'>;

export const useImports = defineStore('imports', () => {
  const jobs = useJobs();
  const dialogOpen = ref(false);
  const error = ref<string | null>(null);

  /** Starts an import; null (with the error shown) when it was refused. */
  async function start(request: ImportRequest): Promise<JobView<'import'> | null> {
    error.value = null;
    try {
      const job = await api.request('imports.start', request);
      jobs.remember(job);
      return job;
    } catch (e) {
      error.value = (e as Error).message;
      return null;
    }
  }

  api.on('shell.command', ({ command }) => {
    if (command === 'open-dataset') dialogOpen.value = true;
  });

  return { dialogOpen, error, start };
});
