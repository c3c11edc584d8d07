// Series-level logic of the CT workspace, pure and shared: the patient → study → series tree with review
// progress, the next series to review, the order slices are prefetched in, model probabilities as stored,
// and what a range gesture on the series strip does to the labels.
import { CT_LABELS, CT_SUBTYPES, type CtSubtype } from './domain';
import { hasLabel, setRange, type SubtypeBits } from './ct-labels';

/** One series as the tree lists it. */
export interface SeriesSummary {
  patientId: string;
  studyUid: string;
  seriesUid: string;
  studyDescription: string;
  seriesDescription: string;
  /** Slices in the series. */
  slices: number;
  /** Slices whose review is approved or flagged. */
  reviewed: number;
  flagged: number;
  /** Slices with a current label (truth or human). */
  labelled: number;
  /** Slices whose current label has any haemorrhage. */
  positive: number;
  /** The series' first slice in position order. */
  firstItemId: number;
}

export interface SeriesNode extends SeriesSummary {
  /** Display order over the dataset, from 0. */
  order: number;
}
export interface StudyNode {
  studyUid: string;
  description: string;
  slices: number;
  reviewed: number;
  series: SeriesNode[];
}
export interface PatientNode {
  patientId: string;
  slices: number;
  reviewed: number;
  studies: StudyNode[];
}

/**
 * Groups series (given in display order) under their study and patient, keeping that order: a patient or
 * study appears where its first series does. Counts add up along the tree.
 */
export function buildSeriesTree(series: readonly SeriesSummary[]): PatientNode[] {
  const patients = new Map<string, PatientNode>();
  const studies = new Map<string, StudyNode>();
  series.forEach((s, order) => {
    let patient = patients.get(s.patientId);
    if (!patient) patients.set(s.patientId, (patient = { patientId: s.patientId, slices: 0, reviewed: 0, studies: [] }));
    const studyKey = `${s.patientId}\u0000${s.studyUid}`;
    let study = studies.get(studyKey);
    if (!study) {
      studies.set(studyKey, (study = { studyUid: s.studyUid, description: s.studyDescription, slices: 0, reviewed: 0, series: [] }));
      patient.studies.push(study);
    }
    study.series.push({ ...s, order });
    study.slices += s.slices;
    study.reviewed += s.reviewed;
    patient.slices += s.slices;
    patient.reviewed += s.reviewed;
  });
  return [...patients.values()];
}

/** Every series of a tree in display order. */
export function flattenSeries(tree: readonly PatientNode[]): SeriesNode[] {
  return tree.flatMap((p) => p.studies.flatMap((s) => s.series)).sort((a, b) => a.order - b.order);
}

/**
 * The next series with a slice left to review, after `currentSeriesUid` in display order and wrapping
 * around; the current series itself only when it is the one left. Null when every slice is reviewed.
 */
export function nextUnreviewedSeries(tree: readonly PatientNode[], currentSeriesUid: string | null): SeriesNode | null {
  return nextSeriesToReview(tree, currentSeriesUid)?.series ?? null;
}

/** Where N goes next: that series, and whether the search went past the last series back to the first. */
export interface NextSeries {
  series: SeriesNode;
  /** True when it lies at or before the current series in display order (the search wrapped around). */
  wrapped: boolean;
}

/**
 * nextUnreviewedSeries, saying also whether it wrapped around; null when every slice is reviewed. `previous`
 * (Shift+N) searches backwards: it wraps when it goes past the first series back to the last.
 */
export function nextSeriesToReview(tree: readonly PatientNode[], currentSeriesUid: string | null, direction: 'next' | 'previous' = 'next'): NextSeries | null {
  const all = flattenSeries(tree);
  const found = currentSeriesUid === null ? -1 : all.findIndex((s) => s.seriesUid === currentSeriesUid);
  const back = direction === 'previous';
  // With no current series, the search starts just outside the list on its side.
  const start = found >= 0 ? found : back ? all.length : -1;
  for (let step = 1; step <= all.length; step++) {
    const at = (((back ? start - step : start + step) % all.length) + all.length) % all.length;
    const candidate = all[at];
    const wrapped = found >= 0 && (back ? at >= found : at <= found);
    if (candidate.reviewed < candidate.slices) return { series: candidate, wrapped };
  }
  return null;
}

/**
 * The slices to fetch around `current`, nearest first, `ahead` of it in the scrolling direction and `behind`
 * the other way (direction +1 = towards higher indices). Never lists `current` or an index outside 0..count-1.
 */
export function prefetchOrder(current: number, count: number, ahead: number, behind: number, direction: 1 | -1 = 1): number[] {
  const order: number[] = [];
  const far = Math.max(ahead, behind);
  for (let d = 1; d <= far; d++) {
    if (d <= ahead) {
      const i = current + d * direction;
      if (i >= 0 && i < count) order.push(i);
    }
    if (d <= behind) {
      const i = current - d * direction;
      if (i >= 0 && i < count) order.push(i);
    }
  }
  return order;
}

/**
 * The six probabilities (CT_LABELS order) of a model revision's payload: a JSON array of six numbers, or an
 * object keyed by label. `any` is raised to the largest subtype so it never reads below one of them.
 * Null for anything else (for example a bit-mask label).
 */
export function parseModelProbabilities(payload: string): number[] | null {
  const text = payload.trim();
  if (!text.startsWith('[') && !text.startsWith('{')) return null;
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return null;
  }
  let values: unknown[];
  if (Array.isArray(parsed)) values = parsed;
  else if (parsed && typeof parsed === 'object') values = CT_LABELS.map((label) => (parsed as Record<string, unknown>)[label]);
  else return null;
  if (values.length !== CT_LABELS.length || !values.every((v) => typeof v === 'number' && v >= 0 && v <= 1)) return null;
  const probabilities = values as number[];
  const any = CT_LABELS.indexOf('any');
  for (let i = 0; i < CT_SUBTYPES.length; i++) probabilities[any] = Math.max(probabilities[any], probabilities[i]);
  return probabilities;
}

/** A range gesture on the strip: one subtype switched on or off from one slice to another. */
export interface RangeEdit {
  subtype: CtSubtype;
  from: number;
  to: number;
  on: boolean;
}

/**
 * What a gesture that starts on slice `start` means: it switches the subtype ON when that slice lacks it,
 * OFF when it has it (like painting a row of check boxes), over start..end.
 */
export function rangeGesture(seriesBits: readonly SubtypeBits[], subtype: CtSubtype, start: number, end: number): RangeEdit {
  return { subtype, from: Math.min(start, end), to: Math.max(start, end), on: !hasLabel(seriesBits[start] ?? 0, subtype) };
}

/** The series' bits after a range edit (a new array). */
export function applyRangeEdit(seriesBits: readonly SubtypeBits[], edit: RangeEdit): SubtypeBits[] {
  return setRange(seriesBits, edit.from, edit.to, edit.subtype, edit.on);
}

/** The indices whose bits differ between two versions of a series. */
export function changedSlices(before: readonly SubtypeBits[], after: readonly SubtypeBits[]): number[] {
  if (before.length !== after.length) throw new RangeError(`series of ${before.length} and ${after.length} slices cannot be compared`);
  const changed: number[] = [];
  for (let i = 0; i < before.length; i++) if (before[i] !== after[i]) changed.push(i);
  return changed;
}

/** "12 of 40 reviewed" as a fraction 0..1 (1 for an empty series). */
export function reviewProgress(node: { slices: number; reviewed: number }): number {
  return node.slices === 0 ? 1 : node.reviewed / node.slices;
}
