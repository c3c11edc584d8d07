// How `loupe queue` and `loupe qa` read in a terminal: aligned tables with the figures a person compares
// side by side (model beside baseline, per class), every number formatted as the UI formats it.
import type { QaModelView, QaSummary, QueueView } from '../../shared/api/loop-types';
import { formatCount, formatDelta, formatProbability, formatScore } from '../../shared/ml/loop/reason-text';

/** Columns padded to their widest cell; `right` columns (numbers) are right-aligned. */
export function textTable(rows: readonly (readonly string[])[], right: ReadonlySet<number> = new Set()): string {
  const widths: number[] = [];
  for (const row of rows) row.forEach((cell, i) => (widths[i] = Math.max(widths[i] ?? 0, cell.length)));
  return rows
    .map((row) => row.map((cell, i) => (i === row.length - 1 && !right.has(i) ? cell : right.has(i) ? cell.padStart(widths[i]) : cell.padEnd(widths[i]))).join('  ').trimEnd())
    .join('\n');
}

const STRATEGY_NAMES: Record<string, string> = {
  disagreement: 'Disagreement',
  uncertainty: 'Uncertainty',
  ensemble: 'Ensemble',
  random: 'Random',
  order: 'Dataset-order',
};

function orderText(view: QueueView): string {
  const o = view.order;
  if (o.by === 'ensemble') return `${o.model} against ${o.against}`;
  if (o.by === 'random') return `seed ${o.seed}`;
  if (o.model) return `model ${o.model}`;
  return 'no model';
}

export function queueText(view: QueueView): string {
  const head = `${STRATEGY_NAMES[view.order.by]} queue of "${view.dataset}" (${orderText(view)}): ${formatCount(view.total)} items, ${formatCount(view.scored)} scored` +
    (view.rows.length < view.total ? `; the first ${formatCount(view.rows.length)}` : '');
  if (view.rows.length === 0) return head;
  const rows = [['rank', 'key', 'score', 'reason'], ...view.rows.map((r) => [String(r.rank), r.key, r.score === null ? '-' : formatScore(r.score), r.reason])];
  return `${head}\n${textTable(rows, new Set([0, 2]))}`;
}

const confusionCells = (c: { tp: number; fp: number; fn: number; tn: number }) => [c.tp, c.fp, c.fn, c.tn].map(String);

function modelTitle(m: QaModelView, unit: string): string {
  const flags = [m.active ? 'active' : null, m.parentVersion ? `parent ${m.parentVersion}` : null].filter(Boolean).join(', ');
  const missing = m.missing ? ` (${formatCount(m.missing)} reviewed ${unit} it has not predicted are left out)` : '';
  return `Model ${m.version}${flags ? ` (${flags})` : ''} on ${formatCount(m.items)} reviewed ${unit}${missing}`;
}

function steelModelText(m: QaModelView): string[] {
  const s = m.steel!;
  const rows = [
    ['class', 'mean Dice', 'empty baseline', 'model − baseline', 'with class', 'TP', 'FP', 'FN', 'TN'],
    ...s.perClass.map((c) => [String(c.classId), formatScore(c.dice), formatScore(c.emptyBaseline), formatDelta(c.dice - c.emptyBaseline), formatCount(c.labelled), ...confusionCells(c.confusion)]),
    ['all', formatScore(s.dice), formatScore(s.emptyBaseline), formatDelta(s.dice - s.emptyBaseline), '', '', '', '', ''],
  ];
  return [modelTitle(m, 'strips'), indent(textTable(rows, new Set([1, 2, 3, 4, 5, 6, 7, 8])))];
}

function ctModelText(m: QaModelView): string[] {
  const c = m.ct!;
  const rows = [
    ['label', 'log loss', 'base rate (this set)', 'RSNA base rate', 'TP', 'FP', 'FN', 'TN'],
    ...c.perLabel.map((l) => [
      l.label,
      formatScore(l.logLoss),
      `${formatScore(l.baseRateLogLoss)} (p ${formatProbability(l.prevalence)})`,
      `${formatScore(l.rsnaBaseRateLogLoss)} (p ${formatProbability(l.rsnaBaseRate)})`,
      ...confusionCells(l.confusion),
    ]),
    ['weighted', formatScore(c.logLoss), formatScore(c.baseRateLogLoss), formatScore(c.rsnaBaseRateLogLoss), '', '', '', ''],
  ];
  return [`${modelTitle(m, 'slices')}; lower log loss is better`, indent(textTable(rows, new Set([1, 2, 3, 4, 5, 6, 7])))];
}

const indent = (text: string) => text.replace(/^/gm, '  ');

export function qaText(qa: QaSummary): string {
  const p = qa.progress;
  const unit = qa.kind === 'severstal' ? 'strips' : 'slices';
  const lines = [
    `QA of "${qa.dataset}": ${formatCount(p.counted)} of ${formatCount(p.total)} ${unit} counted`,
    qa.rule,
    `Review progress: ${formatCount(p.byState.approved)} approved · ${formatCount(p.byState.flagged)} flagged · ${formatCount(p.byState.in_progress)} in progress · ${formatCount(p.byState.unreviewed)} unreviewed`,
  ];
  if (qa.models.length === 0) lines.push('', p.counted ? `No model has predicted the reviewed ${unit} yet: pre-annotate the dataset.` : `Nothing is counted yet: approve some ${unit} first.`);
  for (const m of qa.models) {
    lines.push('', ...(m.items === 0 ? [`Model ${m.version} has not predicted any reviewed ${unit}.`] : qa.kind === 'severstal' ? steelModelText(m) : ctModelText(m)));
    if (m.worst.length) {
      lines.push(`  Worst ${unit}:`, indent(indent(textTable(m.worst.map((w) => [w.key, formatScore(w.score), w.reason]), new Set([1])))));
    }
  }
  const t = qa.throughput;
  lines.push('', `Throughput per annotator per day (${qa.timeZone}):`);
  if (t.rows.length === 0) lines.push('  no approvals or flags yet');
  else lines.push(indent(textTable([['day', 'annotator', 'approved', 'flagged'], ...t.rows.map((r) => [r.day, r.author, String(r.approved), String(r.flagged)])], new Set([2, 3]))));
  return lines.join('\n');
}
