// The CT viewer's ruler: whether a left drag measures (R) instead of panning, and the line measured, which
// belongs to the slice it was drawn on. Escape takes the line away, then the tool.
import { defineStore } from 'pinia';
import { ref, shallowRef } from 'vue';
import type { RulerLine } from '../engine/SliceViewport';

export const useCtMeasure = defineStore('ctMeasure', () => {
  const ruler = ref(false);
  const line = shallowRef<RulerLine | null>(null);

  function toggleRuler(): void {
    ruler.value = !ruler.value;
  }

  /** Escape: the line first, then the tool; false when there was nothing to take away. */
  function clear(): boolean {
    if (line.value) line.value = null;
    else if (ruler.value) ruler.value = false;
    else return false;
    return true;
  }

  return { ruler, line, toggleRuler, clear };
});
