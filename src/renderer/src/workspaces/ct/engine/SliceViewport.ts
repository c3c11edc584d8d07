// SliceViewport: draws a CT slice under a window on a canvas — one window, the RGB composite, or the 2×2 of
// brain, subdural, soft tissue and composite — with zoom and pan shared by every pane. A plain class, wrapped
// by exactly one Vue component (SliceViewer.vue). Drawing is synchronous: a window change repaints within
// the pointer event that caused it, through the windowing table into an ImageData.
//
//   new SliceViewport(canvas, callbacks)
//   setSlice(slice | null)        the slice to show (drawn at once; canvas[data-shown] = its item id)
//   setMode('single' | 'composite' | 'grid')
//   setWindow({ center, width })  the single window
//   fit() · zoomBy(factor) · resize()
//   destroy()
//
// Pointer: right-drag = window/level (single mode), left or middle drag = pan, wheel = scroll slices,
// Ctrl/⌘ + wheel = zoom at the pointer, double-click = fit.
import { WINDOW_PRESETS, WindowPainter, compositeRgba, dragWindow, type WindowLevel } from '../../../../../shared/window-level';
import type { CtViewMode } from '../../../../../shared/api/ct-types';
import type { CtSlice } from './SliceCache';
import { fitScale, zoomOffset, zoomedScale } from '../../../canvas/zoom';

export interface SliceViewportCallbacks {
  /** A right-drag moved the window (live, every event); `done` on release. */
  onWindow?: (window: WindowLevel, done: boolean) => void;
  /** The wheel asked for the next (+1) or previous (−1) slice. */
  onScroll?: (delta: number) => void;
  /** Zoom changed: the scale of the first pane (screen pixels per slice pixel). */
  onView?: (scale: number) => void;
}

/** What one pane shows. */
export type PaneContent = { kind: 'window'; window: WindowLevel } | { kind: 'composite' };

/** The panes of the 2×2 view, in reading order. */
export const GRID_PANES: readonly { name: string; content: PaneContent }[] = [
  { name: 'Brain', content: { kind: 'window', window: WINDOW_PRESETS.brain } },
  { name: 'Subdural', content: { kind: 'window', window: WINDOW_PRESETS.subdural } },
  { name: 'Soft tissue', content: { kind: 'window', window: WINDOW_PRESETS.soft } },
  { name: 'Composite', content: { kind: 'composite' } },
];

const MIN_ZOOM = 0.1;
const MAX_ZOOM = 40;
const MARGIN = 8;

/**
 * One pane's picture at slice resolution. Two canvases take turns: writing into the one the viewport did not
 * just draw from never waits for that draw to be rasterised (a repaint per drag event stays cheap).
 */
class Pane {
  private readonly canvases = [document.createElement('canvas'), document.createElement('canvas')];
  private readonly contexts = this.canvases.map((c) => c.getContext('2d', { alpha: false })!);
  private front = 0;
  private image: ImageData | null = null;
  private words: Uint32Array | null = null;
  private readonly painter = new WindowPainter();

  /** The canvas that holds the latest picture. */
  get canvas(): HTMLCanvasElement {
    return this.canvases[this.front];
  }

  paint(slice: CtSlice, content: PaneContent): void {
    if (!this.image || this.image.width !== slice.width || this.image.height !== slice.height) {
      for (const c of this.canvases) {
        c.width = slice.width;
        c.height = slice.height;
      }
      this.image = this.contexts[0].createImageData(slice.width, slice.height);
      this.words = new Uint32Array(this.image.data.buffer, this.image.data.byteOffset, slice.width * slice.height);
    }
    if (content.kind === 'composite') compositeRgba(slice.hu, new Uint8Array(this.image.data.buffer, this.image.data.byteOffset, this.image.data.length));
    else this.painter.paint(slice.hu, slice.range, content.window, this.words!);
    this.front = 1 - this.front;
    this.contexts[this.front].putImageData(this.image, 0, 0);
  }
}

export class SliceViewport {
  private slice: CtSlice | null = null;
  private mode: CtViewMode = 'single';
  private window: WindowLevel = { ...WINDOW_PRESETS.brain };
  private readonly panes: Pane[] = [];
  private zoom = 1;
  private panX = 0;
  private panY = 0;
  private drag: { kind: 'pan' | 'window'; x: number; y: number; id: number; start: WindowLevel; panX: number; panY: number } | null = null;
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
    canvas.addEventListener('contextmenu', (e) => e.preventDefault(), { signal });
    canvas.addEventListener('wheel', (e) => this.onWheel(e), { passive: false, signal });
    canvas.addEventListener('dblclick', () => this.fit(), { signal });
    this.resize();
  }

  setSlice(slice: CtSlice | null): void {
    this.slice = slice;
    this.repaint();
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
  private cells(): { x: number; y: number; w: number; h: number }[] {
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

  private scaleIn(cell: { w: number; h: number }): number {
    if (!this.slice) return 1;
    return fitScale(this.slice, { width: cell.w, height: cell.h }, MARGIN * devicePixelRatio) * this.zoom;
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
    cells.forEach((cell, i) => {
      const scale = this.scaleIn(cell);
      c.save();
      c.beginPath();
      c.rect(cell.x, cell.y, cell.w, cell.h);
      c.clip();
      const x = cell.x + cell.w / 2 + this.panX - (slice.width * scale) / 2;
      const y = cell.y + cell.h / 2 + this.panY - (slice.height * scale) / 2;
      c.setTransform(scale, 0, 0, scale, x, y);
      // Past 2× the pixels are what is being inspected: show them as squares, not blurred.
      c.imageSmoothingEnabled = scale < 2;
      c.drawImage(this.panes[i].canvas, 0, 0);
      c.restore();
    });
    if (cells.length > 1) {
      c.fillStyle = '#2b333d';
      c.fillRect(cells[1].x - 1, 0, 2, this.canvas.height);
      c.fillRect(0, cells[2].y - 1, this.canvas.width, 2);
    }
    this.canvas.dataset.shown = String(slice.itemId);
    this.canvas.dataset.view = this.mode === 'single' ? `${this.window.center}/${this.window.width}` : this.mode;
  }

  private viewChanged(): void {
    this.callbacks.onView?.(this.scaleIn(this.cells()[0]));
    this.compose();
  }

  private point(e: PointerEvent | WheelEvent): { x: number; y: number } {
    const box = this.canvas.getBoundingClientRect();
    return { x: (e.clientX - box.left) * devicePixelRatio, y: (e.clientY - box.top) * devicePixelRatio };
  }

  private onPointerDown(e: PointerEvent): void {
    if (this.drag) return;
    const kind = e.button === 2 ? 'window' : e.button === 0 || e.button === 1 ? 'pan' : null;
    if (!kind || (kind === 'window' && this.mode !== 'single')) return;
    e.preventDefault();
    try {
      this.canvas.setPointerCapture(e.pointerId);
    } catch {
      // a pointer the browser does not track (synthetic events): the drag still works inside the canvas
    }
    this.drag = { kind, x: e.clientX, y: e.clientY, id: e.pointerId, start: { ...this.window }, panX: this.panX, panY: this.panY };
    this.canvas.style.cursor = kind === 'window' ? 'crosshair' : 'grabbing';
  }

  private onPointerMove(e: PointerEvent): void {
    const drag = this.drag;
    if (!drag || e.pointerId !== drag.id) return;
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
