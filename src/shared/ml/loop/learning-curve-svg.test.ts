import { describe, expect, it } from 'vitest';
import { escapeXml, learningCurveSvg, niceTicks, type CurvePanel } from './learning-curve-svg';

const panel: CurvePanel = {
  title: 'Steel <generated>',
  metricName: 'held-out mean Dice',
  note: '240 pool & 80 held out',
  curves: [
    { strategy: 'random', points: [{ labels: 0, metric: 0.6 }, { labels: 100, metric: 0.8 }] },
    { strategy: 'uncertainty', points: [{ labels: 100, metric: 0.9 }, { labels: 0, metric: 0.6 }] },
  ],
  guides: [{ label: 'all-empty', value: 0.5 }],
};

/** The numbers of one polyline's points attribute, as [x, y] pairs. */
function polyline(svg: string, strategy: string): number[][] {
  const match = svg.match(new RegExp(`<polyline points="([^"]*)"[^>]*data-strategy="${strategy}"`));
  expect(match, `polyline of ${strategy}`).not.toBeNull();
  return match![1].split(' ').map((p) => p.split(',').map(Number));
}

describe('niceTicks', () => {
  it('steps by 1, 2 or 5 times a power of ten and covers the range', () => {
    expect(niceTicks(0, 100, 5)).toEqual([0, 20, 40, 60, 80, 100]);
    expect(niceTicks(0.52, 0.91, 5)).toEqual([0.6, 0.7, 0.8, 0.9]);
    expect(niceTicks(0, 7, 6)).toEqual([0, 2, 4, 6]);
    expect(niceTicks(3, 3)).toEqual([3]);
    expect(niceTicks(10, 0, 2)).toEqual([0, 5, 10]);
    expect(() => niceTicks(0, Number.NaN)).toThrow(/finite/);
  });
});

describe('learningCurveSvg', () => {
  const svg = learningCurveSvg([panel], { panelWidth: 500, panelHeight: 400 });

  it('draws one line per strategy, sorted by labels, the better curve higher up', () => {
    const random = polyline(svg, 'random');
    const uncertainty = polyline(svg, 'uncertainty');
    expect(random).toHaveLength(2);
    // Sorted by labels: x increases along the line.
    expect(uncertainty[0][0]).toBeLessThan(uncertainty[1][0]);
    // Both start at the same point; at 100 labels uncertainty (0.9) is drawn above random (0.8): smaller y.
    expect(uncertainty[0]).toEqual(random[0]);
    expect(uncertainty[1][1]).toBeLessThan(random[1][1]);
    // x runs over the plot: 0 labels at the left margin (64 px), the most labels at the right (500 − 16).
    expect(random[0][0]).toBe(64);
    expect(random[1][0]).toBe(484);
  });

  it('escapes text and shows the title, note, axis, guide and legend', () => {
    expect(svg).toContain('Steel &lt;generated&gt;');
    expect(svg).toContain('240 pool &amp; 80 held out');
    expect(svg).toContain('held-out mean Dice');
    expect(svg).toContain('labels revealed');
    expect(svg).toContain('all-empty');
    expect(svg).toMatch(/stroke-dasharray/);
    expect(svg).toMatch(/>random<\/text>/);
    expect(svg).toMatch(/>uncertainty<\/text>/);
    expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg" width="500" height="400"')).toBe(true);
  });

  it('puts panels side by side and keeps a strategy colour across panels', () => {
    const two = learningCurveSvg([panel, { ...panel, title: 'CT' }], { panelWidth: 500, panelHeight: 400 });
    expect(two).toMatch(/width="1000"/);
    const colours = [...two.matchAll(/<polyline [^>]*stroke="([^"]+)"[^>]*data-strategy="uncertainty"/g)].map((m) => m[1]);
    expect(colours).toHaveLength(2);
    expect(colours[0]).toBe(colours[1]);
    expect(() => learningCurveSvg([])).toThrow(/at least one panel/);
  });

  it('escapes the five XML characters', () => {
    expect(escapeXml(`a<b>&"c'`)).toBe('a&lt;b&gt;&amp;&quot;c&apos;');
  });
});
