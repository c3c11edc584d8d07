// Double reading in the page: the person's reading queue ("My readings") and the reading they have open (their
// labels only, edited here and saved as a reading, not as the item's label); for reviewers, a dataset's
// adjudication queue (the readers' labels side by side) and the decision.
import { defineStore } from 'pinia';
import { computed, ref } from 'vue';
import { api } from '../api/client';
import type { AdjudicationQueue, MyReading, ReadClass, ReadingAgreement, ReadingTaskView } from '../../../shared/api/reading-types';

export const useReadings = defineStore('readings', () => {
  const mine = ref<ReadingTaskView[]>([]);
  const open = ref<MyReading | null>(null);
  /** The open reading's labels as edited (classId → payload), saved with "Save reading". */
  const draft = ref<Map<number, string>>(new Map());
  const dirty = ref(false);
  const queue = ref<AdjudicationQueue | null>(null);
  const agreement = ref<ReadingAgreement | null>(null);
  const error = ref<string | null>(null);
  const busy = ref(false);

  const toRead = computed(() => mine.value.filter((t) => t.doneAt === null).length);

  async function attempt<T>(work: () => Promise<T>): Promise<T | undefined> {
    busy.value = true;
    try {
      const value = await work();
      error.value = null;
      return value;
    } catch (e) {
      error.value = (e as Error).message;
      return undefined;
    } finally {
      busy.value = false;
    }
  }

  async function loadMine(): Promise<void> {
    const value = await attempt(() => api.request('readings.mine'));
    if (value) mine.value = value;
  }

  async function openReading(itemId: number): Promise<void> {
    const value = await attempt(() => api.request('readings.open', { itemId }));
    if (!value) return;
    open.value = value;
    draft.value = new Map(value.classes.map((c) => [c.classId, c.payload]));
    dirty.value = false;
  }

  function setClass(classId: number, payload: string): void {
    const next = new Map(draft.value);
    next.set(classId, payload);
    draft.value = next;
    dirty.value = true;
  }

  /** Saves the open reading (every class the task has: steel 1–4, CT 0) and refreshes the queue. */
  async function saveReading(classIds: readonly number[]): Promise<boolean> {
    const reading = open.value;
    if (!reading) return false;
    const classes: ReadClass[] = classIds.map((classId) => ({ classId, payload: draft.value.get(classId) ?? (classId === 0 ? '0' : '') }));
    const saved = await attempt(() => api.request('readings.save', { itemId: reading.itemId, classes }));
    if (!saved) return false;
    open.value = saved;
    dirty.value = false;
    await loadMine();
    return true;
  }

  async function loadAdjudication(datasetId: number): Promise<void> {
    const [q, a] = (await attempt(() => Promise.all([api.request('readings.adjudicationQueue', { datasetId }), api.request('readings.agreement', { datasetId })]))) ?? [];
    if (q) queue.value = q;
    if (a) agreement.value = a;
  }

  async function loadAgreement(datasetId: number): Promise<void> {
    const value = await attempt(() => api.request('readings.agreement', { datasetId }));
    if (value) agreement.value = value;
  }

  /** Assigns the dataset's next unassigned items to the readers (with honeypots); the count of tasks made. */
  async function assign(datasetId: number, readers: string[], count: number, honeypots: number): Promise<number | null> {
    const done = await attempt(() => api.request('readings.assign', { datasetId, readers, count, honeypots }));
    if (!done) return null;
    await loadAdjudication(datasetId);
    return done.tasks;
  }

  async function adjudicate(datasetId: number, itemId: number, classes: ReadClass[]): Promise<boolean> {
    const done = await attempt(() => api.request('readings.adjudicate', { itemId, classes }));
    if (!done) return false;
    await loadAdjudication(datasetId);
    return true;
  }

  return { mine, open, draft, dirty, queue, agreement, error, busy, toRead, loadMine, openReading, setClass, saveReading, loadAdjudication, loadAgreement, assign, adjudicate };
});
