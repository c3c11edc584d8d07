// How the learning loop's numbers read in the reasons people see beside a queue row, a QA item or a
// model decision: counts with thousands separators ("5,253 px"), probabilities with two decimals, scores with
// four. Written out by hand (not toLocaleString) so the text is the same on every machine and locale.

/** A whole count with comma thousands separators: 5253 → "5,253". */
export function formatCount(value: number): string {
  const rounded = Math.round(value);
  const digits = String(Math.abs(rounded)).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return rounded < 0 ? `-${digits}` : digits;
}

/** Pixels as a person reads them: "0 px", "5,253 px". */
export function formatPixels(value: number): string {
  return `${formatCount(value)} px`;
}

/** A probability with two decimals; values that would round to 0 or 1 without being 0 or 1 read "<0.01" / ">0.99". */
export function formatProbability(p: number): string {
  if (p > 0 && p < 0.005) return '<0.01';
  if (p < 1 && p > 0.995) return '>0.99';
  return p.toFixed(2);
}

/** A metric value (Dice, log loss) with four decimals, as model comparisons print them. */
export function formatScore(value: number): string {
  return Number.isFinite(value) ? value.toFixed(4) : String(value);
}

/** A signed difference with four decimals: "+0.0123", "-0.0040", "+0.0000". */
export function formatDelta(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  const text = Math.abs(value).toFixed(4);
  return value < 0 && text !== '0.0000' ? `-${text}` : `+${text}`;
}
