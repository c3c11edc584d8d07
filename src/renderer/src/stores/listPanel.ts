// Whether the item list is shown beside the workspace or folded away (\ or Ctrl+B, or its edge button), so
// a strip or a slice gets the whole width. Kept in this browser profile, as the person left it.
import { defineStore } from 'pinia';
import { ref, watch } from 'vue';

const KEY = 'loupe.itemList';

export const useListPanel = defineStore('listPanel', () => {
  const collapsed = ref(localStorage.getItem(KEY) === 'collapsed');
  watch(collapsed, (folded) => localStorage.setItem(KEY, folded ? 'collapsed' : 'open'));
  const toggle = () => (collapsed.value = !collapsed.value);
  return { collapsed, toggle };
});
