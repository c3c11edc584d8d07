// Every job the workstation runs — imports, pre-annotations, training runs and any later kind — followed
// through `job.updated` events: the import dialog, the Models panel and the top bar all read them here.
import { defineStore } from 'pinia';
import { computed, reactive } from 'vue';
import { api } from '../api/client';
import type { JobKind, JobState, JobView } from '../../../shared/api/types';

/** queued < running < finished: a job never goes back. */
const RANK: Record<JobState, number> = { queued: 0, running: 1, done: 2, failed: 2, cancelled: 2 };
export const isRunning = (job: Pick<JobView, 'state'>): boolean => RANK[job.state] < 2;

export const useJobs = defineStore('jobs', () => {
  const jobs = reactive(new Map<number, JobView>());
  const finishedListeners = new Set<(job: JobView) => void>();

  /** Keeps the newer of what is known and what arrived (a reply can come after events that overtook it). */
  function remember(job: JobView): void {
    const known = jobs.get(job.id);
    if (known && RANK[job.state] < RANK[known.state]) return;
    if (known && RANK[job.state] === RANK[known.state]) {
      if (!isRunning(known)) return; // the first word on how it ended is the word
      if (job.phase === known.phase && job.done < known.done) return;
    }
    jobs.set(job.id, job);
    if (!isRunning(job) && (!known || isRunning(known))) for (const listener of finishedListeners) listener(job);
  }

  async function refresh(): Promise<void> {
    for (const job of await api.request('jobs.list')) remember(job);
  }

  async function cancel(jobId: number): Promise<void> {
    remember(await api.request('jobs.cancel', { jobId }));
  }

  /** A job by id, narrowed to its kind (undefined while unknown, or when it is of another kind). */
  function byId<K extends JobKind>(jobId: number | null, kind: K): JobView<K> | undefined {
    const job = jobId === null ? undefined : jobs.get(jobId);
    return job?.kind === kind ? (job as JobView<K>) : undefined;
  }

  /** The newest job of a kind for a dataset, or null. */
  function latest<K extends JobKind>(kind: K, datasetId: number | null): JobView<K> | null {
    let newest: JobView<K> | null = null;
    for (const job of jobs.values()) {
      if (job.kind === kind && job.datasetId === datasetId && (!newest || job.id > newest.id)) newest = job as JobView<K>;
    }
    return newest;
  }

  /** Calls `listener` once for every job that ends from now on; returns the function that stops it. */
  function onFinished(listener: (job: JobView) => void): () => void {
    finishedListeners.add(listener);
    return () => finishedListeners.delete(listener);
  }

  const running = computed(() => [...jobs.values()].filter(isRunning).sort((a, b) => a.id - b.id));

  api.on('job.updated', remember);
  api.onReconnect(() => void refresh());

  return { jobs, running, remember, refresh, cancel, byId, latest, onFinished };
});
