// ImageStage: draws one image and its overlays on a canvas, with zoom and pan. A plain class with a
// small API, wrapped by exactly one Vue component (ImageCanvas.vue).
//
//   new ImageStage(canvas)          takes over the canvas (pointer drag pans, wheel zooms at the pointer)
//   setLayers(base, overlays)       what to draw: the image and, above it, overlays of the same size
//   fit()                           the whole image in view, centred
//   zoomBy(factor, x?, y?)          zoom around a point of the canvas (its centre by default)
//   resize()                        after the canvas's box changed size
//   onViewChange = (view) => …      told the scale after every change (for a zoom read-out)
//   onDrawn = () => …               told after each frame that showed an image
//   destroy()                       lets go of the canvas and its listeners

export type Drawable = HTMLCanvasElement | ImageBitmap | OffscreenCanvas;

export interface Layer {
  source: Drawable;
  opacity: number;
}

export interface StageView {
  scale: number;
}

const MIN_SCALE = 0.05;
const MAX_SCALE = 32;

export class ImageStage {
  onViewChange: ((view: StageView) => void) | null = null;
  onDrawn: (() => void) | null = null;
  private base: Drawable | null = null;
  private overlays: Layer[] = [];
  private scale = 1;
  private offsetX = 0;
  private offsetY = 0;
  private dragging: { x: number; y: number; id: number } | null = null;
  private frame = 0;
  private readonly context: CanvasRenderingContext2D;
  private readonly abort = new AbortController();

  constructor(private readonly canvas: HTMLCanvasElement) {
    const context = canvas.getContext('2d', { alpha: false });
    if (!context) throw new Error('this browser cannot draw on a canvas');
    this.context = context;
    const signal = this.abort.signal;
    canvas.addEventListener('wheel', (e) => this.onWheel(e), { passive: false, signal });
    canvas.addEventListener('pointerdown', (e) => this.onPointerDown(e), { signal });
    canvas.addEventListener('pointermove', (e) => this.onPointerMove(e), { signal });
    canvas.addEventListener('pointerup', (e) => this.onPointerUp(e), { signal });
    canvas.addEventListener('pointercancel', (e) => this.onPointerUp(e), { signal });
    canvas.addEventListener('dblclick', () => this.fit(), { signal });
    this.resize();
  }

  setLayers(base: Drawable | null, overlays: Layer[] = [], keepView = false): void {
    const sizeChanged = !this.base || !base || this.base.width !== base.width || this.base.height !== base.height;
    this.base = base;
    this.overlays = overlays;
    if (sizeChanged || !keepView) this.fit();
    else this.requestDraw();
  }

  fit(): void {
    if (!this.base) return this.requestDraw();
    const { width, height } = this.canvas;
    const margin = 16 * devicePixelRatio;
    this.scale = Math.max(MIN_SCALE, Math.min((width - 2 * margin) / this.base.width, (height - 2 * margin) / this.base.height));
    this.offsetX = (width - this.base.width * this.scale) / 2;
    this.offsetY = (height - this.base.height * this.scale) / 2;
    this.changed();
  }

  zoomBy(factor: number, x = this.canvas.width / 2, y = this.canvas.height / 2): void {
    const next = Math.min(MAX_SCALE, Math.max(MIN_SCALE, this.scale * factor));
    const applied = next / this.scale;
    this.offsetX = x - (x - this.offsetX) * applied;
    this.offsetY = y - (y - this.offsetY) * applied;
    this.scale = next;
    this.changed();
  }

  resize(): void {
    const box = this.canvas.getBoundingClientRect();
    const width = Math.max(1, Math.round(box.width * devicePixelRatio));
    const height = Math.max(1, Math.round(box.height * devicePixelRatio));
    if (width === this.canvas.width && height === this.canvas.height) return;
    this.canvas.width = width;
    this.canvas.height = height;
    this.fit();
  }

  destroy(): void {
    this.abort.abort();
    cancelAnimationFrame(this.frame);
    this.base = null;
    this.overlays = [];
  }

  private changed(): void {
    this.onViewChange?.({ scale: this.scale });
    this.requestDraw();
  }

  private requestDraw(): void {
    cancelAnimationFrame(this.frame);
    this.frame = requestAnimationFrame(() => this.draw());
  }

  private draw(): void {
    const c = this.context;
    c.setTransform(1, 0, 0, 1, 0, 0);
    c.fillStyle = '#000';
    c.fillRect(0, 0, this.canvas.width, this.canvas.height);
    if (!this.base) return;
    c.setTransform(this.scale, 0, 0, this.scale, this.offsetX, this.offsetY);
    // Past 2× the pixels are what is being inspected: show them as squares, not blurred.
    c.imageSmoothingEnabled = this.scale < 2;
    c.drawImage(this.base, 0, 0);
    for (const layer of this.overlays) {
      c.globalAlpha = layer.opacity;
      c.drawImage(layer.source, 0, 0);
    }
    c.globalAlpha = 1;
    this.onDrawn?.();
  }

  private onWheel(event: WheelEvent): void {
    event.preventDefault();
    const box = this.canvas.getBoundingClientRect();
    const factor = Math.exp(-event.deltaY * (event.deltaMode === 1 ? 0.05 : 0.0015));
    this.zoomBy(factor, (event.clientX - box.left) * devicePixelRatio, (event.clientY - box.top) * devicePixelRatio);
  }

  private onPointerDown(event: PointerEvent): void {
    if (event.button !== 0 && event.button !== 1) return;
    this.dragging = { x: event.clientX, y: event.clientY, id: event.pointerId };
    this.canvas.setPointerCapture(event.pointerId);
    this.canvas.classList.add('is-panning');
  }

  private onPointerMove(event: PointerEvent): void {
    if (!this.dragging || event.pointerId !== this.dragging.id) return;
    this.offsetX += (event.clientX - this.dragging.x) * devicePixelRatio;
    this.offsetY += (event.clientY - this.dragging.y) * devicePixelRatio;
    this.dragging = { ...this.dragging, x: event.clientX, y: event.clientY };
    this.requestDraw();
  }

  private onPointerUp(event: PointerEvent): void {
    if (!this.dragging || event.pointerId !== this.dragging.id) return;
    this.dragging = null;
    this.canvas.releasePointerCapture(event.pointerId);
    this.canvas.classList.remove('is-panning');
  }
}
