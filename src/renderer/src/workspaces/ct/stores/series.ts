// The CT workspace's series: the tree of the dataset, the open series with its slices, the slice in view,
// and the labels — unsaved edits are kept per slice and saved when the reader leaves the slice, the series
// or the workspace (or presses Ctrl+S); a range gesture saves at once. Every save is a human revision.
// A series opens with one reply (its first page and every slice at a glance); further pages load as the
// reader moves (series-slices.ts), so a series of any length never arrives as one giant reply.
import { defineStore } from 'pinia';
import { computed, ref, shallowRef, triggerRef, watch } from 'vue';
import { api } from '../../../api/client';
import type { CtSeriesTree, CtSeriesView, CtSliceRow } from '../../../../../shared/api/ct-types';
import type { CtSubtype, ReviewState } from '../../../../../shared/domain';
import { copyFromPrevious, hasLabel, setSubtype } from '../../../../../shared/ct-labels';
import { applyRangeEdit, changedSlices, nextUnreviewedSeries, type RangeEdit } from '../../../../../shared/ct-series';
import { CT_SERIES_PAGE } from '../../../../../shared/ct-series-overview';
import { SeriesSlices } from './series-slices';

/** The open series without its slices (those are in SeriesSlices). */
export type CtSeriesHeader = Omit<CtSeriesView, 'slices' | 'overview' | 'offset' | 'index'>;

export const useCtSeries = defineStore('ctSeries', () => {
  const datasetId = ref<number | null>(null);
  const tree = shallowRef<CtSeriesTree | null>(null);
  const series = shallowRef<CtSeriesHeader | null>(null);
  const held = shallowRef<SeriesSlices | null>(null);
  const index = ref(0);
  /** Unsaved labels by item id. */
  const drafts = shallowRef(new Map<number, number>());
  const saving = ref(false);
  const error = ref<string | null>(null);
  const loading = ref(false);
  /** Bumped after every save or review, so panels (history) know to refresh. */
  const revision = ref(0);
  let seriesTicket = 0;
  /** Slices stepped (keys, wheel) while a series was on its way: counted from the slice it opens on. */
  let stepsAhead = 0;
  let saveChain: Promise<void> = Promise.resolve();
  const pagesInFlight = new Set<number>();

  const count = computed(() => held.value?.count ?? 0);
  /** Item ids of every slice of the series, in position order. */
  const itemIds = computed<readonly number[]>(() => held.value?.itemIds ?? []);
  const slice = computed<CtSliceRow | null>(() => held.value?.rowAt(index.value) ?? null);
  /** Labels per slice with unsaved edits applied; null = not labelled. */
  const bits = computed<(number | null)[]>(() => {
    const h = held.value;
    return h ? h.itemIds.map((id, i) => drafts.value.get(id) ?? h.savedBits[i]) : [];
  });
  const currentBits = computed(() => bits.value[index.value] ?? 0);
  const dirty = computed(() => itemIds.value.map((id) => drafts.value.has(id)));
  const reviews = computed<readonly ReviewState[]>(() => [...(held.value?.reviews ?? [])]);
  const probabilities = computed<readonly (readonly number[] | null)[]>(() => [...(held.value?.probabilities ?? [])]);
  const unsaved = computed(() => drafts.value.size);

  /** Shows a reply that carries the overview: the series, its slices at a glance and the page it brought. */
  function show(view: CtSeriesView): void {
    const { slices: _slices, overview: _overview, offset: _offset, index: _index, ...header } = view;
    held.value = new SeriesSlices(view);
    series.value = header;
    pagesInFlight.clear();
  }

  /** Fetches the pages the slice in view needs (its own, and the next near an edge). */
  function loadPages(): void {
    const h = held.value;
    const view = series.value;
    if (!h || !view) return;
    for (const offset of h.missingPages(index.value)) {
      if (pagesInFlight.has(offset)) continue;
      pagesInFlight.add(offset);
      // A page belongs to the slices it was asked for: it is dropped once they are replaced (another series,
      // or the series fetched anew), and only then.
      api
        .request('ct.series', { datasetId: view.datasetId, seriesUid: view.seriesUid, offset, limit: CT_SERIES_PAGE, overview: false })
        .then((page) => {
          if (held.value !== h) return;
          if (page.total !== h.count) return void reloadSeries().catch(() => {}); // the series changed meanwhile
          h.setPage(page.offset, page.slices);
          triggerRef(held);
        })
        .catch((e: unknown) => {
          if (held.value === h) error.value = (e as Error).message;
        })
        .finally(() => pagesInFlight.delete(offset));
    }
  }
  watch([index, held], loadPages);

  async function openDataset(id: number): Promise<void> {
    if (datasetId.value !== id) {
      await flush();
      datasetId.value = id;
      tree.value = null;
      series.value = null;
      held.value = null;
    }
    await refreshTree();
  }

  async function refreshTree(): Promise<void> {
    const id = datasetId.value;
    if (id === null) return;
    try {
      const next = await api.request('ct.seriesTree', { datasetId: id });
      if (datasetId.value === id) tree.value = next;
    } catch (e) {
      error.value = (e as Error).message;
    }
  }

  /**
   * The reader chose a slice of the open series: a series still on its way (asked for before) would take them
   * away from it when it arrives, so its reply is dropped.
   */
  function stayInSeries(): void {
    if (!loading.value) return;
    seriesTicket++;
    stepsAhead = 0;
    loading.value = false;
  }

  /** Shows a slice of the open series by its item id; false when it is not one of its slices. */
  function showItem(itemId: number): boolean {
    const found = series.value && held.value ? held.value.indexOf(itemId) : -1;
    if (found < 0) return false;
    stayInSeries();
    goTo(found);
    return true;
  }

  /** Opens the series of a slice (or one by UID) and shows that slice (or the first). */
  async function openSeries(target: { itemId: number } | { seriesUid: string }, at: 'first' | 'item' = 'item'): Promise<void> {
    const current = series.value;
    if ('itemId' in target && showItem(target.itemId)) return;
    if ('seriesUid' in target && current?.seriesUid === target.seriesUid) {
      stayInSeries();
      return goTo(0);
    }
    const ticket = ++seriesTicket;
    stepsAhead = 0;
    loading.value = true;
    try {
      await flush();
      const next = await api.request('ct.series', 'itemId' in target ? { itemId: target.itemId } : { datasetId: datasetId.value!, seriesUid: target.seriesUid });
      if (ticket !== seriesTicket) return;
      if (datasetId.value !== next.datasetId) {
        datasetId.value = next.datasetId;
        void refreshTree();
      }
      show(next);
      const opened = at === 'item' ? (next.index ?? 0) : 0;
      index.value = Math.max(0, Math.min(next.total - 1, opened + stepsAhead));
      stepsAhead = 0;
      error.value = null;
    } catch (e) {
      if (ticket === seriesTicket) error.value = (e as Error).message;
    } finally {
      if (ticket === seriesTicket) loading.value = false;
    }
  }

  /** Shows slice `i` of the series; the slice left behind saves its unsaved labels. */
  function goTo(i: number): void {
    if (count.value === 0) return;
    const next = Math.min(count.value - 1, Math.max(0, i));
    if (next === index.value) return;
    const left = slice.value;
    index.value = next;
    if (left && drafts.value.has(left.itemId)) void save();
  }

  /**
   * Moves `delta` slices. While a series is on its way (a link, a row of the list) the step counts from where
   * that series opens: the reader pressed it after asking for that slice, not to move in the series on screen.
   */
  function step(delta: number): void {
    if (loading.value) stepsAhead += delta;
    else goTo(index.value + delta);
  }

  function setDraft(changes: Map<number, number>): void {
    const next = new Map(drafts.value);
    const h = held.value;
    for (const [itemId, value] of changes) {
      const at = h?.indexOf(itemId) ?? -1;
      const savedBits = h && at >= 0 ? h.savedBits[at] : null;
      if (savedBits === value) next.delete(itemId);
      else next.set(itemId, value);
    }
    drafts.value = next;
  }

  function toggle(subtype: CtSubtype): void {
    const s = slice.value;
    if (!s) return;
    setDraft(new Map([[s.itemId, setSubtype(currentBits.value, subtype, !hasLabel(currentBits.value, subtype))]]));
  }

  function clearSlice(): void {
    const s = slice.value;
    if (s) setDraft(new Map([[s.itemId, 0]]));
  }

  function copyPrevious(): void {
    if (index.value === 0 || !slice.value) return;
    const copied = copyFromPrevious(bits.value.map((b) => b ?? 0), index.value);
    setDraft(new Map([[slice.value.itemId, copied[index.value]]]));
  }

  /** A range gesture from the strip: applied to every slice it changes, and saved at once. */
  async function applyRange(edit: RangeEdit): Promise<void> {
    const before = bits.value.map((b) => b ?? 0);
    const after = applyRangeEdit(before, edit);
    const changed = changedSlices(before, after);
    if (changed.length === 0) return;
    setDraft(new Map(changed.map((i) => [itemIds.value[i], after[i]])));
    await save();
  }

  /** Saves every unsaved label as human revisions (one request); edits made meanwhile stay unsaved. */
  function save(): Promise<void> {
    saveChain = saveChain.then(saveNow, saveNow);
    return saveChain;
  }

  async function saveNow(): Promise<void> {
    const pending = new Map(drafts.value);
    if (pending.size === 0) return;
    saving.value = true;
    try {
      const result = await api.request('ct.saveLabels', { changes: [...pending].map(([itemId, value]) => ({ itemId, bits: value })) });
      const h = held.value;
      if (h) {
        for (const [itemId, value] of pending) h.markSaved(itemId, value, result.author, result.savedAt);
        triggerRef(held);
      }
      const rest = new Map(drafts.value);
      for (const [itemId, value] of pending) if (rest.get(itemId) === value) rest.delete(itemId);
      drafts.value = rest;
      error.value = null;
      revision.value++;
    } catch (e) {
      error.value = `Labels not saved: ${(e as Error).message}`;
      throw e;
    } finally {
      saving.value = false;
    }
  }

  /** Saves what is unsaved; never throws (the error is shown), for leaving a series or the workspace. */
  async function flush(): Promise<void> {
    if (drafts.value.size === 0) return;
    await save().catch(() => {});
  }

  /** A revert writes the old labels again, as a new revision (even when they equal the current ones). */
  async function revertTo(itemId: number, value: number): Promise<void> {
    drafts.value = new Map(drafts.value).set(itemId, value);
    await save();
  }

  async function reviewSlice(state: ReviewState): Promise<void> {
    const s = slice.value;
    if (!s) return;
    await flush();
    await api.request('reviews.set', { itemId: s.itemId, state });
    held.value?.markReview(held.value.indexOf(s.itemId), state);
    triggerRef(held);
    revision.value++;
    void refreshTree();
  }

  async function reviewSeries(state: ReviewState): Promise<void> {
    const view = series.value;
    if (!view) return;
    await flush();
    await api.request('ct.reviewSeries', { datasetId: view.datasetId, seriesUid: view.seriesUid, state });
    held.value?.markAllReviews(state);
    triggerRef(held);
    revision.value++;
    await refreshTree();
  }

  /** Opens the next series with slices left to review; false when there is none. */
  async function nextUnreviewed(): Promise<boolean> {
    await flush();
    await refreshTree();
    const next = tree.value ? nextUnreviewedSeries(tree.value.patients, series.value?.seriesUid ?? null) : null;
    if (!next || next.seriesUid === series.value?.seriesUid) return false;
    await openSeries({ seriesUid: next.seriesUid });
    return true;
  }

  /** Fetches the open series again (labels or predictions changed elsewhere), keeping the slice in view. */
  async function reloadSeries(): Promise<void> {
    const view = series.value;
    const inView = slice.value;
    // Not while a series is on its way: it replaces this one, and a reload would drop it, leaving it loading for ever.
    if (!view || !inView || drafts.value.size > 0 || saving.value || loading.value) return;
    const ticket = ++seriesTicket;
    const next = await api.request('ct.series', { itemId: inView.itemId, overview: true });
    if (ticket !== seriesTicket || drafts.value.size > 0) return;
    // The reader may have moved on while the series was on its way: keep the slice in view now.
    const now = slice.value?.itemId ?? inView.itemId;
    show(next);
    const at = held.value!.indexOf(now);
    index.value = at >= 0 ? at : (next.index ?? Math.min(index.value, next.total - 1));
  }

  return {
    datasetId,
    tree,
    series,
    index,
    drafts,
    saving,
    error,
    loading,
    revision,
    count,
    itemIds,
    slice,
    bits,
    currentBits,
    dirty,
    reviews,
    probabilities,
    unsaved,
    openDataset,
    refreshTree,
    openSeries,
    showItem,
    goTo,
    step,
    toggle,
    clearSlice,
    copyPrevious,
    applyRange,
    save,
    flush,
    revertTo,
    reviewSlice,
    reviewSeries,
    nextUnreviewed,
    reloadSeries,
  };
});
