// The item open in the workstation: its details (labels, review, facts) as the details panel and the
// workspaces show them, and its review state. Its pixels are the workspace's own (the steel strip cache,
// the CT slice cache): nothing here fetches them.
import { defineStore } from 'pinia';
import { ref } from 'vue';
import { api } from '../api/client';
import type { ItemDetail } from '../../../shared/api/types';
import type { ReviewState } from '../../../shared/domain';

export const useViewer = defineStore('viewer', () => {
  const item = ref<ItemDetail | null>(null);
  const loading = ref(false);
  const error = ref<string | null>(null);
  /** The item whose details could not be fetched (the error says why). */
  const failedItemId = ref<number | null>(null);
  let asked = 0;

  async function load(itemId: number): Promise<void> {
    const ticket = ++asked;
    loading.value = true;
    try {
      const detail = await api.request('items.get', { itemId });
      if (ticket !== asked) return;
      item.value = detail;
      error.value = null;
      failedItemId.value = null;
    } catch (e) {
      if (ticket !== asked) return;
      error.value = (e as Error).message;
      failedItemId.value = itemId;
    } finally {
      if (ticket === asked) loading.value = false;
    }
  }

  async function setReview(state: ReviewState): Promise<void> {
    if (!item.value) return;
    const id = item.value.id;
    await api.request('reviews.set', { itemId: id, state });
    if (item.value?.id === id) item.value = { ...item.value, review: state };
  }

  function clear(): void {
    asked++;
    item.value = null;
    error.value = null;
    failedItemId.value = null;
    loading.value = false;
  }

  return { item, loading, error, failedItemId, load, setReview, clear };
});
