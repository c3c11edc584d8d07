// The item browser of one dataset: its filter, the filtered count, and its rows fetched a page at a time
// as the list scrolls (lists of 750k items never load whole), plus which item is selected.
import { defineStore } from 'pinia';
import { computed, ref, shallowReactive, shallowRef } from 'vue';
import { api } from '../api/client';
import type { ItemFilter, ItemRow } from '../../../shared/api/types';
import type { QueueOrder, ResolvedQueueOrder } from '../../../shared/api/loop-types';
import type { NextToReview } from '../../../shared/api/steel-types';
import { binaryPaths } from '../../../shared/api/binary';
import type { ReviewState } from '../../../shared/domain';

export const PAGE_SIZE = 100;
/** Pages kept in memory; the farthest from the view are dropped first. */
const KEPT_PAGES = 40;

export const useItemBrowser = defineStore('itemBrowser', () => {
  const datasetId = ref<number | null>(null);
  const label = ref<string>('');
  const review = ref<ReviewState | ''>('');
  const keySearch = ref('');
  /** The list's "Sort by": a review queue, worst first; null = dataset order. */
  const order = ref<QueueOrder | null>(null);
  /** The order as the last page applied it (the models it chose). */
  const appliedOrder = ref<ResolvedQueueOrder | null>(null);
  const total = ref<number | null>(null);
  const selectedIndex = ref<number | null>(null);
  const selectedId = ref<number | null>(null);
  const error = ref<string | null>(null);
  /** Bumped when the list must be fetched anew (filter changed, labels changed); stale replies are dropped. */
  const generation = ref(0);
  const pages = shallowReactive(new Map<number, ItemRow[]>());
  /** The row the list is asked to scroll into view (a new object per request, even for the same row). */
  const scrollRequest = shallowRef<{ index: number } | null>(null);
  /** Pages on their way for this generation (a new set per generation: a stale reply never unmarks a fresh request). */
  let loading = new Set<number>();
  let lastCentre = 0;
  /** Bumped by every locate and every open: an older locate stops where it is. */
  let locateTicket = 0;
  /** The selection's place being found (after a deep link, or a refilter): moves wait for it. */
  let locating: Promise<void> | null = null;

  const filter = computed<ItemFilter>(() => ({
    ...(label.value ? { label: label.value } : {}),
    ...(review.value ? { review: [review.value] } : {}),
    ...(keySearch.value.trim() ? { key: keySearch.value.trim() } : {}),
  }));

  function reset(): void {
    generation.value++;
    pages.clear();
    loading = new Set();
    total.value = null;
  }

  /** Shows a dataset's items (the address names the dataset): an item still being located is not looked for any more. */
  function open(id: number): Promise<void> {
    locateTicket++;
    return show(id);
  }

  /** Shows a dataset's items; keeps the filter (and the list as fetched or being fetched) when it is the same dataset. */
  async function show(id: number): Promise<void> {
    if (datasetId.value === id && (total.value !== null || loading.has(0))) return;
    if (datasetId.value !== id) {
      label.value = '';
      review.value = '';
      keySearch.value = '';
      order.value = null;
      appliedOrder.value = null;
      selectedIndex.value = null;
      selectedId.value = null;
      scrollRequest.value = null;
    }
    datasetId.value = id;
    reset();
    await loadPage(0);
  }

  /**
   * Fetches the list anew (filter or order changed, or the data under a filtered or sorted list) and finds the
   * selection's new place. Until it is found, a move (J/K) waits for it rather than start from the top.
   */
  function refilter(): Promise<void> {
    reset();
    selectedIndex.value = null;
    const selected = selectedId.value;
    const pending: Promise<void> = (async () => {
      await loadPage(0);
      if (selected !== null && selectedId.value === selected) await findPlace(selected, false, true);
    })().finally(() => {
      if (locating === pending) locating = null;
    });
    if (selected !== null) locating = pending;
    return pending;
  }

  async function loadPage(page: number): Promise<void> {
    if (datasetId.value === null || pages.has(page) || loading.has(page)) return;
    const asked = generation.value;
    const inFlight = loading;
    inFlight.add(page);
    try {
      const result = await api.request('items.page', { datasetId: datasetId.value, offset: page * PAGE_SIZE, limit: PAGE_SIZE, filter: filter.value, ...orderArg() });
      if (asked !== generation.value) return;
      total.value = result.total;
      appliedOrder.value = result.order ?? null;
      pages.set(page, result.rows);
      error.value = null;
      evictFarPages();
    } catch (e) {
      if (asked === generation.value) error.value = (e as Error).message;
    } finally {
      inFlight.delete(page);
    }
  }

  function evictFarPages(): void {
    if (pages.size <= KEPT_PAGES) return;
    const byDistance = [...pages.keys()].sort((a, b) => Math.abs(b - lastCentre) - Math.abs(a - lastCentre));
    for (const page of byDistance.slice(0, pages.size - KEPT_PAGES)) pages.delete(page);
  }

  /** Makes sure the rows first..last are (being) fetched. */
  function ensureRange(first: number, last: number): void {
    lastCentre = Math.floor((first + last) / 2 / PAGE_SIZE);
    for (let page = Math.floor(first / PAGE_SIZE); page <= Math.floor(last / PAGE_SIZE); page++) void loadPage(page);
  }

  function rowAt(index: number): ItemRow | undefined {
    return pages.get(Math.floor(index / PAGE_SIZE))?.[index % PAGE_SIZE];
  }

  async function fetchRow(index: number): Promise<ItemRow | undefined> {
    await loadPage(Math.floor(index / PAGE_SIZE));
    return rowAt(index);
  }


  /**
   * Finds an item's place in the list and selects it. `clearHiding` (default true) clears a filter that hides
   * it; `reveal` (default true) asks the list to scroll to it.
   */
  function locate(itemId: number, options: { clearHiding?: boolean; reveal?: boolean } = {}): Promise<void> {
    const pending = findPlace(itemId, options.clearHiding ?? true, options.reveal ?? true).finally(() => {
      if (locating === pending) locating = null;
    });
    locating = pending;
    return pending;
  }

  async function findPlace(itemId: number, clearHiding: boolean, reveal: boolean): Promise<void> {
    const ticket = ++locateTicket;
    selectedId.value = itemId;
    selectedIndex.value = null;
    let place = await api.request('items.locate', { itemId, filter: filter.value, ...orderArg() });
    if (ticket !== locateTicket) return;
    if (datasetId.value !== place.datasetId) {
      await show(place.datasetId); // another dataset: its list starts unfiltered
      if (ticket !== locateTicket) return;
      place = await api.request('items.locate', { itemId, filter: filter.value, ...orderArg() });
      if (ticket !== locateTicket) return;
      selectedId.value = itemId;
    }
    if (place.index === null && clearHiding) {
      label.value = '';
      review.value = '';
      keySearch.value = '';
      await refilter();
      return;
    }
    selectedIndex.value = place.index;
    if (place.index !== null && reveal) scrollRequest.value = { index: place.index };
    if (place.index !== null) await loadPage(Math.floor(place.index / PAGE_SIZE));
  }

  /** The row `delta` places from the selection (the first row when nothing is selected). */
  async function neighbour(delta: number): Promise<ItemRow | undefined> {
    if (locating) await locating; // the selection of a just-opened item is still being found
    if (total.value === null || total.value === 0) return undefined;
    const from = selectedIndex.value;
    const target = from === null ? 0 : Math.min(total.value - 1, Math.max(0, from + delta));
    if (target === from) return undefined;
    return fetchRow(target);
  }

  /** The order argument of list requests (none for dataset order). */
  function orderArg(): { order?: QueueOrder } {
    return order.value ? { order: order.value } : {};
  }

  /** Sorts the list by a review queue (null: dataset order); the selection stays selected where it lands. */
  async function sortBy(next: QueueOrder | null): Promise<void> {
    order.value = next;
    appliedOrder.value = null;
    await refilter();
  }

  /**
   * The item after (or before) `itemId` in the list as sorted, wrapping around; with `unreviewedOnly` the next
   * that is neither approved nor flagged. What N / Shift+N in a workspace go to.
   */
  function nextInList(itemId: number, direction: 'next' | 'previous', unreviewedOnly = true): Promise<NextToReview> {
    if (datasetId.value === null) return Promise.resolve({ itemId: null, wrapped: false });
    return api.request('queue.next', { datasetId: datasetId.value, itemId, direction, unreviewedOnly, ...orderArg() });
  }

  /** A row changed (review set, labels saved): fetch its page again. */
  function refreshAround(index: number | null): void {
    if (index === null) return;
    const page = Math.floor(index / PAGE_SIZE);
    pages.delete(page);
    void loadPage(page);
  }

  const thumbnailUrl = (itemId: number) => api.binaryUrl(binaryPaths.thumbnail(itemId));

  api.on('datasets.changed', ({ datasetIds }) => {
    if (datasetId.value !== null && datasetIds.includes(datasetId.value)) {
      const keep = selectedIndex.value;
      // A sorted list reorders as labels change (a fixed item leaves the top of a disagreement queue).
      if (label.value || review.value || order.value) void refilter();
      else refreshAround(keep);
    }
  });

  return {
    datasetId,
    label,
    review,
    keySearch,
    order,
    appliedOrder,
    filter,
    total,
    pages,
    selectedIndex,
    selectedId,
    scrollRequest,
    error,
    generation,
    open,
    refilter,
    ensureRange,
    rowAt,
    locate,
    neighbour,
    sortBy,
    nextInList,
    thumbnailUrl,
  };
});
