// Importing a dataset: the dialog's state and the import jobs with their progress.
import { defineStore } from 'pinia';
import { computed, reactive, ref } from 'vue';
import { api } from '../api/client';
import type { ArgsIn } from '../../../shared/api/contract';
import type { JobView } from '../../../shared/api/types';

export type ImportRequest = ArgsIn<'imports.start'>;

export const useImports = defineStore('imports', () => {
  const dialogOpen = ref(false);
  const jobs = reactive(new Map<number, JobView>());
  const error = ref<string | null>(null);

  function remember(job: JobView): void {
    const known = jobs.get(job.id);
    // Events can overtake the reply that started the job: never go back to an older state.
    if (known && known.state !== 'running' && job.state === 'running') return;
    jobs.set(job.id, job);
  }

  async function start(request: ImportRequest): Promise<JobView | null> {
    error.value = null;
    try {
      const job = await api.request('imports.start', request);
      remember(job);
      return jobs.get(job.id) ?? job;
    } catch (e) {
      error.value = (e as Error).message;
      return null;
    }
  }

  async function cancel(jobId: number): Promise<void> {
    remember(await api.request('jobs.cancel', { jobId }));
  }

  async function refresh(): Promise<void> {
    for (const job of await api.request('jobs.list')) remember(job);
  }

  const running = computed(() => [...jobs.values()].filter((j) => j.state === 'running'));

  api.on('job.updated', remember);
  api.onReconnect(() => void refresh());
  api.on('shell.command', ({ command }) => {
    if (command === 'open-dataset') dialogOpen.value = true;
  });

  return { dialogOpen, jobs, error, running, start, cancel, refresh };
});
