// SliceViewport: draws a CT slice under a window on a canvas — one window, the RGB composite, or the 2×2 of
// brain, subdural, soft tissue and composite — with zoom and pan shared by every pane. A plain class, wrapped
// by exactly one Vue component (SliceViewer.vue). Drawing is synchronous: a window change repaints within
// the pointer event that caused it, through the windowing table into an ImageData.
//
//   new SliceViewport(canvas, callbacks)
//   setSlice(slice | null)        the slice to show (drawn at once; canvas[data-shown] = its item id)
//   setMode('single' | 'composite' | 'grid')
//   setWindow({ center, width })  the single window
//   setTool('pan' | 'ruler')      what a left drag does: pan, or draw the ruler
//   setRuler(line | null)         the ruler to show (on its own slice only)
//   fit() · zoomBy(factor) · resize()
//   destroy()
//
// Pointer: right-drag = window/level (single mode), left or middle drag = pan (left draws the ruler while
// that tool is on), wheel = scroll slices, Ctrl/⌘ + wheel = zoom at the pointer, double-click = fit. Moving
// over the slice reports the slice point under the pointer (onPointer), for the HU readout.
import { WINDOW_PRESETS, dragWindow, type WindowLevel } from '../../../../../shared/window-level';
import type { CtViewMode } from '../../../../../shared/api/ct-types';
import { formatMeasurement, measure, type SlicePoint } from '../../../../../shared/slice-geometry';
import type { CtSlice } from './SliceCache';
import { zoomOffset, zoomedScale } from '../../../canvas/zoom';
import { GRID_PANES, Pane, type PaneContent } from './Pane';
import { clampToSlice, paneTransform, toSlice, type Cell, type PaneTransform } from './paneView';
import { drawRuler } from './rulerDrawing';

export { GRID_PANES, type PaneContent };

/** A line measured on one slice, in slice pixels. */
export interface RulerLine {
  itemId: number;
  a: SlicePoint;
  b: SlicePoint;
}

export type ViewportTool = 'pan' | 'ruler';

export interface SliceViewportCallbacks {
  /** A right-drag moved the window (live, every event); `done` on release. */
  onWindow?: (window: WindowLevel, done: boolean) => void;
  /** The wheel asked for the next (+1) or previous (−1) slice. */
  onScroll?: (delta: number) => void;
  /** Zoom changed: the scale of the first pane (screen pixels per slice pixel). */
  onView?: (scale: number) => void;
  /** The slice point under the pointer as it moves (null when it leaves the canvas or there is no slice). */
  onPointer?: (point: SlicePoint | null) => void;
  /** The ruler being drawn (every move) and drawn (`done`); null when a click without a drag cleared it. */
  onRuler?: (line: RulerLine | null, done: boolean) => void;
}

const MIN_ZOOM = 0.1;
const MAX_ZOOM = 40;
const MARGIN = 8;

export class SliceViewport {
  private slice: CtSlice | null = null;
  private mode: CtViewMode = 'single';
  private window: WindowLevel = { ...WINDOW_PRESETS.brain };
  private readonly panes: Pane[] = [];
  private zoom = 1;
  private panX = 0;
  private panY = 0;
  private tool: ViewportTool = 'pan';
  private ruler: RulerLine | null = null;
  private drag: { kind: 'pan' | 'window' | 'ruler'; x: number; y: number; id: number; start: WindowLevel; panX: number; panY: number } | null = null;
  private readonly context: CanvasRenderingContext2D;
  private readonly abort = new AbortController();

  constructor(
    private readonly canvas: HTMLCanvasElement,
    private readonly callbacks: SliceViewportCallbacks = {},
  ) {
    const context = canvas.getContext('2d', { alpha: false });
    if (!context) throw new Error('this browser cannot draw on a canvas');
    this.context = context;
    const signal = this.abort.signal;
    canvas.addEventListener('pointerdown', (e) => this.onPointerDown(e), { signal });
    canvas.addEventListener('pointermove', (e) => this.onPointerMove(e), { signal });
    canvas.addEventListener('pointerup', (e) => this.onPointerUp(e), { signal });
    canvas.addEventListener('pointercancel', (e) => this.onPointerUp(e), { signal });
    canvas.addEventListener('pointerleave', () => this.callbacks.onPointer?.(null), { signal });
    canvas.addEventListener('contextmenu', (e) => e.preventDefault(), { signal });
    canvas.addEventListener('wheel', (e) => this.onWheel(e), { passive: false, signal });
    canvas.addEventListener('dblclick', () => this.fit(), { signal });
    this.resize();
  }

  setSlice(slice: CtSlice | null): void {
    const resized = slice !== null && (this.slice?.width !== slice.width || this.slice?.height !== slice.height);
    this.slice = slice;
    this.repaint();
    if (resized) this.callbacks.onView?.(this.transformIn(this.cells()[0]).scale); // the fit scale follows the slice's size
  }

  setMode(mode: CtViewMode): void {
    if (mode === this.mode) return;
    this.mode = mode;
    this.repaint();
  }

  setWindow(window: WindowLevel): void {
    if (window.center === this.window.center && window.width === this.window.width) return;
    this.window = { center: window.center, width: window.width };
    if (this.mode === 'single') this.repaint();
  }

  setTool(tool: ViewportTool): void {
    this.tool = tool;
    this.canvas.dataset.tool = tool;
  }

  setRuler(line: RulerLine | null): void {
    if (line === this.ruler) return;
    this.ruler = line;
    this.compose();
  }

  /** The whole slice in view, centred, in every pane. */
  fit(): void {
    this.zoom = 1;
    this.panX = 0;
    this.panY = 0;
    this.viewChanged();
  }

  zoomBy(factor: number, x?: number, y?: number): void {
    const next = zoomedScale(this.zoom, factor, MIN_ZOOM, MAX_ZOOM);
    const applied = next / this.zoom;
    // Keep the slice point under (x, y) where it is (the cell's centre by default).
    const at = x === undefined || y === undefined ? null : this.cellAt(x, y);
    const dx = at ? x! - at.cx : 0;
    const dy = at ? y! - at.cy : 0;
    this.panX = zoomOffset(this.panX, dx, applied);
    this.panY = zoomOffset(this.panY, dy, applied);
    this.zoom = next;
    this.viewChanged();
  }

  resize(): void {
    const box = this.canvas.getBoundingClientRect();
    const width = Math.max(1, Math.round(box.width * devicePixelRatio));
    const height = Math.max(1, Math.round(box.height * devicePixelRatio));
    if (width === this.canvas.width && height === this.canvas.height) return;
    this.canvas.width = width;
    this.canvas.height = height;
    this.viewChanged();
  }

  destroy(): void {
    this.abort.abort();
    this.slice = null;
  }

  /** Paints the panes the mode needs from the slice, then composes them. */
  private repaint(): void {
    const slice = this.slice;
    if (slice) {
      const contents = this.contents();
      while (this.panes.length < contents.length) this.panes.push(new Pane());
      contents.forEach((content, i) => this.panes[i].paint(slice, content));
    }
    this.compose();
  }

  private contents(): PaneContent[] {
    if (this.mode === 'grid') return GRID_PANES.map((p) => p.content);
    if (this.mode === 'composite') return [{ kind: 'composite' }];
    return [{ kind: 'window', window: this.window }];
  }

  /** The screen cells of the panes (canvas pixels). */
  private cells(): Cell[] {
    const { width, height } = this.canvas;
    if (this.mode !== 'grid') return [{ x: 0, y: 0, w: width, h: height }];
    const w = Math.floor(width / 2);
    const h = Math.floor(height / 2);
    return [
      { x: 0, y: 0, w, h },
      { x: w, y: 0, w: width - w, h },
      { x: 0, y: h, w, h: height - h },
      { x: w, y: h, w: width - w, h: height - h },
    ];
  }

  private cellAt(x: number, y: number) {
    const cells = this.cells();
    const cell = cells.find((c) => x >= c.x && x < c.x + c.w && y >= c.y && y < c.y + c.h) ?? cells[0];
    return { ...cell, cx: cell.x + cell.w / 2, cy: cell.y + cell.h / 2 };
  }

  /** Where the slice sits in a pane (canvas pixels); what is drawn and what the pointer reads agree through it. */
  private transformIn(cell: Cell): PaneTransform {
    const size = this.slice ?? { width: 1, height: 1 };
    return paneTransform(cell, size, this.zoom, this.panX, this.panY, MARGIN * devicePixelRatio);
  }

  /** The slice point under a pointer event, in the pane it is over. */
  private slicePoint(e: PointerEvent): SlicePoint | null {
    if (!this.slice) return null;
    const { x, y } = this.point(e);
    return toSlice(this.transformIn(this.cellAt(x, y)), x, y);
  }

  private compose(): void {
    const c = this.context;
    c.setTransform(1, 0, 0, 1, 0, 0);
    c.fillStyle = '#000';
    c.fillRect(0, 0, this.canvas.width, this.canvas.height);
    const slice = this.slice;
    if (!slice) {
      delete this.canvas.dataset.shown;
      return;
    }
    const cells = this.cells();
    const ruler = this.ruler?.itemId === slice.itemId ? this.ruler : null;
    const label = ruler ? formatMeasurement(measure(ruler.a, ruler.b, slice.geometry?.pixelSpacing ?? null)) : '';
    cells.forEach((cell, i) => {
      const t = this.transformIn(cell);
      c.save();
      c.beginPath();
      c.rect(cell.x, cell.y, cell.w, cell.h);
      c.clip();
      c.setTransform(t.scale, 0, 0, t.scale, t.x, t.y);
      // Past 2× the pixels are what is being inspected: show them as squares, not blurred.
      c.imageSmoothingEnabled = t.scale < 2;
      c.drawImage(this.panes[i].canvas, 0, 0);
      c.setTransform(1, 0, 0, 1, 0, 0);
      if (ruler) drawRuler(c, t, ruler.a, ruler.b, label, devicePixelRatio);
      c.restore();
    });
    const first = this.transformIn(cells[0]);
    this.canvas.dataset.transform = `${first.scale},${first.x},${first.y}`;
    if (cells.length > 1) {
      c.fillStyle = '#2b333d';
      c.fillRect(cells[1].x - 1, 0, 2, this.canvas.height);
      c.fillRect(0, cells[2].y - 1, this.canvas.width, 2);
    }
    this.canvas.dataset.shown = String(slice.itemId);
    this.canvas.dataset.view = this.mode === 'single' ? `${this.window.center}/${this.window.width}` : this.mode;
  }

  private viewChanged(): void {
    if (this.slice) this.callbacks.onView?.(this.transformIn(this.cells()[0]).scale);
    this.compose();
  }

  private point(e: PointerEvent | WheelEvent | MouseEvent): { x: number; y: number } {
    const box = this.canvas.getBoundingClientRect();
    return { x: (e.clientX - box.left) * devicePixelRatio, y: (e.clientY - box.top) * devicePixelRatio };
  }

  private onPointerDown(e: PointerEvent): void {
    if (this.drag) return;
    const kind = e.button === 2 ? 'window' : e.button === 0 && this.tool === 'ruler' && this.slice ? 'ruler' : e.button === 0 || e.button === 1 ? 'pan' : null;
    if (!kind || (kind === 'window' && this.mode !== 'single')) return;
    e.preventDefault();
    try {
      this.canvas.setPointerCapture(e.pointerId);
    } catch {
      // a pointer the browser does not track (synthetic events): the drag still works inside the canvas
    }
    this.drag = { kind, x: e.clientX, y: e.clientY, id: e.pointerId, start: { ...this.window }, panX: this.panX, panY: this.panY };
    if (kind === 'ruler') {
      const a = clampToSlice(this.slicePoint(e)!, this.slice!);
      this.ruler = { itemId: this.slice!.itemId, a, b: a };
      this.compose();
      this.callbacks.onRuler?.(this.ruler, false);
    }
    this.canvas.style.cursor = kind === 'pan' ? 'grabbing' : 'crosshair';
  }

  private onPointerMove(e: PointerEvent): void {
    const drag = this.drag;
    this.callbacks.onPointer?.(this.slicePoint(e));
    if (!drag || e.pointerId !== drag.id) return;
    if (drag.kind === 'ruler') {
      if (!this.ruler || !this.slice) return;
      this.ruler = { ...this.ruler, b: clampToSlice(this.slicePoint(e)!, this.slice) };
      this.compose();
      this.callbacks.onRuler?.(this.ruler, false);
      return;
    }
    const dx = e.clientX - drag.x;
    const dy = e.clientY - drag.y;
    if (drag.kind === 'pan') {
      this.panX = drag.panX + dx * devicePixelRatio;
      this.panY = drag.panY + dy * devicePixelRatio;
      this.compose();
      return;
    }
    const next = dragWindow(drag.start, dx, dy);
    if (next.center === this.window.center && next.width === this.window.width) return;
    this.window = next;
    this.repaint();
    this.callbacks.onWindow?.(next, false);
  }

  private onPointerUp(e: PointerEvent): void {
    const drag = this.drag;
    if (!drag || e.pointerId !== drag.id) return;
    this.drag = null;
    this.canvas.style.cursor = '';
    if (drag.kind === 'window') this.callbacks.onWindow?.({ ...this.window }, true);
    if (drag.kind === 'ruler' && this.ruler) {
      // A click without a drag measures nothing: it takes the ruler away.
      const { a, b } = this.ruler;
      if (Math.hypot(b.x - a.x, b.y - a.y) * this.transformIn(this.cells()[0]).scale < 3 * devicePixelRatio) this.ruler = null;
      this.compose();
      this.callbacks.onRuler?.(this.ruler, true);
    }
  }

  private onWheel(e: WheelEvent): void {
    e.preventDefault();
    if (e.ctrlKey || e.metaKey) {
      const { x, y } = this.point(e);
      this.zoomBy(Math.exp(-e.deltaY * 0.0015), x, y);
      return;
    }
    if (e.deltaY !== 0) this.callbacks.onScroll?.(e.deltaY > 0 ? 1 : -1);
  }
}
