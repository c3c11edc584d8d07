// The datasets of the open database, and what a person does to one: rename it, delete it, watch a folder for it.
// Their summaries cost a scan of every item on large databases, so a change is fetched at once only while the
// dataset list is on screen (or for a dataset not seen yet, or one that went); otherwise the list is marked stale
// and fetched when it is shown again.
import { defineStore } from 'pinia';
import { computed, ref } from 'vue';
import { api } from '../api/client';
import { useJobs } from './jobs';
import type { DatasetCard, JobView } from '../../../shared/api/types';
import type { DeletedDataset } from '../../../shared/api/dataset-contract';

export const useDatasets = defineStore('datasets', () => {
  const jobs = useJobs();
  const list = ref<DatasetCard[]>([]);
  const loaded = ref(false);
  const error = ref<string | null>(null);
  let shown = 0;
  let stale = false;

  async function load(): Promise<void> {
    stale = false;
    try {
      list.value = await api.request('datasets.list');
      error.value = null;
    } catch (e) {
      error.value = (e as Error).message;
    } finally {
      loaded.value = true;
    }
  }

  const byId = computed(() => new Map(list.value.map((d) => [d.id, d])));

  /** The dataset list is on screen (call `hidden` when it leaves): keep it fresh. */
  function listShown(): void {
    shown++;
    if (stale) void load();
  }
  function listHidden(): void {
    shown = Math.max(0, shown - 1);
  }

  /** Renames a dataset; throws the refusal (an ApiError naming the 'name' option) for the dialog to say. */
  async function rename(datasetId: number, name: string): Promise<DatasetCard> {
    const card = await api.request('datasets.rename', { datasetId, name });
    list.value = list.value.map((d) => (d.id === datasetId ? card : d));
    return card;
  }

  /** Deletes a dataset from the store (its files stay on disk). */
  async function remove(datasetId: number): Promise<DeletedDataset> {
    const deleted = await api.request('datasets.delete', { datasetId });
    list.value = list.value.filter((d) => d.id !== datasetId);
    return deleted;
  }

  /** Starts watching a folder for a dataset. */
  async function watch(datasetId: number, folder: string): Promise<JobView<'watch'>> {
    const job = await api.request('datasets.watch', { datasetId, folder });
    jobs.remember(job);
    await load();
    return job;
  }

  /** Stops watching a dataset's folder. */
  async function unwatch(datasetId: number): Promise<void> {
    const { stopped } = await api.request('datasets.unwatch', { datasetId });
    if (stopped) jobs.remember(stopped);
    await load();
  }

  /** The running watch job of a dataset, if this workstation runs one. */
  function watchJob(datasetId: number): JobView<'watch'> | null {
    const job = jobs.latest('watch', datasetId);
    return job && (job.state === 'running' || job.state === 'queued') ? job : null;
  }

  api.on('datasets.changed', ({ datasetIds }) => {
    if (shown > 0 || datasetIds.some((id) => !byId.value.has(id))) void load();
    else stale = true;
  });
  api.onReconnect(() => void load());

  return { list, loaded, error, load, byId, listShown, listHidden, rename, remove, watch, unwatch, watchJob };
});
