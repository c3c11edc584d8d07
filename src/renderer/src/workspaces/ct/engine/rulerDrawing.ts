// Draws the ruler over a pane of the viewport: the line with a tick across each end and its length beside
// it, dark-edged so it reads on bone and air alike. Sizes are in CSS pixels times the device pixel ratio.
import { toCanvas, type PaneTransform } from './paneView';
import type { SlicePoint } from '../../../../../shared/slice-geometry';

const COLOUR = '#ffd23f';

export function drawRuler(c: CanvasRenderingContext2D, t: PaneTransform, a: SlicePoint, b: SlicePoint, label: string, dpr: number): void {
  const p = toCanvas(t, a);
  const q = toCanvas(t, b);
  const length = Math.hypot(q.x - p.x, q.y - p.y);
  // A unit vector across the line for the end ticks (any direction for a line still a point).
  const nx = length > 0 ? -(q.y - p.y) / length : 0;
  const ny = length > 0 ? (q.x - p.x) / length : 1;
  const tick = 6 * dpr;
  c.save();
  c.lineCap = 'round';
  const path = () => {
    c.beginPath();
    c.moveTo(p.x, p.y);
    c.lineTo(q.x, q.y);
    for (const e of [p, q]) {
      c.moveTo(e.x - nx * tick, e.y - ny * tick);
      c.lineTo(e.x + nx * tick, e.y + ny * tick);
    }
  };
  path();
  c.strokeStyle = 'rgba(0, 0, 0, 0.75)';
  c.lineWidth = 4 * dpr;
  c.stroke();
  path();
  c.strokeStyle = COLOUR;
  c.lineWidth = 1.6 * dpr;
  c.stroke();
  c.font = `600 ${12 * dpr}px system-ui, sans-serif`;
  c.textBaseline = 'middle';
  const end = q.x >= p.x ? q : p;
  const x = end.x + 10 * dpr;
  c.lineWidth = 3 * dpr;
  c.strokeStyle = 'rgba(0, 0, 0, 0.85)';
  c.strokeText(label, x, end.y);
  c.fillStyle = COLOUR;
  c.fillText(label, x, end.y);
  c.restore();
}
