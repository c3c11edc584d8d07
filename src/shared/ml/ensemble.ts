// Ensemble versions: registered versions (or the members a fold run trained) whose predictions are averaged,
// each counted by its weight and predicted with its own TTA set. Steel averages the members' probability maps
// (steel-average.ts), CT the six probabilities each member gives through its own calibration; the ensemble's
// card (thresholds, min-areas, presence gates) then applies once, to the average.
// What cannot be averaged is refused before anything is written: members of two tasks, an ensemble inside an
// ensemble, steel members whose classes are in another order, a TTA set a member's kind cannot run.
import { badInput } from '../errors';
import type { ModelCard } from './model-card';
import { TTA_SETS, isTtaSet, type TtaSet } from './tta';

export interface EnsembleMember {
  /** The registered version (null for a fold run's member, which lives inside the ensemble's folder). */
  version: string | null;
  /** The member's folder: relative to the ensemble's folder, or absolute (a registered version's). */
  dir: string;
  weight: number;
  tta: TtaSet;
}

/** The weights scaled to sum to one; refuses a count that does not match, a negative weight or all zero. */
export function normalisedWeights(weights: readonly number[], count: number): number[] {
  if (weights.length !== count) throw badInput(`${weights.length} ${weights.length === 1 ? 'weight' : 'weights'} for ${count} versions: give one per version`);
  if (weights.some((w) => !Number.isFinite(w) || w < 0)) throw badInput(`weights must be numbers of 0 or more, not ${weights.join(', ')}`);
  const sum = weights.reduce((s, w) => s + w, 0);
  if (!(sum > 0)) throw badInput('at least one weight must be above 0');
  return weights.map((w) => w / sum);
}

/** "0.5,0.5" (commas or spaces) → one weight per version, normalised; none given: equal weights. */
export function parseWeights(text: string | undefined, count: number): number[] {
  if (text === undefined || text.trim() === '') return normalisedWeights(new Array<number>(count).fill(1), count);
  const parts = text.split(/[\s,]+/).filter((p) => p !== '');
  const values = parts.map(Number);
  const bad = parts.find((p, i) => !Number.isFinite(values[i]));
  if (bad !== undefined) throw badInput(`weights are numbers, not "${bad}"`);
  return normalisedWeights(values, count);
}

/** One TTA set for every version, or one per version ("none,hflip"); none given: `fallback` for all. */
export function parseTtaList(text: string | undefined, count: number, fallback: TtaSet = 'none'): TtaSet[] {
  const parts = (text ?? '').split(/[\s,]+/).filter((p) => p !== '');
  if (parts.length === 0) return new Array<TtaSet>(count).fill(fallback);
  const bad = parts.find((p) => !isTtaSet(p));
  if (bad !== undefined) throw badInput(`a TTA set is one of ${TTA_SETS.join(', ')}, not "${bad}"`);
  if (parts.length === 1) return new Array<TtaSet>(count).fill(parts[0] as TtaSet);
  if (parts.length !== count) throw badInput(`${parts.length} TTA sets for ${count} versions: give one for all, or one per version`);
  return parts as TtaSet[];
}

/** The weighted mean of the members' rows (one row per member, e.g. six CT probabilities); weights sum to one. */
export function weightedMean(rows: readonly ArrayLike<number>[], weights: readonly number[]): number[] {
  if (rows.length === 0) throw new RangeError('nothing to average');
  const w = normalisedWeights(weights, rows.length);
  return Array.from({ length: rows[0].length }, (_, k) => rows.reduce((s, row, m) => s + w[m] * row[k], 0));
}

/** What the check needs to know of each member. */
export interface MemberFacts {
  version: string;
  task: ModelCard['task'];
  modelFormat: ModelCard['modelFormat'];
  classNames: readonly string[];
  tta: TtaSet;
  /** A sequence version labels whole series, not the batches an average is predicted in. */
  sequence?: boolean;
}

/** Why these versions cannot be averaged, naming them; null when they can. */
export function ensembleProblem(members: readonly MemberFacts[]): string | null {
  if (members.length < 2) return `an average needs at least two versions, got ${members.length}`;
  const names = members.map((m) => m.version);
  const twice = names.find((n, i) => names.indexOf(n) !== i);
  if (twice) return `${twice} is named twice; give each version once and weigh it instead`;
  const tasks = [...new Set(members.map((m) => m.task))];
  if (tasks.length > 1) {
    const byTask = tasks.map((t) => `${members.filter((m) => m.task === t).map((m) => m.version).join(', ')} (${t})`);
    return `versions of one task only can be averaged: ${byTask.join(' and ')}`;
  }
  const nested = members.find((m) => m.modelFormat === 'ensemble');
  if (nested) return `${nested.version} is an ensemble itself; average its members instead`;
  const sequence = members.find((m) => m.sequence);
  if (sequence) return `${sequence.version} is a sequence model over whole series; average CNN versions instead`;
  const first = members[0];
  const order = members.find((m) => m.classNames.join('\u0000') !== first.classNames.join('\u0000'));
  if (order) return `${first.version} and ${order.version} name their classes differently (${first.classNames.join(', ')} against ${order.classNames.join(', ')}), so their outputs do not line up`;
  return null;
}

/**
 * The ensemble's own card: the first member's classes, input and post-processing (steel thresholds, min-areas,
 * presence gates; CT thresholds) — tuned for the ensemble later like any version's — and its members. CT
 * calibration is each member's own, applied before averaging, so the ensemble starts without one.
 */
export function ensembleCard(first: ModelCard, members: readonly EnsembleMember[], name?: string): ModelCard {
  const { onnx: _onnx, architectureOptions: _options, provenance: _provenance, ...rest } = first;
  const base = { ...rest, ...(name ? { name } : {}), architecture: 'ensemble', modelFormat: 'ensemble' as const, tta: 'none' as const, ensemble: { members: members.map((m) => ({ ...m })) } };
  if (base.task === 'ct') {
    const { calibration: _calibration, ...ct } = base;
    return ct as ModelCard;
  }
  return base as ModelCard;
}

/** A member's words in lists: "steel-2 ×0.50 hflip" (a fold member by its folder). */
export function describeMember(m: Pick<EnsembleMember, 'version' | 'dir' | 'weight' | 'tta'>): string {
  return `${m.version ?? m.dir} ×${m.weight.toFixed(2)} ${m.tta}`;
}
