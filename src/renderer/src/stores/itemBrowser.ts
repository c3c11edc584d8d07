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
  /** True while the list is fetched anew for items that came or went: the list keeps its scroll position. */
  const keepScroll = ref(false);
  /** The row the list is asked to scroll into view (a new object per request, even for the same row). */
  const scrollRequest = shallowRef<{ index: number } | null>(null);
  /** Pages on their way for this generation (a new map per generation: a stale reply never unmarks a fresh request). */
  let loading = new Map<number, Promise<void>>();
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

  /** The list is fetched anew; `keep` leaves it scrolled where it is (items came or went), else it starts at the top. */
  function reset(keep = false): void {
    keepScroll.value = keep;
    generation.value++;
    pages.clear();
    loading = new Map();
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

  /**
   * Fetches a page unless it is here (`again`: even then, keeping its rows until the new ones come). A page
   * already on its way is waited for, so that whoever needs its rows (a key moving the selection) gets them.
   */
  function loadPage(page: number, again = false): Promise<void> {
    if (datasetId.value === null || (pages.has(page) && !again)) return Promise.resolve();
    const inFlight = loading;
    let pending = inFlight.get(page);
    if (!pending) {
      pending = fetchPage(page).finally(() => inFlight.delete(page));
      inFlight.set(page, pending);
    }
    return pending;
  }

  async function fetchPage(page: number): Promise<void> {
    const asked = generation.value;
    try {
      const result = await api.request('items.page', { datasetId: datasetId.value!, offset: page * PAGE_SIZE, limit: PAGE_SIZE, filter: filter.value, ...orderArg() });
      if (asked !== generation.value) return;
      total.value = result.total;
      appliedOrder.value = result.order ?? null;
      pages.set(page, result.rows);
      error.value = null;
      evictFarPages();
    } catch (e) {
      if (asked === generation.value) error.value = (e as Error).message;
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

  let moving: Promise<unknown> = Promise.resolve();

  /**
   * The row `delta` places from the selection (the first row when nothing is selected), which it selects.
   * Moves are taken in turn, each from where the one before it went: a second key pressed while the first
   * still waits for its page moves on from the first's row, not from the same row again. A move whose page
   * came after the address named another item (a link, a row clicked) gives way to it: undefined.
   */
  function neighbour(delta: number): Promise<ItemRow | undefined> {
    const next = moving.then(() => findNeighbour(delta));
    moving = next.catch(() => undefined);
    return next;
  }

  async function findNeighbour(delta: number): Promise<ItemRow | undefined> {
    if (locating) await locating; // the selection of a just-opened item is still being found
    if (total.value === null || total.value === 0) return undefined;
    const ticket = locateTicket;
    const from = selectedIndex.value;
    const target = from === null ? 0 : Math.min(total.value - 1, Math.max(0, from + delta));
    if (target === from) return undefined;
    const row = await fetchRow(target);
    if (!row || ticket !== locateTicket) return undefined;
    selectedIndex.value = target;
    selectedId.value = row.id;
    return row;
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

  /** A row changed (review set, labels saved): fetch its page again, keeping its rows until the new ones come. */
  function refreshAround(index: number | null): void {
    if (index === null) return;
    void loadPage(Math.floor(index / PAGE_SIZE), true);
  }

  /**
   * Items came or went (a batch added, a watched folder): the list's length and every page are fetched anew where
   * the list stands (no jump to the top), and the selected item is found again.
   */
  async function reload(): Promise<void> {
    reset(true);
    await loadPage(0);
    if (selectedId.value !== null) await locate(selectedId.value, { clearHiding: false, reveal: false });
  }

  const thumbnailUrl = (itemId: number) => api.binaryUrl(binaryPaths.thumbnail(itemId));

  api.on('datasets.changed', ({ datasetIds, items }) => {
    if (datasetId.value !== null && datasetIds.includes(datasetId.value)) {
      const keep = selectedIndex.value;
      // A sorted list reorders as labels change (a fixed item leaves the top of a disagreement queue).
      if (items) void reload();
      else if (label.value || review.value || order.value) void refilter();
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
    keepScroll,
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
