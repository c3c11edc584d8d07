// Browsing the host's folders (browser mode), or the operating system's picker (Electron).
import { defineStore } from 'pinia';
import { ref } from 'vue';
import { api } from '../api/client';
import type { FolderListing } from '../../../shared/api/types';

export type FolderShow = 'all' | 'csv' | 'onnx' | 'folders';

export const useFolders = defineStore('folders', () => {
  const listing = ref<FolderListing | null>(null);
  const error = ref<string | null>(null);
  const loading = ref(false);

  async function browse(path: string | undefined, show: FolderShow): Promise<void> {
    loading.value = true;
    try {
      listing.value = await api.request('folders.list', { path, show });
      error.value = null;
    } catch (e) {
      error.value = (e as Error).message;
    } finally {
      loading.value = false;
    }
  }

  /** The native picker; null when the person cancels. */
  async function pick(purpose: 'folder' | 'csv' | 'onnx'): Promise<string | null> {
    return (await api.request('folders.pick', { purpose })).path;
  }

  return { listing, error, loading, browse, pick };
});
