// The steel workspace's state: the strip being corrected (its document of masks, the truth and prediction
// beside it), how it is shown, and what the inspector does to it — edits, undo and redo, saves (Ctrl+S,
// and automatically when leaving the strip), reverts, the next strip to review, exports.
import { defineStore } from 'pinia';
import { computed, markRaw, ref, shallowRef } from 'vue';
import { api } from '../../../api/client';
import { useViewer } from '../../../stores/viewer';
import { useRouter } from '../../../stores/router';
import type { SteelItemLabels, SteelRevision } from '../../../../../shared/api/steel-types';
import { decodeRle } from '../../../../../shared/rle';
import { removeIslandsSmallerThan } from '../../../../../shared/mask-edit/islands';
import { itemDice } from '../../../../../shared/mask-edit/item-dice';
import { STEEL_CLASSES } from '../../../../../shared/domain';
import { SteelDocument } from '../engine/SteelDocument';
import type { DisplaySettings, ReferenceMasks } from '../engine/OverlaySurfaces';
import { BRUSH_MAX, BRUSH_MIN, storedPreferences } from './preferences';
import { followUserDefaults } from './userDefaults';
import type { ToolId } from '../tools/tool';
import { SaveQueue } from './SaveQueue';
import { StripCache } from '../engine/StripCache';
import { stripLoaders } from './stripLoaders';

const MESSAGE_MS = 5000;

export const useSteelWorkspace = defineStore('steelWorkspace', () => {
  const viewer = useViewer();
  const router = useRouter();
  const preferences = storedPreferences();
  followUserDefaults(preferences);

  const document = shallowRef<SteelDocument | null>(null);
  const references = shallowRef<ReferenceMasks>({ truth: { get: () => new Map() }, prediction: null });
  const labels = shallowRef<SteelItemLabels | null>(null);
  const revisions = ref<SteelRevision[]>([]);
  const counts = ref<Record<number, number>>({});
  const dice = ref<{ perClass: Record<number, number>; mean: number } | null>(null);
  const unsaved = ref<number[]>([]);
  const canUndo = ref(false);
  const canRedo = ref(false);
  const scale = ref(1);
  const message = ref('');
  const error = ref<string | null>(null);
  const saving = ref(false);
  /** The open strip's image (shown by the canvas with the document's masks). */
  const strip = shallowRef<{ itemId: number; bitmap: ImageBitmap } | null>(null);
  let messageTimer: ReturnType<typeof setTimeout> | undefined;
  let opening = 0;
  let openingId: number | null = null;
  const cache = new StripCache(stripLoaders);

  const saves = new SaveQueue((itemId, classes) => api.request('steel.save', { itemId, classes }), {
    onSaved: (doc, result) => {
      cache.forgetLabels(doc.itemId);
      if (document.value !== doc) return;
      refreshDerived();
      void refreshAfterSave(doc.itemId);
      if (viewer.item?.id === doc.itemId && viewer.item.review !== result.review) viewer.item = { ...viewer.item, review: result.review };
    },
    onBusy: (busy) => (saving.value = busy),
  });

  const display = computed<DisplaySettings>(() => ({
    visibleClasses: [...preferences.visibleClasses],
    opacity: preferences.opacity,
    outlineOnly: preferences.outlineOnly,
    layers: { ...preferences.layers },
  }));
  const hasPrediction = computed(() => references.value.prediction !== null);
  const dirty = computed(() => unsaved.value.length > 0);

  function tell(text: string): void {
    message.value = text;
    clearTimeout(messageTimer);
    messageTimer = setTimeout(() => (message.value = ''), MESSAGE_MS);
  }

  /** Opens a strip; the one being left is saved first if it has changes (in the background). */
  async function open(itemId: number): Promise<void> {
    if (document.value?.itemId === itemId || openingId === itemId) return;
    const ticket = ++opening;
    openingId = itemId;
    const shown = strip.value?.itemId;
    leave();
    error.value = null;
    message.value = ''; // a message is about the strip it was said on
    try {
      await saves.settled(itemId); // coming back to a strip whose save is still on its way
      const data = await cache.load(itemId, shown === undefined ? [] : [shown]);
      if (ticket !== opening) return;
      const layers = data.labels;
      // A strip whose save failed comes back with its unsaved masks and its undo history.
      const held = saves.heldDocument(itemId);
      const doc = held ?? markRaw(new SteelDocument(itemId, layers.width, layers.height, data.current));
      if (held) tell('This strip has changes that could not be saved yet: they are kept here; save again with Ctrl+S');
      else doc.onChange((change) => change.kind !== 'live' && doc === document.value && refreshDerived(change.classId));
      references.value = { truth: data.truth, prediction: data.prediction };
      labels.value = layers;
      strip.value = markRaw({ itemId, bitmap: data.bitmap });
      document.value = doc;
      refreshDerived();
      void loadHistory(itemId);
    } catch (e) {
      if (ticket === opening) error.value = `This strip cannot be opened: ${(e as Error).message}`;
    } finally {
      if (ticket === opening) openingId = null;
    }
  }

  async function loadHistory(itemId: number): Promise<void> {
    try {
      const history = await api.request('steel.history', { itemId });
      if (document.value?.itemId === itemId) revisions.value = history;
    } catch (e) {
      error.value = (e as Error).message;
    }
  }

  /** Fetches the neighbours of the open strip ahead of time (after any save of theirs). */
  function prefetch(itemIds: readonly number[]): void {
    const open = strip.value?.itemId;
    const wanted = itemIds.filter((id) => id !== open && !cache.isWarm(id));
    void Promise.all(wanted.map((id) => saves.settled(id))).then(() => cache.prefetch(wanted, open === undefined ? [] : [open]));
  }

  /** True when the strip's pixels are at hand: it can open without waiting for the workstation. */
  const isPrefetched = (itemId: number) => cache.has(itemId);

  /** Lets go of the open strip: its unsaved changes are saved (autosave when leaving). */
  function leave(): void {
    const doc = document.value;
    if (doc?.hasUnsavedChanges) {
      const key = viewer.item?.id === doc.itemId ? viewer.item.key : `item ${doc.itemId}`;
      void saves.save(doc, key).then((ok) => ok && tell(`Saved ${key} on leaving it`));
    }
    document.value = null;
    labels.value = null;
    revisions.value = [];
    dice.value = null;
    unsaved.value = [];
    canUndo.value = canRedo.value = false;
  }

  /** The workspace closes: save what is unsaved, and let go of the strip. */
  function close(): void {
    opening++;
    openingId = null;
    leave();
    strip.value = null;
  }

  async function save(): Promise<void> {
    const doc = document.value;
    if (!doc) return;
    if (!doc.hasUnsavedChanges) return tell('Nothing to save: every change is saved');
    const classes = doc.unsavedClasses().map((c) => c.classId);
    if (await saves.save(doc, viewer.item?.key ?? '')) tell(`Saved class ${classes.join(', ')}`);
  }

  function refreshDerived(classId?: number): void {
    const doc = document.value;
    if (!doc) return;
    const next = { ...counts.value };
    for (const c of classId === undefined ? STEEL_CLASSES : [classId]) next[c] = doc.pixels(c);
    counts.value = next;
    unsaved.value = doc.unsavedClasses().map((c) => c.classId);
    canUndo.value = doc.canUndo;
    canRedo.value = doc.canRedo;
    const prediction = references.value.prediction;
    if (prediction) {
      const result = itemDice(doc.masks, prediction, STEEL_CLASSES, doc.width * doc.height);
      dice.value = { perClass: Object.fromEntries(result.perClass), mean: result.mean };
    } else dice.value = null;
  }

  async function refreshAfterSave(itemId: number): Promise<void> {
    try {
      const [history, detail] = await Promise.all([api.request('steel.history', { itemId }), api.request('items.get', { itemId })]);
      if (document.value?.itemId === itemId) revisions.value = history;
      if (viewer.item?.id === itemId) viewer.item = detail;
    } catch (e) {
      error.value = (e as Error).message;
    }
  }

  function undo(): void {
    if (!document.value?.undo()) tell('Nothing to undo');
  }
  function redo(): void {
    if (!document.value?.redo()) tell('Nothing to redo');
  }

  /** Makes a revision the current label of its class again (a new revision), as an undoable edit. */
  async function revert(revision: SteelRevision): Promise<void> {
    const doc = document.value;
    if (!doc) return;
    try {
      await saves.settled(doc.itemId);
      const result = await api.request('steel.revert', { itemId: doc.itemId, revisionId: revision.id });
      cache.forgetLabels(doc.itemId);
      if (document.value !== doc) return;
      doc.replace(result.classId, decodeRle(result.rle, doc.width, doc.height));
      doc.markSaved([{ classId: result.classId, rle: result.rle }]);
      refreshDerived();
      tell(result.revisionId === null ? `Class ${result.classId} already is that revision` : `Class ${result.classId} is back to revision ${revision.id}`);
      await refreshAfterSave(doc.itemId);
      if (viewer.item?.id === doc.itemId && viewer.item.review !== result.review) viewer.item = { ...viewer.item, review: result.review };
    } catch (e) {
      error.value = `The revert failed: ${(e as Error).message}`;
    }
  }

  function removeSmallIslands(): void {
    const doc = document.value;
    if (!doc) return;
    const classId = preferences.activeClass;
    let removed = { blobs: 0, pixels: 0 };
    doc.edit(classId, (mask) => {
      const result = removeIslandsSmallerThan(mask, doc.width, doc.height, preferences.islandMin);
      removed = result;
      return result.region;
    });
    tell(
      removed.blobs
        ? `Removed ${removed.blobs} class ${classId} blob${removed.blobs === 1 ? '' : 's'} (${removed.pixels.toLocaleString('en')} px) smaller than ${preferences.islandMin} px`
        : `No class ${classId} blob is smaller than ${preferences.islandMin} px`,
    );
  }

  /** Opens the next (or previous) strip that is neither approved nor flagged. */
  async function nextUnreviewed(direction: 'next' | 'previous'): Promise<void> {
    const itemId = viewer.item?.id;
    if (!itemId) return;
    try {
      const next = await api.request('steel.nextUnreviewed', { itemId, direction });
      if (next.itemId === null) return tell(`No strip to review ${direction === 'next' ? 'after' : 'before'} this one`);
      router.go({ name: 'item', itemId: next.itemId });
    } catch (e) {
      error.value = (e as Error).message;
    }
  }

  const setTool = (tool: ToolId) => (preferences.tool = tool);
  const setActiveClass = (classId: number) => (preferences.activeClass = classId);
  const setBrushSize = (size: number) => (preferences.brushSize = Math.round(Math.min(BRUSH_MAX, Math.max(BRUSH_MIN, size))));
  /** [ and ]: about an eighth bigger or smaller, at least one pixel. */
  const stepBrush = (direction: 1 | -1) => setBrushSize(preferences.brushSize + direction * Math.max(1, Math.round(preferences.brushSize / 8)));
  function toggleClass(classId: number): void {
    const shown = preferences.visibleClasses;
    preferences.visibleClasses = shown.includes(classId) ? shown.filter((c) => c !== classId) : [...shown, classId].sort();
  }

  return {
    preferences,
    document,
    strip,
    references,
    labels,
    revisions,
    counts,
    dice,
    unsaved,
    dirty,
    canUndo,
    canRedo,
    scale,
    message,
    error,
    saving,
    display,
    hasPrediction,
    failedSaves: saves.failed,
    open,
    prefetch,
    isPrefetched,
    leave,
    close,
    save,
    undo,
    redo,
    revert,
    removeSmallIslands,
    nextUnreviewed,
    retryFailed: () => saves.retryFailed(),
    pendingSaves: () => saves.pending,
    tell,
    setTool,
    setActiveClass,
    setBrushSize,
    stepBrush,
    toggleClass,
  };
});
