// The keyboards that are live right now (the workstation's own, the open workspace's), for the `?` help:
// each key composable registers the table it dispatches from while it is mounted.
import { defineStore } from 'pinia';
import { markRaw, ref } from 'vue';
import type { KeyBinding } from './keyTable';

export interface LiveKeyTable {
  /** The keyboard's name in the help, e.g. 'Steel workspace'. */
  title: string;
  table: readonly KeyBinding[];
}

export const useKeyHelp = defineStore('keyHelp', () => {
  const tables = ref<LiveKeyTable[]>([]);
  /** True while the help is shown. */
  const open = ref(false);

  /** Adds a live keyboard; returns the function that removes it again. */
  function register(title: string, table: readonly KeyBinding[]): () => void {
    const entry: LiveKeyTable = { title, table: markRaw([...table]) };
    tables.value = [...tables.value, entry];
    return () => {
      tables.value = tables.value.filter((t) => t !== entry);
    };
  }

  return { tables, open, register };
});
