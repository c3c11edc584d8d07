// A virtualised list: only the rows in view (plus a few) exist, each placed absolutely; the arithmetic
// (including the proportional scrollbar of very long lists) is in virtualWindow.ts.
import { computed, onBeforeUnmount, onMounted, ref, type Ref } from 'vue';
import { rowTop, scrollTopFor, virtualWindow } from './virtualWindow';

export function useVirtualRows(scroller: Ref<HTMLElement | null>, total: Ref<number>, rowHeight: number) {
  const scrollTop = ref(0);
  const viewport = ref(0);
  const window = computed(() => virtualWindow(scrollTop.value, viewport.value, total.value, rowHeight));
  const spacerHeight = computed(() => window.value.spacerHeight);
  const first = computed(() => window.value.first);
  const last = computed(() => window.value.last);
  const indices = computed(() => {
    const list: number[] = [];
    for (let i = window.value.first; i <= window.value.last; i++) list.push(i);
    return list;
  });

  /** Where row `index` sits inside the spacer. */
  const top = (index: number) => rowTop(index, scrollTop.value, rowHeight, window.value);

  function onScroll(): void {
    if (scroller.value) scrollTop.value = scroller.value.scrollTop;
  }

  /** Scrolls just enough to show row `index`. */
  function scrollToIndex(index: number): void {
    const element = scroller.value;
    const target = scrollTopFor(index, viewport.value, rowHeight, window.value);
    if (!element || target === null) return;
    element.scrollTop = target;
    scrollTop.value = element.scrollTop;
  }

  let observer: ResizeObserver | null = null;
  onMounted(() => {
    observer = new ResizeObserver(() => {
      viewport.value = scroller.value?.clientHeight ?? 0;
    });
    if (scroller.value) {
      observer.observe(scroller.value);
      viewport.value = scroller.value.clientHeight;
    }
  });
  onBeforeUnmount(() => observer?.disconnect());

  return { spacerHeight, indices, first, last, top, onScroll, scrollToIndex };
}
