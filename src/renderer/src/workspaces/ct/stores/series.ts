// The CT workspace's series: the tree of the dataset, the open series with its slices, the slice in view,
// and the labels — unsaved edits are kept per slice and saved when the reader leaves the slice, the series
// or the workspace (or presses Ctrl+S); a range gesture saves at once. Every save is a human revision.
// A slice with no label that the model predicted shows the model's draft (its labels at the card's thresholds):
// an edit there starts from the draft and is saved with the model as its origin; Ctrl+S saves the draft as it is.
// Reviews and "Accept model" are in series-review.ts and model-accept.ts, over this store.
// A series opens with one reply (its first page and every slice at a glance); further pages load as the
// reader moves (series-slices.ts), so a series of any length never arrives as one giant reply.
import { defineStore } from 'pinia';
import { computed, ref, shallowRef, triggerRef, watch } from 'vue';
import { api } from '../../../api/client';
import type { CtSeriesTree, CtSeriesView, CtSliceRow } from '../../../../../shared/api/ct-types';
import type { ReviewInfo } from '../../../../../shared/api/types';
import type { CtSubtype, ReviewState } from '../../../../../shared/domain';
import { copyFromPrevious, hasLabel, setSubtype } from '../../../../../shared/ct-labels';
import { applyRangeEdit, changedSlices, type RangeEdit } from '../../../../../shared/ct-series';
import { modelDrafts } from '../../../../../shared/ct-draft';
import { CT_SERIES_PAGE } from '../../../../../shared/ct-series-overview';
import { SeriesSlices } from './series-slices';
import { labelSaves, type CtConflict, type SliceEdit } from './series-saves';

/** The open series without its slices (those are in SeriesSlices). */
export type CtSeriesHeader = Omit<CtSeriesView, 'slices' | 'overview' | 'offset' | 'index'>;

export const useCtSeries = defineStore('ctSeries', () => {
  const datasetId = ref<number | null>(null);
  const tree = shallowRef<CtSeriesTree | null>(null);
  const series = shallowRef<CtSeriesHeader | null>(null);
  const held = shallowRef<SeriesSlices | null>(null);
  const index = ref(0);
  /** Unsaved labels by item id. */
  const edits = shallowRef(new Map<number, SliceEdit>());
  const saving = ref(false);
  const error = ref<string | null>(null);
  const loading = ref(false);
  /** A one-line message for the reader (what a save, an accept or a review did); the workspace shows it. */
  const notice = ref<string | null>(null);
  /** Bumped after every save or review, so panels (history) know to refresh. */
  const revision = ref(0);
  let seriesTicket = 0;
  /** Slices stepped (keys, wheel) while a series was on its way: counted from the slice it opens on. */
  let stepsAhead = 0;
  const pagesInFlight = new Set<number>();
  const conflict = shallowRef<CtConflict | null>(null);
  const { save, flush, writeLabels, revertTo, resolveConflict } = labelSaves({ edits, held, saving, error, notice, revision, conflict });

  const count = computed(() => held.value?.count ?? 0);
  /** Item ids of every slice of the series, in position order. */
  const itemIds = computed<readonly number[]>(() => held.value?.itemIds ?? []);
  /** The slice in view (a copy, so that a change to its row shows). */
  const slice = computed<CtSliceRow | null>(() => {
    const row = held.value?.rowAt(index.value);
    return row ? { ...row } : null;
  });
  /** The model whose probabilities the series shows (`model:<v>`), its version, and its thresholds. */
  const modelSource = computed(() => series.value?.modelSource ?? null);
  const modelVersion = computed(() => modelSource.value?.replace(/^model:/, '') ?? null);
  /** The model's draft per slice: its labels where the slice has no saved label; else null. */
  const modelDraft = computed<(number | null)[]>(() => {
    const h = held.value;
    return h ? modelDrafts(h.savedBits, h.probabilities, series.value?.modelThresholds ?? null) : [];
  });
  /** Labels per slice as shown: unsaved edits, else the saved label, else the model's draft; null = none of them. */
  const bits = computed<(number | null)[]>(() => {
    const h = held.value;
    return h ? h.itemIds.map((id, i) => edits.value.get(id)?.bits ?? h.savedBits[i] ?? modelDraft.value[i]) : [];
  });
  /** Slices that show the model's draft untouched (not saved, not edited). */
  const draftShown = computed(() => itemIds.value.map((id, i) => modelDraft.value[i] !== null && !edits.value.has(id)));
  const currentBits = computed(() => bits.value[index.value] ?? 0);
  /** The slice in view has no saved label and shows the model's draft (edited or not). */
  const currentIsDraft = computed(() => modelDraft.value[index.value] != null);
  const dirty = computed(() => itemIds.value.map((id) => edits.value.has(id)));
  const reviews = computed<readonly ReviewState[]>(() => [...(held.value?.reviews ?? [])]);
  const probabilities = computed<readonly (readonly number[] | null)[]>(() => [...(held.value?.probabilities ?? [])]);
  const unsaved = computed(() => edits.value.size);

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
    if (left && edits.value.has(left.itemId)) void save();
  }

  /**
   * Moves `delta` slices. While a series is on its way (a link, a row of the list) the step counts from where
   * that series opens: the reader pressed it after asking for that slice, not to move in the series on screen.
   */
  function step(delta: number): void {
    if (loading.value) stepsAhead += delta;
    else goTo(index.value + delta);
  }

  /**
   * Unsaved labels for some slices. On a slice showing the model's draft the edit keeps the model as its origin;
   * an edit back to what the slice shows without it (its saved label, or the untouched draft) is dropped —
   * unless `keep`, for an explicit "none" that must be saved even where the draft already says none.
   */
  function setEdits(changes: Map<number, number>, keep = false): void {
    const next = new Map(edits.value);
    const h = held.value;
    for (const [itemId, value] of changes) {
      const at = h?.indexOf(itemId) ?? -1;
      const saved = h && at >= 0 ? h.savedBits[at] : null;
      const draft = at >= 0 ? modelDraft.value[at] : null;
      if (saved === value || (draft === value && !keep)) next.delete(itemId);
      else next.set(itemId, { bits: value, origin: draft !== null ? modelSource.value : null });
    }
    edits.value = next;
  }

  function toggle(subtype: CtSubtype): void {
    const s = slice.value;
    if (!s) return;
    setEdits(new Map([[s.itemId, setSubtype(currentBits.value, subtype, !hasLabel(currentBits.value, subtype))]]));
  }

  function clearSlice(): void {
    const s = slice.value;
    if (s) setEdits(new Map([[s.itemId, 0]]), true);
  }

  function copyPrevious(): void {
    if (index.value === 0 || !slice.value) return;
    const copied = copyFromPrevious(bits.value.map((b) => b ?? 0), index.value);
    setEdits(new Map([[slice.value.itemId, copied[index.value]]]), true);
  }

  /** A range gesture from the strip: applied to every slice it changes, and saved at once. */
  async function applyRange(edit: RangeEdit): Promise<void> {
    const before = bits.value.map((b) => b ?? 0);
    const after = applyRangeEdit(before, edit);
    const changed = changedSlices(before, after);
    if (changed.length === 0) return;
    setEdits(new Map(changed.map((i) => [itemIds.value[i], after[i]])), true);
    await save();
  }

  /** Ctrl+S: saves every unsaved label, and the model's draft of the slice in view when it is shown untouched. */
  function saveWithDraft(): Promise<void> {
    const s = slice.value;
    const draft = modelDraft.value[index.value];
    if (s && draft != null && !edits.value.has(s.itemId)) edits.value = new Map(edits.value).set(s.itemId, { bits: draft, origin: modelSource.value });
    return save();
  }

  /** Shows review states the server set (slices by item id), and refreshes the tree's progress. */
  function markReviews(itemIdsReviewed: readonly number[] | 'all', info: ReviewInfo): void {
    const h = held.value;
    if (!h) return;
    if (itemIdsReviewed === 'all') h.markAllReviews(info);
    else for (const id of itemIdsReviewed) h.markReview(h.indexOf(id), info);
    triggerRef(held);
    revision.value++;
    void refreshTree();
  }

  /** Fetches the open series again (labels or predictions changed elsewhere), keeping the slice in view. */
  async function reloadSeries(): Promise<void> {
    const view = series.value;
    const inView = slice.value;
    // Not while a series is on its way: it replaces this one, and a reload would drop it, leaving it loading for ever.
    if (!view || !inView || edits.value.size > 0 || saving.value || loading.value) return;
    const ticket = ++seriesTicket;
    const next = await api.request('ct.series', { itemId: inView.itemId, overview: true });
    if (ticket !== seriesTicket || edits.value.size > 0 || saving.value) return;
    // The reader may have moved on while the reply was coming: stay on the slice in view now.
    const now = slice.value?.itemId ?? inView.itemId;
    show(next);
    const at = held.value?.indexOf(now) ?? -1;
    index.value = at >= 0 ? at : (next.index ?? Math.min(index.value, next.total - 1));
  }

  return {
    datasetId,
    conflict,
    resolveConflict,
    tree,
    series,
    held,
    index,
    edits,
    saving,
    error,
    loading,
    notice,
    revision,
    count,
    itemIds,
    slice,
    modelSource,
    modelVersion,
    modelDraft,
    bits,
    draftShown,
    currentBits,
    currentIsDraft,
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
    saveWithDraft,
    writeLabels,
    flush,
    revertTo,
    markReviews,
    reloadSeries,
  };
});
