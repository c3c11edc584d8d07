// The CT workspace's series: the tree of the dataset, the open series with its slices, the slice in view,
// and the labels — unsaved edits are kept per slice and saved when the reader leaves the slice, the series
// or the workspace (or presses Ctrl+S); a range gesture saves at once. Every save is a human revision.
import { defineStore } from 'pinia';
import { computed, ref, shallowRef, triggerRef } from 'vue';
import { api } from '../../../api/client';
import type { CtSeriesTree, CtSeriesView, CtSliceRow } from '../../../../../shared/api/ct-types';
import type { CtSubtype, ReviewState } from '../../../../../shared/domain';
import { copyFromPrevious, hasLabel, setSubtype } from '../../../../../shared/ct-labels';
import { applyRangeEdit, changedSlices, nextUnreviewedSeries, type RangeEdit } from '../../../../../shared/ct-series';

export const useCtSeries = defineStore('ctSeries', () => {
  const datasetId = ref<number | null>(null);
  const tree = shallowRef<CtSeriesTree | null>(null);
  const series = shallowRef<CtSeriesView | null>(null);
  const index = ref(0);
  /** Unsaved labels by item id. */
  const drafts = shallowRef(new Map<number, number>());
  const saving = ref(false);
  const error = ref<string | null>(null);
  const loading = ref(false);
  /** Bumped after every save or review, so panels (history) know to refresh. */
  const revision = ref(0);
  let seriesTicket = 0;
  let saveChain: Promise<void> = Promise.resolve();

  const slices = computed<CtSliceRow[]>(() => series.value?.slices ?? []);
  const slice = computed<CtSliceRow | null>(() => slices.value[index.value] ?? null);
  /** Labels per slice with unsaved edits applied; null = not labelled. */
  const bits = computed<(number | null)[]>(() => slices.value.map((s) => drafts.value.get(s.itemId) ?? s.bits));
  const currentBits = computed(() => bits.value[index.value] ?? 0);
  const dirty = computed(() => slices.value.map((s) => drafts.value.has(s.itemId)));
  const unsaved = computed(() => drafts.value.size);

  async function openDataset(id: number): Promise<void> {
    if (datasetId.value !== id) {
      await flush();
      datasetId.value = id;
      tree.value = null;
      series.value = null;
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

  /** Opens the series of a slice (or one by UID) and shows that slice (or the first). */
  async function openSeries(target: { itemId: number } | { seriesUid: string }, at: 'first' | 'item' = 'item'): Promise<void> {
    const current = series.value;
    if ('itemId' in target && current) {
      const found = current.slices.findIndex((s) => s.itemId === target.itemId);
      if (found >= 0) return goTo(found);
    }
    if ('seriesUid' in target && current?.seriesUid === target.seriesUid) return goTo(0);
    const ticket = ++seriesTicket;
    loading.value = true;
    try {
      await flush();
      const next = await api.request('ct.series', 'itemId' in target ? { itemId: target.itemId } : { datasetId: datasetId.value!, seriesUid: target.seriesUid });
      if (ticket !== seriesTicket) return;
      if (datasetId.value !== next.datasetId) {
        datasetId.value = next.datasetId;
        void refreshTree();
      }
      series.value = next;
      const found = 'itemId' in target && at === 'item' ? next.slices.findIndex((s) => s.itemId === target.itemId) : 0;
      index.value = Math.max(0, found);
      error.value = null;
    } catch (e) {
      if (ticket === seriesTicket) error.value = (e as Error).message;
    } finally {
      if (ticket === seriesTicket) loading.value = false;
    }
  }

  /** Shows slice `i` of the series; the slice left behind saves its unsaved labels. */
  function goTo(i: number): void {
    const count = slices.value.length;
    if (count === 0) return;
    const next = Math.min(count - 1, Math.max(0, i));
    if (next === index.value) return;
    const left = slice.value;
    index.value = next;
    if (left && drafts.value.has(left.itemId)) void save();
  }

  const step = (delta: number) => goTo(index.value + delta);

  function setDraft(changes: Map<number, number>): void {
    const next = new Map(drafts.value);
    for (const [itemId, value] of changes) {
      const savedBits = slices.value.find((s) => s.itemId === itemId)?.bits ?? null;
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
    setDraft(new Map(changed.map((i) => [slices.value[i].itemId, after[i]])));
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
      const view = series.value;
      if (view) {
        for (const s of view.slices) {
          if (!pending.has(s.itemId)) continue;
          Object.assign(s, { bits: pending.get(s.itemId)!, labelSource: 'human', labelAuthor: result.author, labelAt: result.savedAt });
        }
        triggerRef(series);
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
    s.review = state;
    triggerRef(series);
    revision.value++;
    void refreshTree();
  }

  async function reviewSeries(state: ReviewState): Promise<void> {
    const view = series.value;
    if (!view) return;
    await flush();
    await api.request('ct.reviewSeries', { datasetId: view.datasetId, seriesUid: view.seriesUid, state });
    for (const s of view.slices) s.review = state;
    triggerRef(series);
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
    if (!view || drafts.value.size > 0 || saving.value) return;
    const ticket = ++seriesTicket;
    const next = await api.request('ct.series', { datasetId: view.datasetId, seriesUid: view.seriesUid });
    if (ticket === seriesTicket && drafts.value.size === 0) series.value = next;
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
    slices,
    slice,
    bits,
    currentBits,
    dirty,
    unsaved,
    openDataset,
    refreshTree,
    openSeries,
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
