// The QA page of one dataset: its summary (counted on approved items), fetched when the page opens and again
// when the dataset's labels or reviews change while it is on screen. Calendar days are the workstation's.
import { defineStore } from 'pinia';
import { ref } from 'vue';
import { api } from '../api/client';
import type { QaSummary } from '../../../shared/api/loop-types';

export const useQa = defineStore('qa', () => {
  const datasetId = ref<number | null>(null);
  const summary = ref<QaSummary | null>(null);
  const loading = ref(false);
  const error = ref<string | null>(null);
  let asked = 0;

  const timeZone = () => Intl.DateTimeFormat().resolvedOptions().timeZone || undefined;

  async function load(id: number): Promise<void> {
    const ticket = ++asked;
    if (datasetId.value !== id) summary.value = null;
    datasetId.value = id;
    loading.value = true;
    try {
      const value = await api.request('qa.summary', { datasetId: id, timeZone: timeZone() });
      if (ticket !== asked) return;
      summary.value = value;
      error.value = null;
    } catch (e) {
      if (ticket === asked) error.value = (e as Error).message;
    } finally {
      if (ticket === asked) loading.value = false;
    }
  }

  /** The page left the screen: stop following the dataset. */
  function close(): void {
    asked++;
    datasetId.value = null;
    summary.value = null;
    loading.value = false;
  }

  api.on('datasets.changed', ({ datasetIds }) => {
    if (datasetId.value !== null && datasetIds.includes(datasetId.value)) void load(datasetId.value);
  });
  api.onReconnect(() => {
    if (datasetId.value !== null) void load(datasetId.value);
  });

  return { datasetId, summary, loading, error, load, close };
});
