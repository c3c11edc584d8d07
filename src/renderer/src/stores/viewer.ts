// The item open in the viewer: its details, its pixels (the strip as a bitmap, or the slice in HU),
// and how it is shown (CT window, steel class overlays).
import { defineStore } from 'pinia';
import { ref, shallowRef } from 'vue';
import { api } from '../api/client';
import { PIXEL_HEADERS, binaryPaths } from '../../../shared/api/binary';
import { readHu } from '../../../shared/api/hu-bytes';
import type { ImageWindow } from '../../../shared/window-level';
import type { ItemDetail } from '../../../shared/api/types';
import type { ReviewState } from '../../../shared/domain';

export type Pixels =
  | { kind: 'strip'; itemId: number; bitmap: ImageBitmap }
  | { kind: 'slice'; itemId: number; width: number; height: number; hu: Int16Array };

export const useViewer = defineStore('viewer', () => {
  const item = ref<ItemDetail | null>(null);
  const pixels = shallowRef<Pixels | null>(null);
  const loading = ref(false);
  const error = ref<string | null>(null);
  const window = ref<ImageWindow>('brain');
  const hiddenClasses = ref<number[]>([]);
  const overlayOpacity = ref(0.45);
  let asked = 0;

  async function load(itemId: number): Promise<void> {
    const ticket = ++asked;
    loading.value = true;
    try {
      const detail = await api.request('items.get', { itemId });
      if (ticket !== asked) return;
      item.value = detail;
      error.value = null;
      const next = await loadPixels(detail);
      if (ticket !== asked) return;
      pixels.value = next;
    } catch (e) {
      if (ticket === asked) error.value = (e as Error).message;
    } finally {
      if (ticket === asked) loading.value = false;
    }
  }

  async function loadPixels(detail: ItemDetail): Promise<Pixels> {
    if (detail.kind === 'severstal') {
      const response = await api.fetchBinary(binaryPaths.itemImage(detail.id));
      if (!response.ok) throw new Error(`the image of ${detail.key} cannot be read: ${await response.text()}`);
      return { kind: 'strip', itemId: detail.id, bitmap: await createImageBitmap(await response.blob()) };
    }
    const response = await api.fetchBinary(binaryPaths.sliceHu(detail.id));
    if (!response.ok) throw new Error(`the slice ${detail.key} cannot be read: ${await response.text()}`);
    const width = Number(response.headers.get(PIXEL_HEADERS.width));
    const height = Number(response.headers.get(PIXEL_HEADERS.height));
    const bytes = await response.arrayBuffer();
    return { kind: 'slice', itemId: detail.id, width, height, hu: readHu(bytes) };
  }

  async function setReview(state: ReviewState): Promise<void> {
    if (!item.value) return;
    const id = item.value.id;
    await api.request('reviews.set', { itemId: id, state });
    if (item.value?.id === id) item.value = { ...item.value, review: state };
  }

  function toggleClass(classId: number): void {
    hiddenClasses.value = hiddenClasses.value.includes(classId) ? hiddenClasses.value.filter((c) => c !== classId) : [...hiddenClasses.value, classId];
  }

  function clear(): void {
    asked++;
    item.value = null;
    pixels.value = null;
    error.value = null;
    loading.value = false;
  }

  return { item, pixels, loading, error, window, hiddenClasses, overlayOpacity, load, setReview, toggleClass, clear };
});
