// SeriesStripChart: the whole series at a glance on one canvas — x = slice, one row per label — with the
// current labels as filled cells (the model's draft hatched, since nobody has saved it), the model's probabilities
// as a curve in each row over a dashed line at the card's threshold, review states along the ruler, and the range
// gestures. With the Label tool a drag along a subtype's row (or a shift-click from the current slice) switches that
// subtype on or off over the range; with the Accept-model tool a drag over any row (or a shift-click) accepts the
// model's labels over it. A plain class, wrapped by exactly one Vue component (SeriesStrip.vue); where things are
// is strip-layout.ts.
//
//   new SeriesStripChart(canvas, callbacks)
//   setData(data)        labels, draft marks, probabilities, thresholds, reviews, unsaved marks, the current slice
//   setTool(tool)        'label' or 'accept': what a drag does
//   setLayout(layout)    compact or tall rows; the canvas's CSS height must follow (stripHeight)
//   resize()             after the canvas's box changed size
//   destroy()
import { CT_LABELS, CT_SUBTYPES, type ReviewState } from '../../../../../shared/domain';
import { rangeGesture, type RangeEdit } from '../../../../../shared/ct-series';
import { CT_LABEL_COLOURS, CT_LABEL_SHORT } from '../../../vocabulary';
import { columnWidth, hitTest, probabilityY, rowTop, stripLayout, type StripHit, type StripLayout } from './strip-layout';

export interface StripData {
  /** Labels per slice as shown (unsaved edits, else saved, else the model's draft); null = none of them. */
  bits: readonly (number | null)[];
  /** Slices whose bits are the model's draft, untouched. */
  draft: readonly boolean[];
  dirty: readonly boolean[];
  probabilities: readonly (readonly number[] | null)[];
  /** The model's thresholds (CT_LABELS order), drawn as a line in each row; null without a model. */
  thresholds: readonly number[] | null;
  reviews: readonly ReviewState[];
  current: number;
}

export type StripTool = 'label' | 'accept';

export interface StripCallbacks {
  onNavigate?: (index: number) => void;
  onRangeEdit?: (edit: RangeEdit) => void;
  /** A range dragged (or shift-clicked) with the Accept-model tool, slices from..to. */
  onAcceptRange?: (from: number, to: number) => void;
  /** The pointer is over a slice and row (row −1 = ruler, 6 = the band below), or has left (null). */
  onHover?: (at: StripHit | null) => void;
}

type Drag = { kind: 'range'; row: number; start: number; end: number; id: number } | { kind: 'accept'; start: number; end: number; id: number } | { kind: 'scrub'; id: number; last: number };

const EMPTY: StripData = { bits: [], draft: [], dirty: [], probabilities: [], thresholds: null, reviews: [], current: 0 };
const REVIEW_COLOURS: Partial<Record<ReviewState, string>> = { approved: '#47c98b', flagged: '#f06464', in_progress: '#f0b43c' };
const ACCEPT_COLOUR = '#47c98b';

export class SeriesStripChart {
  private data: StripData = EMPTY;
  private tool: StripTool = 'label';
  private layout: StripLayout = stripLayout(false);
  private drag: Drag | null = null;
  private readonly context: CanvasRenderingContext2D;
  private readonly abort = new AbortController();
  private readonly hatches = new Map<string, CanvasPattern | string>();
  private frame = 0;

  constructor(
    private readonly canvas: HTMLCanvasElement,
    private readonly callbacks: StripCallbacks = {},
  ) {
    this.context = canvas.getContext('2d')!;
    const signal = this.abort.signal;
    canvas.addEventListener('pointerdown', (e) => this.onPointerDown(e), { signal });
    canvas.addEventListener('pointermove', (e) => this.onPointerMove(e), { signal });
    canvas.addEventListener('pointerup', (e) => this.onPointerUp(e), { signal });
    canvas.addEventListener('pointercancel', () => this.cancel(), { signal });
    canvas.addEventListener('pointerleave', () => this.callbacks.onHover?.(null), { signal });
    this.setLayout(this.layout);
  }

  setData(data: StripData): void {
    this.data = data;
    this.canvas.dataset.slices = String(data.bits.length);
    this.requestDraw();
  }

  setTool(tool: StripTool): void {
    this.tool = tool;
    this.canvas.dataset.tool = tool;
    if (this.drag && this.drag.kind !== 'scrub') this.drag = null;
    this.requestDraw();
  }

  setLayout(layout: StripLayout): void {
    this.layout = layout;
    // The layout rides on the canvas as data attributes, for tests and tools.
    this.canvas.dataset.gutter = String(layout.gutter);
    this.canvas.dataset.ruler = String(layout.ruler);
    this.canvas.dataset.rowHeight = String(layout.row);
    this.canvas.dataset.right = String(layout.right);
    this.resize();
  }

  resize(): void {
    const box = this.canvas.getBoundingClientRect();
    const width = Math.max(1, Math.round(box.width * devicePixelRatio));
    const height = Math.max(1, Math.round(box.height * devicePixelRatio));
    if (width !== this.canvas.width || height !== this.canvas.height) {
      this.canvas.width = width;
      this.canvas.height = height;
    }
    this.requestDraw();
  }

  destroy(): void {
    this.abort.abort();
    cancelAnimationFrame(this.frame);
  }

  private width(): number {
    return this.canvas.width / devicePixelRatio;
  }

  private at(e: PointerEvent): StripHit | null {
    const box = this.canvas.getBoundingClientRect();
    return hitTest(this.layout, this.width(), this.data.bits.length, e.clientX - box.left, e.clientY - box.top);
  }

  private onPointerDown(e: PointerEvent): void {
    if (e.button !== 0 || this.drag) return;
    const hit = this.at(e);
    if (!hit) return;
    const { index, row } = hit;
    e.preventDefault();
    const onRows = row >= 0 && row < CT_LABELS.length;
    const accept = this.tool === 'accept' && onRows;
    const isSubtype = this.tool === 'label' && row >= 0 && row < CT_SUBTYPES.length;
    if (e.shiftKey && (accept || isSubtype)) {
      if (accept) this.callbacks.onAcceptRange?.(this.data.current, index);
      else this.callbacks.onRangeEdit?.(rangeGesture(this.bitsNow(), CT_SUBTYPES[row], this.data.current, index));
      return;
    }
    try {
      this.canvas.setPointerCapture(e.pointerId);
    } catch {
      // a pointer the browser does not track (synthetic events)
    }
    if (accept) this.drag = { kind: 'accept', start: index, end: index, id: e.pointerId };
    else if (isSubtype) this.drag = { kind: 'range', row, start: index, end: index, id: e.pointerId };
    else {
      this.drag = { kind: 'scrub', id: e.pointerId, last: index };
      this.callbacks.onNavigate?.(index);
    }
    this.requestDraw();
  }

  private onPointerMove(e: PointerEvent): void {
    const hit = this.at(e);
    this.callbacks.onHover?.(hit?.inside ? hit : null);
    const drag = this.drag;
    if (!hit || !drag || drag.id !== e.pointerId) return;
    if (drag.kind === 'scrub') {
      if (hit.index !== drag.last) {
        drag.last = hit.index;
        this.callbacks.onNavigate?.(hit.index);
      }
    } else if (hit.index !== drag.end) {
      drag.end = hit.index;
      this.requestDraw();
    }
  }

  private onPointerUp(e: PointerEvent): void {
    const drag = this.drag;
    if (!drag || drag.id !== e.pointerId) return;
    this.drag = null;
    if (drag.kind === 'scrub') return;
    if (drag.end === drag.start) this.callbacks.onNavigate?.(drag.start);
    else if (drag.kind === 'accept') this.callbacks.onAcceptRange?.(drag.start, drag.end);
    else this.callbacks.onRangeEdit?.(rangeGesture(this.bitsNow(), CT_SUBTYPES[drag.row], drag.start, drag.end));
    this.requestDraw();
  }

  private cancel(): void {
    this.drag = null;
    this.requestDraw();
  }

  private bitsNow(): number[] {
    return this.data.bits.map((b) => b ?? 0);
  }

  private requestDraw(): void {
    cancelAnimationFrame(this.frame);
    this.frame = requestAnimationFrame(() => this.draw());
  }

  /** Diagonal stripes of a colour: the look of a draft nobody has saved yet. */
  private hatch(colour: string): CanvasPattern | string {
    let pattern = this.hatches.get(colour);
    if (pattern) return pattern;
    const tile = document.createElement('canvas');
    tile.width = tile.height = 6;
    const t = tile.getContext('2d')!;
    t.strokeStyle = colour;
    t.lineWidth = 1.6;
    t.beginPath();
    t.moveTo(-1, 7);
    t.lineTo(7, -1);
    t.moveTo(5, 7);
    t.lineTo(7, 5);
    t.stroke();
    pattern = this.context.createPattern(tile, 'repeat') ?? colour;
    this.hatches.set(colour, pattern);
    return pattern;
  }

  private draw(): void {
    const c = this.context;
    const layout = this.layout;
    const { gutter, ruler, row } = layout;
    const width = this.width();
    const height = this.canvas.height / devicePixelRatio;
    c.setTransform(devicePixelRatio, 0, 0, devicePixelRatio, 0, 0);
    c.fillStyle = '#0d1014';
    c.fillRect(0, 0, width, height);
    const { bits, draft, dirty, probabilities, thresholds, reviews, current } = this.data;
    const count = bits.length;
    const colW = columnWidth(layout, width, count);
    const gap = colW >= 5 ? 1 : 0;
    const xOf = (i: number) => gutter + i * colW;
    c.font = '600 10px ui-monospace, "DejaVu Sans Mono", monospace';
    c.textBaseline = 'middle';

    CT_LABELS.forEach((label, r) => {
      const top = rowTop(layout, r);
      c.fillStyle = r % 2 === 0 ? '#12161b' : '#0f1317';
      c.fillRect(gutter, top, width - gutter, row);
      c.fillStyle = CT_LABEL_COLOURS[label];
      c.fillText(label === 'any' ? 'ANY' : CT_LABEL_SHORT[label], 10, top + row / 2);
      for (let i = 0; i < count; i++) {
        const b = bits[i];
        if (b === null) continue;
        const on = label === 'any' ? b !== 0 : (b & (1 << r)) !== 0;
        if (!on) continue;
        if (draft[i]) {
          c.fillStyle = this.hatch(CT_LABEL_COLOURS[label]);
          c.globalAlpha = 0.9;
        } else {
          c.fillStyle = CT_LABEL_COLOURS[label];
          c.globalAlpha = label === 'any' ? 0.55 : 0.9;
        }
        c.fillRect(xOf(i) + gap, top + 2, Math.max(1, colW - gap), row - 4);
        c.globalAlpha = 1;
      }
    });

    // The card's thresholds: a dashed line in each subtype's row (where the draft says yes above it).
    if (thresholds && count > 0) {
      c.strokeStyle = 'rgba(235, 240, 246, 0.28)';
      c.lineWidth = 1;
      c.setLineDash([3, 3]);
      for (let r = 0; r < CT_SUBTYPES.length; r++) {
        const y = Math.round(probabilityY(layout, r, thresholds[r] ?? 0.5)) + 0.5;
        c.beginPath();
        c.moveTo(gutter, y);
        c.lineTo(xOf(count), y);
        c.stroke();
      }
      c.setLineDash([]);
    }

    // The model's probabilities: one curve per row, 0 at the row's foot and 1 at its head.
    c.lineWidth = row > 24 ? 1.5 : 1.25;
    c.strokeStyle = 'rgba(235, 240, 246, 0.85)';
    CT_LABELS.forEach((_, r) => {
      let open = false;
      c.beginPath();
      for (let i = 0; i < count; i++) {
        const p = probabilities[i]?.[r];
        if (p === undefined) {
          open = false;
          continue;
        }
        const x = xOf(i) + colW / 2;
        const y = probabilityY(layout, r, p);
        if (open) c.lineTo(x, y);
        else c.moveTo(x, y);
        open = true;
      }
      c.stroke();
    });

    // Below the rows: which slices show the model's draft (not saved yet).
    const band = rowTop(layout, CT_LABELS.length);
    c.fillStyle = this.hatch('#c9d2dc');
    for (let i = 0; i < count; i++) if (draft[i]) c.fillRect(xOf(i) + gap, band + 2, Math.max(1, colW - gap), layout.bottom - 3);

    // Ruler: slice numbers, review states and unsaved marks.
    c.fillStyle = '#8794a3';
    c.font = '10px ui-monospace, "DejaVu Sans Mono", monospace';
    c.fillText('SLICE', 10, ruler / 2 - 2);
    const every = [1, 2, 5, 10, 20, 50, 100, 200].find((k) => k * colW >= 26) ?? 500;
    for (let i = 0; i < count; i++) {
      if ((i + 1) % every === 0 || i === 0) c.fillText(String(i + 1), xOf(i) + 1, ruler / 2 - 2);
      const colour = REVIEW_COLOURS[reviews[i]];
      if (colour) {
        c.fillStyle = colour;
        c.fillRect(xOf(i) + gap, ruler - 5, Math.max(1, colW - gap), 3);
        c.fillStyle = '#8794a3';
      }
      if (dirty[i]) {
        c.fillStyle = '#3aa8ff';
        c.beginPath();
        c.arc(xOf(i) + colW / 2, ruler - 10, 2, 0, Math.PI * 2);
        c.fill();
        c.fillStyle = '#8794a3';
      }
    }

    if (count > 0) {
      c.strokeStyle = '#3aa8ff';
      c.lineWidth = 1.5;
      c.strokeRect(xOf(current) + 0.75, 1, Math.max(2, colW - 1.5), band - 1);
    }
    this.drawDrag(xOf, colW, band);
  }

  private drawDrag(xOf: (i: number) => number, colW: number, band: number): void {
    const c = this.context;
    const drag = this.drag;
    const { row } = this.layout;
    if (drag?.kind === 'range') {
      const edit = rangeGesture(this.bitsNow(), CT_SUBTYPES[drag.row], drag.start, drag.end);
      const top = rowTop(this.layout, drag.row);
      c.fillStyle = edit.on ? 'rgba(58, 168, 255, 0.35)' : 'rgba(240, 100, 100, 0.35)';
      c.strokeStyle = edit.on ? '#3aa8ff' : '#f06464';
      c.fillRect(xOf(edit.from), top, (edit.to - edit.from + 1) * colW, row);
      c.strokeRect(xOf(edit.from) + 0.5, top + 0.5, (edit.to - edit.from + 1) * colW - 1, row - 1);
    } else if (drag?.kind === 'accept') {
      const from = Math.min(drag.start, drag.end);
      const to = Math.max(drag.start, drag.end);
      const top = this.layout.ruler;
      c.fillStyle = 'rgba(71, 201, 139, 0.22)';
      c.strokeStyle = ACCEPT_COLOUR;
      c.lineWidth = 1.5;
      c.fillRect(xOf(from), top, (to - from + 1) * colW, band - top);
      c.strokeRect(xOf(from) + 0.75, top + 0.75, (to - from + 1) * colW - 1.5, band - top - 1.5);
      c.fillStyle = ACCEPT_COLOUR;
      c.font = '600 10px ui-sans-serif, system-ui, sans-serif';
      c.fillText(`accept model · ${from + 1}–${to + 1}`, Math.max(xOf(from) + 4, 4), top + 9);
    }
  }
}
