// "Accept model" in the CT workspace, over the series store: the model's labels at its card's thresholds become
// the person's labels — for the slice in view, for a range dragged on the series strip with the Accept-model tool,
// or for the whole series — as one human revision per slice with the model as its origin, in one request. Where
// the model disagrees with labels a slice already has, the reader is asked first. The last accept can be undone
// at once: the earlier labels are written again where there were some; slices that had none keep the model's
// labels, since a saved label is never deleted (the message says so).
import { defineStore } from 'pinia';
import { ref, shallowRef, watch } from 'vue';
import type { CtLabelChange } from '../../../../../shared/api/ct-types';
import { planAccept, planUndoAccept, type AcceptedSlice, type AcceptPlan, type AcceptSlice } from '../../../../../shared/ct-draft';
import { useCtSeries } from './series';
import { useCtPrompt } from './prompt';
import type { StripTool } from '../engine/SeriesStripChart';


const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

export const useCtAccept = defineStore('ctAccept', () => {
  const series = useCtSeries();
  const prompt = useCtPrompt();
  /** What a drag on the series strip does: switch a label on a range, or accept the model's labels on it. */
  const tool = ref<StripTool>('label');
  /** The last accept, while it can be undone: what each slice held before. */
  const last = shallowRef<{ slices: AcceptedSlice[]; message: string } | null>(null);
  const busy = ref(false);

  // An accept can be undone in the series it was made in, until the next accept.
  watch(
    () => series.series?.seriesUid,
    () => {
      last.value = null;
      if (!series.modelSource) tool.value = 'label';
    },
  );

  function slicesOf(from: number, to: number): AcceptSlice[] {
    const h = series.held;
    if (!h) return [];
    const slices: AcceptSlice[] = [];
    for (let i = Math.max(0, Math.min(from, to)); i <= Math.min(h.count - 1, Math.max(from, to)); i++) {
      slices.push({ itemId: h.itemIds[i], saved: h.savedBits[i], origin: h.originAt(i), probabilities: h.probabilities[i] });
    }
    return slices;
  }

  /** Plans an accept on slices from..to (the labels saved first, so the plan sees them). */
  async function plan(from: number, to: number): Promise<AcceptPlan | null> {
    const thresholds = series.series?.modelThresholds;
    const source = series.modelSource;
    if (!thresholds || !source) {
      series.notice = 'No model has predicted this series: pre-annotate it first (Models → Pre-annotate).';
      return null;
    }
    await series.flush();
    return planAccept(slicesOf(from, to), thresholds, source);
  }

  /** Writes the plan (after asking, where labelled slices would change) and keeps it for "Undo accept". */
  async function write(p: AcceptPlan, what: string, ask: boolean): Promise<void> {
    let changes: CtLabelChange[] = [...p.unlabelled, ...p.relabelled];
    if (ask && p.relabelled.length > 0) {
      const answer = await prompt.ask({
        title: `Accept the model for ${what}`,
        message:
          `The model's labels differ from the saved labels of ${plural(p.relabelled.length, 'slice')}` +
          (p.unlabelled.length ? `; ${plural(p.unlabelled.length, 'slice')} ${p.unlabelled.length === 1 ? 'has' : 'have'} no label yet.` : '.'),
        choices: [
          ...(p.unlabelled.length ? [{ id: 'unlabelled', text: `Only the ${plural(p.unlabelled.length, 'unlabelled slice')}`, primary: true }] : []),
          { id: 'all', text: `Replace the ${plural(p.relabelled.length, 'saved label')} too`, primary: p.unlabelled.length === 0 },
          { id: 'cancel', text: 'Cancel' },
        ],
      });
      if (!answer || answer.choice === 'cancel') return;
      if (answer.choice === 'unlabelled') changes = p.unlabelled;
    }
    if (changes.length === 0) {
      series.notice = p.unpredicted && !p.agreeing ? `The model has not predicted ${what}.` : `${what[0].toUpperCase()}${what.slice(1)} already ${p.agreeing === 1 ? 'has' : 'have'} the model's labels.`;
      return;
    }
    busy.value = true;
    try {
      const written = new Set(changes.map((c) => c.itemId));
      await series.writeLabels(changes);
      const unlabelled = changes.filter((c) => p.unlabelled.includes(c)).length;
      const skipped = p.unpredicted ? ` · ${plural(p.unpredicted, 'slice')} without a prediction left alone` : '';
      last.value = {
        slices: p.before.filter((b) => written.has(b.itemId)),
        message: `Accepted the model's labels on ${plural(changes.length, 'slice')} (${unlabelled} had no label)${skipped}`,
      };
    } catch {
      // the series store shows why the save failed
    } finally {
      busy.value = false;
    }
  }

  /** Shift+M: the model's labels for the slice in view. */
  async function acceptSlice(): Promise<void> {
    const p = await plan(series.index, series.index);
    if (p) await write(p, 'this slice', false);
  }

  /** A range dragged on the strip with the Accept-model tool (or shift-clicked from the slice in view). */
  async function acceptRange(from: number, to: number): Promise<void> {
    const p = await plan(from, to);
    if (p) await write(p, `slices ${Math.min(from, to) + 1}–${Math.max(from, to) + 1}`, true);
  }

  /** The whole series: always asked first, since it writes many slices at once. */
  async function acceptSeries(): Promise<void> {
    const p = await plan(0, series.count - 1);
    if (!p) return;
    if (p.relabelled.length === 0 && p.unlabelled.length > 0) {
      const answer = await prompt.ask({
        title: 'Accept the model for the series',
        message: `${plural(p.unlabelled.length, 'slice')} with no label take the model's labels at its thresholds (one revision each, from model ${series.modelVersion}).`,
        choices: [
          { id: 'accept', text: `Accept for ${plural(p.unlabelled.length, 'slice')}`, primary: true },
          { id: 'cancel', text: 'Cancel' },
        ],
      });
      if (answer?.choice !== 'accept') return;
    }
    await write(p, 'the series', true);
  }

  /** "Undo accept": the earlier labels again where there were some; says what stays. */
  async function undo(): Promise<void> {
    const done = last.value;
    if (!done) return;
    await series.flush();
    const h = series.held;
    const u = planUndoAccept(done.slices, (itemId) => (h ? h.savedBits[h.indexOf(itemId)] ?? null : null));
    last.value = null;
    try {
      if (u.changes.length) await series.writeLabels(u.changes);
    } catch {
      return;
    }
    const parts = [u.changes.length ? `Restored the earlier labels of ${plural(u.changes.length, 'slice')}` : 'No earlier labels to restore'];
    if (u.keptUnlabelled) {
      parts.push(`${plural(u.keptUnlabelled, 'slice')} that had no label ${u.keptUnlabelled === 1 ? 'keeps' : 'keep'} the model's labels (a saved label is never deleted: change ${u.keptUnlabelled === 1 ? 'it' : 'them'}, or flag ${u.keptUnlabelled === 1 ? 'it' : 'them'})`);
    }
    if (u.changedSince) parts.push(`${plural(u.changedSince, 'slice')} changed since ${u.changedSince === 1 ? 'was' : 'were'} left as ${u.changedSince === 1 ? 'it is' : 'they are'}`);
    series.notice = parts.join('; ');
  }

  function setTool(next: StripTool): void {
    tool.value = next;
  }

  return { tool, last, busy, acceptSlice, acceptRange, acceptSeries, undo, setTool };
});
