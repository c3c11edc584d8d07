// The pixels of the slice in view: read from the slice cache at once when prefetched, else fetched (the
// previous picture stays up meanwhile, marked as waiting). Every move refills the prefetch list around the
// new slice, more ahead in the direction of scrolling than behind.
import { onBeforeUnmount, ref, shallowRef, watch } from 'vue';
import { api } from '../../../api/client';
import { PIXEL_HEADERS, binaryPaths } from '../../../../../shared/api/binary';
import { prefetchOrder } from '../../../../../shared/ct-series';
import { readHu } from '../../../../../shared/api/hu-bytes';
import { huRange } from '../../../../../shared/window-level';
import { parseNumbers, sliceGeometry } from '../../../../../shared/slice-geometry';
import { SliceCache, type CtSlice } from '../engine/SliceCache';
import type { useCtSeries } from '../stores/series';

/** Slices fetched ahead of and behind the one in view. */
export const PREFETCH_AHEAD = 48;
export const PREFETCH_BEHIND = 16;

/** One slice's HU from the binary route (Int16 little-endian, size in the headers). */
export async function fetchSlice(itemId: number): Promise<CtSlice> {
  const response = await api.fetchBinary(binaryPaths.sliceHu(itemId));
  if (!response.ok) throw new Error(`slice ${itemId} cannot be read: ${await response.text()}`);
  const width = Number(response.headers.get(PIXEL_HEADERS.width));
  const height = Number(response.headers.get(PIXEL_HEADERS.height));
  const hu = readHu(await response.arrayBuffer());
  if (hu.length !== width * height) throw new Error(`slice ${itemId}: ${hu.length} values for ${width} × ${height} pixels`);
  const numbers = (name: string, count: number) => parseNumbers(response.headers.get(name), count);
  const geometry = sliceGeometry(numbers(PIXEL_HEADERS.pixelSpacing, 2), numbers(PIXEL_HEADERS.imagePosition, 3), numbers(PIXEL_HEADERS.imageOrientation, 6));
  return { itemId, width, height, hu, range: huRange(hu), geometry };
}

export function useSlicePixels(series: ReturnType<typeof useCtSeries>) {
  const cache = new SliceCache(fetchSlice);
  const shown = shallowRef<CtSlice | null>(null);
  const waiting = ref(false);
  const error = ref<string | null>(null);
  let direction: 1 | -1 = 1;
  let lastIndex = 0;

  function show(itemId: number): void {
    const held = cache.get(itemId);
    if (held) {
      shown.value = held;
      waiting.value = false;
      error.value = null;
      return;
    }
    waiting.value = true;
    cache.load(itemId).then(
      (slice) => {
        if (series.slice?.itemId !== itemId) return;
        shown.value = slice;
        waiting.value = false;
        error.value = null;
      },
      (e: unknown) => {
        if (series.slice?.itemId === itemId) {
          waiting.value = false;
          error.value = (e as Error).message;
        }
      },
    );
  }

  function prefetch(): void {
    const ids = series.itemIds;
    const order = prefetchOrder(series.index, ids.length, PREFETCH_AHEAD, PREFETCH_BEHIND, direction);
    cache.prefetch(order.map((i) => ids[i]));
  }

  watch(
    () => series.slice?.itemId,
    (itemId) => {
      if (itemId === undefined) return;
      if (series.index !== lastIndex) direction = series.index > lastIndex ? 1 : -1;
      lastIndex = series.index;
      show(itemId);
      prefetch();
    },
    { immediate: true },
  );
  watch(
    () => series.datasetId,
    () => cache.clear(),
  );
  onBeforeUnmount(() => cache.clear());

  /** Whether slice `i` of the open series is in memory (cine waits for it). */
  const isReady = (i: number) => {
    const id = series.itemIds[i];
    return id !== undefined && cache.has(id);
  };

  return { shown, waiting, error, cache, isReady };
}
