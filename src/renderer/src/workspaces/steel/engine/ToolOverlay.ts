// What a tool shows above the strip while it works — the brush's outline under the pointer, a polygon
// being drawn — as light DOM elements over the canvas, so that moving them never redraws the canvas.
import type { Point } from '../../../../../shared/mask-edit/brush';
import { toScreen, type View } from './view';

const SVG = 'http://www.w3.org/2000/svg';

export class ToolOverlay {
  private readonly ring: HTMLDivElement;
  private readonly svg: SVGSVGElement;
  private readonly outline: SVGPolylineElement;
  private readonly rubber: SVGLineElement;
  private readonly corners: SVGGElement;
  private polygon: readonly Point[] | null = null;
  private next: Point | null = null;

  constructor(host: HTMLElement) {
    this.ring = document.createElement('div');
    this.ring.className = 'steel-brush-ring';
    this.ring.setAttribute('aria-hidden', 'true');
    this.svg = document.createElementNS(SVG, 'svg');
    this.svg.setAttribute('class', 'steel-tool-shapes');
    this.svg.setAttribute('aria-hidden', 'true');
    this.outline = document.createElementNS(SVG, 'polyline');
    this.rubber = document.createElementNS(SVG, 'line');
    this.rubber.setAttribute('class', 'rubber');
    this.corners = document.createElementNS(SVG, 'g');
    this.svg.append(this.outline, this.rubber, this.corners);
    host.append(this.svg, this.ring);
    this.hideRing();
  }

  /** The brush outline: a circle of `radius` image pixels around the pointer (screen coordinates). */
  showRing(sx: number, sy: number, radius: number, view: View, erasing: boolean): void {
    const d = Math.max(4, 2 * radius * view.scale);
    const style = this.ring.style;
    style.width = `${d}px`;
    style.height = `${d}px`;
    style.transform = `translate(${sx - d / 2}px, ${sy - d / 2}px)`;
    style.display = 'block';
    this.ring.classList.toggle('erasing', erasing);
  }

  hideRing(): void {
    this.ring.style.display = 'none';
  }

  setPolygon(points: readonly Point[] | null, next: Point | null, view: View): void {
    this.polygon = points;
    this.next = next;
    this.layout(view);
  }

  /** Places the polygon for the current view (after zoom or pan). */
  layout(view: View): void {
    const points = this.polygon;
    if (!points || points.length === 0) {
      this.svg.style.display = 'none';
      return;
    }
    this.svg.style.display = 'block';
    const screen = points.map((p) => toScreen(view, p));
    this.outline.setAttribute('points', screen.map((p) => `${p.x},${p.y}`).join(' '));
    const last = screen[screen.length - 1];
    const next = this.next ? toScreen(view, this.next) : last;
    this.rubber.setAttribute('x1', String(last.x));
    this.rubber.setAttribute('y1', String(last.y));
    this.rubber.setAttribute('x2', String(next.x));
    this.rubber.setAttribute('y2', String(next.y));
    // Corners of a clicked polygon (a freehand outline has too many to mark).
    this.corners.replaceChildren();
    if (screen.length <= 64) {
      screen.forEach((p, i) => {
        const dot = document.createElementNS(SVG, 'circle');
        dot.setAttribute('cx', String(p.x));
        dot.setAttribute('cy', String(p.y));
        dot.setAttribute('r', i === 0 ? '4.5' : '3');
        if (i === 0) dot.setAttribute('class', 'first');
        this.corners.append(dot);
      });
    }
  }

  destroy(): void {
    this.ring.remove();
    this.svg.remove();
  }
}
