// SeriesStripChart: the whole series at a glance on one canvas — x = slice, one row per label — with the
// current labels as filled cells, the model's probabilities as a curve in each row, review states along the
// ruler, and the range gestures: drag along a subtype's row (or shift-click from the current slice) switches
// that subtype on or off over the range. A plain class, wrapped by exactly one Vue component (SeriesStrip.vue).
//
//   new SeriesStripChart(canvas, callbacks)
//   setData(data)        labels, probabilities, reviews, unsaved marks and the current slice; redraws
//   resize()             after the canvas's box changed size
//   destroy()
import { CT_LABELS, CT_SUBTYPES, type ReviewState } from '../../../../../shared/domain';
import { rangeGesture, type RangeEdit } from '../../../../../shared/ct-series';
import { CT_LABEL_COLOURS, CT_LABEL_SHORT } from '../../../vocabulary';

/** Layout in CSS pixels (the canvas also carries them as data attributes, for tests and tools). */
export const STRIP_LAYOUT = { gutter: 64, ruler: 20, row: 19, bottom: 4 } as const;
export const STRIP_HEIGHT = STRIP_LAYOUT.ruler + CT_LABELS.length * STRIP_LAYOUT.row + STRIP_LAYOUT.bottom;

export interface StripData {
  /** Current labels per slice, unsaved edits included; null = not labelled. */
  bits: readonly (number | null)[];
  dirty: readonly boolean[];
  probabilities: readonly (readonly number[] | null)[];
  reviews: readonly ReviewState[];
  current: number;
}

export interface StripCallbacks {
  onNavigate?: (index: number) => void;
  onRangeEdit?: (edit: RangeEdit) => void;
  /** The pointer is over a slice and row (row −1 = ruler), or has left (null). */
  onHover?: (at: { index: number; row: number; x: number } | null) => void;
}

type Drag = { kind: 'range'; row: number; start: number; end: number; id: number } | { kind: 'scrub'; id: number; last: number };

const EMPTY: StripData = { bits: [], dirty: [], probabilities: [], reviews: [], current: 0 };
const REVIEW_COLOURS: Partial<Record<ReviewState, string>> = { approved: '#47c98b', flagged: '#f06464', in_progress: '#f0b43c' };

export class SeriesStripChart {
  private data: StripData = EMPTY;
  private drag: Drag | null = null;
  private readonly context: CanvasRenderingContext2D;
  private readonly abort = new AbortController();
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
    canvas.dataset.gutter = String(STRIP_LAYOUT.gutter);
    canvas.dataset.ruler = String(STRIP_LAYOUT.ruler);
    canvas.dataset.rowHeight = String(STRIP_LAYOUT.row);
    this.resize();
  }

  setData(data: StripData): void {
    this.data = data;
    this.canvas.dataset.slices = String(data.bits.length);
    this.requestDraw();
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

  /** Width of one slice's column, CSS pixels. */
  private columnWidth(): number {
    const width = this.canvas.width / devicePixelRatio;
    return (width - STRIP_LAYOUT.gutter - 6) / Math.max(1, this.data.bits.length);
  }

  private at(e: PointerEvent): { index: number; row: number; x: number } {
    const box = this.canvas.getBoundingClientRect();
    const x = e.clientX - box.left;
    const y = e.clientY - box.top;
    const count = this.data.bits.length;
    const index = Math.min(count - 1, Math.max(0, Math.floor((x - STRIP_LAYOUT.gutter) / this.columnWidth())));
    const row = y < STRIP_LAYOUT.ruler ? -1 : Math.min(CT_LABELS.length - 1, Math.floor((y - STRIP_LAYOUT.ruler) / STRIP_LAYOUT.row));
    return { index, row, x };
  }

  private onPointerDown(e: PointerEvent): void {
    if (e.button !== 0 || this.data.bits.length === 0 || this.drag) return;
    const { index, row } = this.at(e);
    e.preventDefault();
    const isSubtype = row >= 0 && row < CT_SUBTYPES.length;
    if (isSubtype && e.shiftKey) {
      this.callbacks.onRangeEdit?.(rangeGesture(this.bitsNow(), CT_SUBTYPES[row], this.data.current, index));
      return;
    }
    try {
      this.canvas.setPointerCapture(e.pointerId);
    } catch {
      // a pointer the browser does not track (synthetic events)
    }
    if (isSubtype) {
      this.drag = { kind: 'range', row, start: index, end: index, id: e.pointerId };
      this.requestDraw();
    } else {
      this.drag = { kind: 'scrub', id: e.pointerId, last: index };
      this.callbacks.onNavigate?.(index);
    }
  }

  private onPointerMove(e: PointerEvent): void {
    const at = this.at(e);
    this.callbacks.onHover?.(at);
    const drag = this.drag;
    if (!drag || drag.id !== e.pointerId) return;
    if (drag.kind === 'range' && at.index !== drag.end) {
      drag.end = at.index;
      this.requestDraw();
    } else if (drag.kind === 'scrub' && at.index !== drag.last) {
      drag.last = at.index;
      this.callbacks.onNavigate?.(at.index);
    }
  }

  private onPointerUp(e: PointerEvent): void {
    const drag = this.drag;
    if (!drag || drag.id !== e.pointerId) return;
    this.drag = null;
    if (drag.kind === 'range') {
      if (drag.end === drag.start) this.callbacks.onNavigate?.(drag.start);
      else this.callbacks.onRangeEdit?.(rangeGesture(this.bitsNow(), CT_SUBTYPES[drag.row], drag.start, drag.end));
      this.requestDraw();
    }
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

  private draw(): void {
    const c = this.context;
    const { gutter, ruler, row } = STRIP_LAYOUT;
    const width = this.canvas.width / devicePixelRatio;
    const height = this.canvas.height / devicePixelRatio;
    c.setTransform(devicePixelRatio, 0, 0, devicePixelRatio, 0, 0);
    c.fillStyle = '#0d1014';
    c.fillRect(0, 0, width, height);
    const { bits, dirty, probabilities, reviews, current } = this.data;
    const count = bits.length;
    const colW = this.columnWidth();
    const gap = colW >= 5 ? 1 : 0;
    const xOf = (i: number) => gutter + i * colW;
    c.font = '600 10px ui-monospace, "DejaVu Sans Mono", monospace';
    c.textBaseline = 'middle';

    CT_LABELS.forEach((label, r) => {
      const top = ruler + r * row;
      c.fillStyle = r % 2 === 0 ? '#12161b' : '#0f1317';
      c.fillRect(gutter, top, width - gutter, row);
      c.fillStyle = CT_LABEL_COLOURS[label];
      c.fillText(label === 'any' ? 'ANY' : CT_LABEL_SHORT[label], 10, top + row / 2);
      for (let i = 0; i < count; i++) {
        const b = bits[i];
        if (b === null) continue;
        const on = label === 'any' ? b !== 0 : (b & (1 << r)) !== 0;
        if (!on) continue;
        c.globalAlpha = label === 'any' ? 0.55 : 0.9;
        c.fillRect(xOf(i) + gap, top + 2, Math.max(1, colW - gap), row - 4);
        c.globalAlpha = 1;
      }
    });

    // The model's probabilities: one curve per row, 0 at the row's foot and 1 at its head.
    c.lineWidth = 1.25;
    c.strokeStyle = 'rgba(235, 240, 246, 0.85)';
    CT_LABELS.forEach((_, r) => {
      const foot = ruler + (r + 1) * row - 3;
      let open = false;
      c.beginPath();
      for (let i = 0; i < count; i++) {
        const p = probabilities[i]?.[r];
        if (p === undefined) {
          open = false;
          continue;
        }
        const x = xOf(i) + colW / 2;
        const y = foot - p * (row - 6);
        if (open) c.lineTo(x, y);
        else c.moveTo(x, y);
        open = true;
      }
      c.stroke();
    });

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
      c.strokeRect(xOf(current) + 0.75, 1, Math.max(2, colW - 1.5), ruler + CT_LABELS.length * row - 1);
    }
    const drag = this.drag;
    if (drag?.kind === 'range') {
      const edit = rangeGesture(this.bitsNow(), CT_SUBTYPES[drag.row], drag.start, drag.end);
      const top = ruler + drag.row * row;
      c.fillStyle = edit.on ? 'rgba(58, 168, 255, 0.35)' : 'rgba(240, 100, 100, 0.35)';
      c.strokeStyle = edit.on ? '#3aa8ff' : '#f06464';
      c.fillRect(xOf(edit.from), top, (edit.to - edit.from + 1) * colW, row);
      c.strokeRect(xOf(edit.from) + 0.5, top + 0.5, (edit.to - edit.from + 1) * colW - 1, row - 1);
    }
  }
}
