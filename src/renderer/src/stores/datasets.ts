// The datasets of the open database. Their summaries cost a scan of every item on large databases, so a
// change is fetched at once only while the dataset list is on screen (or for a dataset not seen yet);
// otherwise the list is marked stale and fetched when it is shown again.
import { defineStore } from 'pinia';
import { computed, ref } from 'vue';
import { api } from '../api/client';
import type { DatasetCard } from '../../../shared/api/types';

export const useDatasets = defineStore('datasets', () => {
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

  api.on('datasets.changed', ({ datasetIds }) => {
    if (shown > 0 || datasetIds.some((id) => !byId.value.has(id))) void load();
    else stale = true;
  });
  api.onReconnect(() => void load());

  return { list, loaded, error, load, byId, listShown, listHidden };
});
