// Learning curves as an SVG document (labels revealed → held-out metric, one line per review strategy, one
// panel per task), for the label-efficiency benchmark's figure. Plain SVG text so the benchmark can rasterise
// it with the image library already in use, with no charting dependency and no DOM.
import type { StrategyCurve } from './label-efficiency';

export interface CurvePanel {
  title: string;
  /** The y axis, e.g. "held-out mean Dice". */
  metricName: string;
  curves: readonly StrategyCurve[];
  /** Dashed horizontal lines with their names, e.g. the all-empty baseline or the reference's final score. */
  guides?: readonly { label: string; value: number }[];
  /** A line of small print under the title (set sizes, K, budget). */
  note?: string;
}

export interface CurveChartOptions {
  /** Width and height of one panel in pixels. */
  panelWidth?: number;
  panelHeight?: number;
}

/** Colours by strategy name, so a strategy has the same colour in every panel; others take the spare ones. */
const STRATEGY_COLOURS: Record<string, string> = { random: '#6b7280', uncertainty: '#2563eb', ensemble: '#d97706', disagreement: '#dc2626' };
const SPARE_COLOURS = ['#059669', '#7c3aed', '#db2777', '#0891b2'];

/** Escapes text for SVG content and attribute values. */
export function escapeXml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[c]!);
}

/** About `count` round tick values covering [min, max] (steps of 1, 2 or 5 × a power of ten), ascending. */
export function niceTicks(min: number, max: number, count = 5): number[] {
  if (!Number.isFinite(min) || !Number.isFinite(max)) throw new RangeError(`ticks need finite bounds, got ${min}…${max}`);
  if (max < min) [min, max] = [max, min];
  if (max === min) return [min];
  const raw = (max - min) / Math.max(1, count);
  const power = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * power).find((s) => s >= raw)!;
  const ticks: number[] = [];
  for (let v = Math.ceil(min / step - 1e-9) * step; v <= max + step * 1e-9; v += step) ticks.push(Number(v.toPrecision(12)));
  return ticks;
}

/** A tick's text with as many decimals as its step needs. */
function tickText(value: number, step: number): string {
  const decimals = Math.max(0, -Math.floor(Math.log10(step) + 1e-9));
  return value.toFixed(decimals);
}

function colourOf(strategy: string, spare: Map<string, string>): string {
  if (STRATEGY_COLOURS[strategy]) return STRATEGY_COLOURS[strategy];
  if (!spare.has(strategy)) spare.set(strategy, SPARE_COLOURS[spare.size % SPARE_COLOURS.length]);
  return spare.get(strategy)!;
}

function panelSvg(panel: CurvePanel, x0: number, width: number, height: number, spare: Map<string, string>): string {
  const margin = { left: 64, right: 16, top: panel.note ? 58 : 40, bottom: 74 };
  const plotW = width - margin.left - margin.right;
  const plotH = height - margin.top - margin.bottom;
  const points = panel.curves.flatMap((c) => c.points);
  const values = [...points.map((p) => p.metric), ...(panel.guides ?? []).map((g) => g.value)].filter(Number.isFinite);
  const labels = points.map((p) => p.labels);
  const xMax = labels.length ? Math.max(...labels) : 1;
  let yMin = values.length ? Math.min(...values) : 0;
  let yMax = values.length ? Math.max(...values) : 1;
  const pad = (yMax - yMin) * 0.08 || 0.05;
  yMin -= pad;
  yMax += pad;
  const xTicks = niceTicks(0, xMax, 6);
  const yTicks = niceTicks(yMin, yMax, 5).filter((v) => v >= yMin && v <= yMax);
  const sx = (v: number) => x0 + margin.left + (xMax > 0 ? (v / xMax) * plotW : 0);
  const sy = (v: number) => margin.top + plotH - ((v - yMin) / (yMax - yMin)) * plotH;
  const f = (v: number) => v.toFixed(1);
  const out: string[] = [];
  out.push(`<text x="${f(x0 + width / 2)}" y="22" text-anchor="middle" font-size="16" font-weight="bold">${escapeXml(panel.title)}</text>`);
  if (panel.note) out.push(`<text x="${f(x0 + width / 2)}" y="42" text-anchor="middle" font-size="11" fill="#4b5563">${escapeXml(panel.note)}</text>`);
  out.push(`<rect x="${f(x0 + margin.left)}" y="${f(margin.top)}" width="${f(plotW)}" height="${f(plotH)}" fill="none" stroke="#9ca3af"/>`);
  const yStep = yTicks.length > 1 ? yTicks[1] - yTicks[0] : 1;
  for (const v of yTicks) {
    out.push(`<line x1="${f(x0 + margin.left)}" x2="${f(x0 + margin.left + plotW)}" y1="${f(sy(v))}" y2="${f(sy(v))}" stroke="#e5e7eb"/>`);
    out.push(`<text x="${f(x0 + margin.left - 6)}" y="${f(sy(v) + 4)}" text-anchor="end" font-size="11">${tickText(v, yStep)}</text>`);
  }
  const xStep = xTicks.length > 1 ? xTicks[1] - xTicks[0] : 1;
  for (const v of xTicks) {
    out.push(`<line x1="${f(sx(v))}" x2="${f(sx(v))}" y1="${f(margin.top + plotH)}" y2="${f(margin.top + plotH + 4)}" stroke="#9ca3af"/>`);
    out.push(`<text x="${f(sx(v))}" y="${f(margin.top + plotH + 17)}" text-anchor="middle" font-size="11">${tickText(v, xStep)}</text>`);
  }
  out.push(`<text x="${f(x0 + margin.left + plotW / 2)}" y="${f(margin.top + plotH + 34)}" text-anchor="middle" font-size="12">labels revealed</text>`);
  out.push(
    `<text transform="translate(${f(x0 + 16)} ${f(margin.top + plotH / 2)}) rotate(-90)" text-anchor="middle" font-size="12">${escapeXml(panel.metricName)}</text>`,
  );
  for (const g of panel.guides ?? []) {
    if (!Number.isFinite(g.value)) continue;
    out.push(`<line x1="${f(x0 + margin.left)}" x2="${f(x0 + margin.left + plotW)}" y1="${f(sy(g.value))}" y2="${f(sy(g.value))}" stroke="#9ca3af" stroke-dasharray="5 4"/>`);
    out.push(`<text x="${f(x0 + margin.left + plotW - 4)}" y="${f(sy(g.value) - 4)}" text-anchor="end" font-size="10" fill="#6b7280">${escapeXml(g.label)}</text>`);
  }
  panel.curves.forEach((curve) => {
    const colour = colourOf(curve.strategy, spare);
    const sorted = [...curve.points].filter((p) => Number.isFinite(p.metric)).sort((a, b) => a.labels - b.labels);
    const path = sorted.map((p) => `${f(sx(p.labels))},${f(sy(p.metric))}`).join(' ');
    out.push(`<polyline points="${path}" fill="none" stroke="${colour}" stroke-width="2.5" data-strategy="${escapeXml(curve.strategy)}"/>`);
    for (const p of sorted) out.push(`<circle cx="${f(sx(p.labels))}" cy="${f(sy(p.metric))}" r="3.5" fill="${colour}"/>`);
  });
  const legendY = margin.top + plotH + 56;
  panel.curves.forEach((curve, i) => {
    const lx = x0 + margin.left + i * 130;
    out.push(`<line x1="${f(lx)}" x2="${f(lx + 22)}" y1="${f(legendY - 4)}" y2="${f(legendY - 4)}" stroke="${colourOf(curve.strategy, spare)}" stroke-width="3"/>`);
    out.push(`<text x="${f(lx + 28)}" y="${f(legendY)}" font-size="12">${escapeXml(curve.strategy)}</text>`);
  });
  return out.join('\n');
}

/** The panels side by side as one SVG document (white background, sans-serif text). */
export function learningCurveSvg(panels: readonly CurvePanel[], options: CurveChartOptions = {}): string {
  if (panels.length === 0) throw new RangeError('a learning-curve chart needs at least one panel');
  const width = options.panelWidth ?? 560;
  const height = options.panelHeight ?? 400;
  const spare = new Map<string, string>();
  const body = panels.map((p, i) => panelSvg(p, i * width, width, height, spare)).join('\n');
  const total = width * panels.length;
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" width="${total}" height="${height}" viewBox="0 0 ${total} ${height}" font-family="DejaVu Sans, Lato, sans-serif">\n` +
    `<rect width="${total}" height="${height}" fill="#ffffff"/>\n${body}\n</svg>\n`
  );
}
