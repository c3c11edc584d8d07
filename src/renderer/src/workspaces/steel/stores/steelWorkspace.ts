// The steel workspace's state: the strip being corrected (its document of masks, the truth and prediction
// beside it), how it is shown, and what the inspector does to it — edits, undo and redo, saves (Ctrl+S,
// and automatically when leaving the strip), reverts, exports (reviewing: steelReview.ts). A strip with no
// label yet opens on the model's draft (or empty, "no label yet"); "use the model" copies the prediction
// into the label as one undoable edit.
import { defineStore } from 'pinia';
import { computed, markRaw, ref, shallowRef } from 'vue';
import { api } from '../../../api/client';
import { useViewer } from '../../../stores/viewer';
import { useJobs } from '../../../stores/jobs';
import type { SteelItemLabels, SteelRevision } from '../../../../../shared/api/steel-types';
import { decodeRle } from '../../../../../shared/rle';
import { itemDice } from '../../../../../shared/mask-edit/item-dice';
import { STEEL_CLASSES } from '../../../../../shared/domain';
import type { SteelDocument } from '../engine/SteelDocument';
import type { DisplaySettings, ReferenceMasks } from '../engine/OverlaySurfaces';
import { BRUSH_MAX, BRUSH_MIN, storedPreferences } from './preferences';
import { followUserDefaults } from './userDefaults';
import type { ToolId } from '../tools/tool';
import { SaveQueue } from './SaveQueue';
import { StripCache } from '../engine/StripCache';
import { stripLoaders } from './stripLoaders';
import { startName, stripDocument, stripStart, type StripStart } from './draftRules';
import type { DecodedLayers } from '../engine/StripCache';
import { stripEdits } from './stripEdits';
import { stripMessages } from './stripMessages';
import { authors, stripConflicts } from './stripConflicts';

export const useSteelWorkspace = defineStore('steelWorkspace', () => {
  const viewer = useViewer();
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
  const { message, tell, tellOn: tellOnStrip, opened } = stripMessages();
  const error = ref<string | null>(null);
  const saving = ref(false);
  /** What the editable masks started from: the person's label, the model's draft, or nothing yet. */
  const start = ref<StripStart | null>(null);
  /** The open strip's image (shown by the canvas with the document's masks). */
  const strip = shallowRef<{ itemId: number; bitmap: ImageBitmap } | null>(null);
  let opening = 0;
  let openingId: number | null = null;
  /** Saves made on the way to a review: the review that follows says what became of the strip. */
  let savingForReview = 0;
  /** Saves that moved an approved strip back to "in progress" (that notice outranks "Saved …"). */
  let approvalResets = 0;
  const cache = new StripCache(stripLoaders);

  const saves = new SaveQueue((itemId, classes) => api.request('steel.save', { itemId, classes }), {
    onSaved: (doc, result) => {
      cache.forgetLabels(doc.itemId);
      if (viewer.item?.id === doc.itemId) viewer.item = { ...viewer.item, review: result.review, reviewInfo: result.reviewInfo };
      if (result.approvalReset && !savingForReview) {
        approvalResets++;
        tell(`Edited after approval: ${viewer.item?.id === doc.itemId ? viewer.item.key : 'the strip'} is back to in progress`);
      }
      if (document.value !== doc) return;
      refreshDerived();
      void refreshAfterSave(doc.itemId);
    },
    onBusy: (busy) => (saving.value = busy),
    onConflict: (doc, key, found) => {
      conflicts.meet(doc, key, found);
      if (document.value !== doc) tell(`${key} was saved by ${authors(found.theirs)} meanwhile: your changes are kept; open it to choose`);
    },
  });
  const conflicts = stripConflicts({
    save: (doc, key) => saves.save(doc, key),
    changed: (doc) => document.value === doc && refreshDerived(),
    tell,
  });

  const display = computed<DisplaySettings>(() => ({
    visibleClasses: [...preferences.visibleClasses],
    opacity: preferences.opacity,
    outlineOnly: preferences.outlineOnly,
    layers: { ...preferences.layers },
  }));
  const hasPrediction = computed(() => references.value.prediction !== null);
  /** "model draft (steel-starter)", "no label yet", or '' on a labelled strip. */
  const startLabel = computed(() => startName(start.value));
  const dirty = computed(() => unsaved.value.length > 0);

  /** Says `text` on the strip about to be opened (or now, when it is open already). */
  const tellOn = (itemId: number, text: string) => tellOnStrip(itemId, text, document.value?.itemId ?? null);

  /** Opens a strip; the one being left is saved first if it has changes (in the background). */
  async function open(itemId: number): Promise<void> {
    if (document.value?.itemId === itemId || openingId === itemId) return;
    const ticket = ++opening;
    openingId = itemId;
    const shown = strip.value?.itemId;
    leave();
    error.value = null;
    opened(itemId); // a message is about the strip it was said on
    try {
      await saves.settled(itemId); // coming back to a strip whose save is still on its way
      const data = await cache.load(itemId, shown === undefined ? [] : [shown]);
      if (ticket !== opening) return;
      const layers = data.labels;
      // A strip whose save failed comes back with its unsaved masks and its undo history.
      const held = saves.heldDocument(itemId);
      const doc = held ?? markRaw(documentOf(itemId, data));
      if (held) tell('This strip has changes that could not be saved yet: they are kept here; save again with Ctrl+S');
      references.value = { truth: data.truth, prediction: data.prediction, probability: data.probability ?? null };
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

  /** The strip's document (on a strip with no label yet, its model draft), its changes shown as they come. */
  function documentOf(itemId: number, data: DecodedLayers): SteelDocument {
    const doc = stripDocument(itemId, data);
    doc.onChange((change) => change.kind !== 'live' && doc === document.value && refreshDerived(change.classId));
    return doc;
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
      const resets = approvalResets;
      void saves.save(doc, key).then((ok) => ok && resets === approvalResets && tell(`Saved ${key} on leaving it`));
    }
    document.value = null;
    labels.value = null;
    start.value = null;
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

  /**
   * Ctrl+S / Save. On a strip with no label yet it saves every class even unedited: the model's draft
   * becomes the label as it stands, and an empty strip is saved as "no defect" in every class.
   */
  async function save(): Promise<void> {
    const doc = document.value;
    if (!doc) return;
    const key = viewer.item?.key ?? '';
    const resets = approvalResets;
    if (doc.unlabelled && !doc.hasUnsavedChanges) {
      const draft = startLabel.value;
      if (await saves.save(doc, key, { acceptAsIs: true })) tell(doc.draft ? `Saved the ${draft} as the label of ${key}` : `Saved ${key}: no defect in any class`);
      return;
    }
    if (!doc.hasUnsavedChanges) return tell('Nothing to save: every change is saved');
    const classes = doc.classesToSave().map((c) => c.classId);
    if ((await saves.save(doc, key)) && resets === approvalResets) tell(`Saved class ${classes.join(', ')}`);
  }

  /**
   * Saves the open strip on the way to a review (the review guard): its edits, or — with `acceptAsIs`, on a
   * strip with no label yet — the draft as it stands / "no defect". True when all is saved.
   */
  async function saveForReview(acceptAsIs: boolean): Promise<boolean> {
    const doc = document.value;
    if (!doc) return true;
    savingForReview++;
    try {
      return await saves.save(doc, viewer.item?.key ?? '', { acceptAsIs });
    } finally {
      savingForReview--;
    }
  }

  function refreshDerived(classId?: number): void {
    const doc = document.value;
    if (!doc) return;
    const next = { ...counts.value };
    for (const c of classId === undefined ? STEEL_CLASSES : [classId]) next[c] = doc.pixels(c);
    counts.value = next;
    const started = stripStart(doc, labels.value?.prediction ?? null);
    if (started?.kind !== start.value?.kind || startName(started) !== startName(start.value)) start.value = started;
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
      const [history] = await Promise.all([api.request('steel.history', { itemId }), viewer.refresh(itemId)]);
      if (document.value?.itemId === itemId) revisions.value = history;
    } catch (e) {
      error.value = (e as Error).message;
    }
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
      if (result.revisionId !== null) doc.rebase(result.classId, result.revisionId);
      refreshDerived();
      tell(result.revisionId === null ? `Class ${result.classId} already is that revision` : `Class ${result.classId} is back to revision ${revision.id}`);
      if (result.approvalReset) tell(`Edited after approval: ${viewer.item?.key ?? 'the strip'} is back to in progress`);
      await refreshAfterSave(doc.itemId);
    } catch (e) {
      error.value = `The revert failed: ${(e as Error).message}`;
    }
  }

  const edits = stripEdits({
    document: () => document.value,
    prediction: () => {
      const masks = references.value.prediction;
      const prediction = labels.value?.prediction;
      return masks && prediction ? { masks, source: prediction.source, version: prediction.version } : null;
    },
    activeClass: () => preferences.activeClass,
    islandMin: () => preferences.islandMin,
    tell,
  });

  /**
   * A pre-annotation finished: strips fetched before it lack its prediction. The open strip takes the new
   * prediction; one still on an untouched draft (or empty, unlabelled) starts again from the new draft.
   */
  async function predictionsChanged(datasetId: number): Promise<void> {
    cache.forgetAllLabels();
    const doc = document.value;
    if (!doc || viewer.item?.id !== doc.itemId || viewer.item.datasetId !== datasetId) return;
    try {
      await saves.settled(doc.itemId);
      const data = await stripLoaders.layers(doc.itemId);
      if (document.value !== doc) return;
      references.value = { truth: data.truth, prediction: data.prediction, probability: data.probability ?? null };
      labels.value = data.labels;
      if (doc.unlabelled && data.labels.unlabelled && !doc.canUndo && !doc.hasUnsavedChanges) {
        document.value = markRaw(documentOf(doc.itemId, data));
      }
      refreshDerived();
    } catch (e) {
      error.value = (e as Error).message;
    }
  }
  useJobs().onFinished((job) => {
    if ((job.kind === 'predict' || job.kind === 'rethreshold') && job.state === 'done' && job.datasetId !== null) void predictionsChanged(job.datasetId);
  });

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
    start,
    startLabel,
    failedSaves: saves.failed,
    conflict: conflicts.conflict,
    resolveConflict: conflicts.resolve,
    decideConflictLater: conflicts.later,
    open,
    prefetch,
    isPrefetched,
    leave,
    close,
    save,
    saveForReview,
    ...edits,
    revert,
    retryFailed: () => saves.retryFailed(),
    pendingSaves: () => saves.pending,
    tell,
    tellOn,
    setTool,
    setActiveClass,
    setBrushSize,
    stepBrush,
    toggleClass,
  };
});
