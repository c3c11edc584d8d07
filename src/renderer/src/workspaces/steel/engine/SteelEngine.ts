// SteelEngine: the steel strip editor's canvas. A plain class over one Konva stage with one layer (the
// strip, the four class overlays of the current label, the truth and prediction outlines, the
// disagreement view), wrapped by exactly one Vue component (SteelCanvas.vue).
//
//   new SteelEngine(host, minimap)   takes over a box element and a minimap canvas
//   setStrip(image, key)             the strip's pixels (an ImageBitmap or canvas); key names the item shown
//   setDocument(doc, references)     the masks being edited, and the truth / prediction to show beside them
//   setDisplay(display)              classes shown, opacity, outline-only, which layers
//   setTool(tool) · setActiveClass(c) · setBrushSize(diameter)
//   refreshColours()                 the palette changed: paint every overlay again
//   addLayer()                       one more reference layer (a canvas the strip's size, or null to hide it)
//   fit() · zoomBy(factor) · resize()       the view: the whole strip in the box, zoom at the centre, box resized (refits when fitted)
//   key(key)                         Enter / Escape / Backspace for the tool at work; true when used
//   flush()                          draws now what waits for the next frame (a strip just opened)
//   onView(view) · onMessage(text) · onShown(key)     told of view changes, tool messages, strips on screen
//   destroy()
//
// Speed: a brush stroke writes into the class mask, repaints the class's overlay pixels inside the
// stroke's rectangle only, and redraws the layer clipped to that rectangle — never the whole stage per
// pointer event. Wheel zoom, pan and layer switches redraw the whole layer once per animation frame.
import type { Region } from '../../../../../shared/mask-edit/region';
import type { MaskChange, SteelDocument } from './SteelDocument';
import type { Tool, ToolContext, ToolPointer } from '../tools/tool';
import { Minimap } from './Minimap';
import { OverlaySurfaces, type DisplaySettings, type ReferenceMasks } from './OverlaySurfaces';
import { ToolOverlay } from './ToolOverlay';
import { StageInput } from './StageInput';
import { StripScene } from './StripScene';
import { stripGrey } from './stripGrey';
import { clampView, fitInView, intersect, minScale, regionOnScreen, toImage, visibleImageRect, zoomAt, type Size, type View } from './view';

export type StripImage = CanvasImageSource & Size;

export class SteelEngine {
  onView: ((view: View) => void) | null = null;
  onMessage: ((text: string) => void) | null = null;
  onShown: ((key: string) => void) | null = null;

  private readonly scene: StripScene;
  private readonly overlay: ToolOverlay;
  private readonly minimap: Minimap;
  private readonly abort = new AbortController();
  private surfaces: OverlaySurfaces | null = null;
  private strip: StripImage | null = null;
  private stripKey = '';
  private shownKey = '';
  private doc: SteelDocument | null = null;
  private stopListening: (() => void) | null = null;
  private refs: ReferenceMasks = { truth: { get: () => new Map() }, prediction: null };
  private display: DisplaySettings = { visibleClasses: [1, 2, 3, 4], opacity: 0.45, outlineOnly: false, layers: { current: true, truth: false, prediction: true, diff: false } };
  /** Reference layers to paint before they are next shown. */
  private stale = new Set<'truth' | 'prediction' | 'diff'>(['truth', 'prediction', 'diff']);
  private tool: Tool | null = null;
  private activeClass = 1;
  private brushDiameter = 12;
  private view: View = { scale: 1, x: 0, y: 0 };
  private box: Size = { width: 1, height: 1 };
  private fitted = true;
  private frame = 0;
  private minimapFrame = 0;
  private readonly context: ToolContext;

  constructor(
    private readonly host: HTMLElement,
    minimapCanvas: HTMLCanvasElement,
  ) {
    this.scene = new StripScene(host as HTMLDivElement);
    this.overlay = new ToolOverlay(host);
    this.minimap = new Minimap(minimapCanvas);
    this.context = this.makeToolContext();
    this.listen(minimapCanvas);
    this.resize();
  }

  get canvas(): HTMLCanvasElement {
    return this.scene.canvas;
  }

  setStrip(image: StripImage | null, key: string): void {
    const sizeChanged = !this.strip || !image || this.strip.width !== image.width || this.strip.height !== image.height;
    this.strip = image;
    this.stripKey = key;
    this.scene.setStrip(image);
    if (image) this.surfacesFor(image);
    if (sizeChanged || this.fitted) this.fit();
    else this.requestFull();
  }

  setDocument(doc: SteelDocument | null, refs: ReferenceMasks): void {
    this.tool?.cancel(this.context);
    this.stopListening?.();
    this.doc = doc;
    this.refs = refs;
    this.stale = new Set(['truth', 'prediction', 'diff']);
    this.stopListening = doc ? doc.onChange((change) => this.onMaskChange(change)) : null;
    if (doc) this.surfacesFor(doc);
    this.repaintAll();
  }

  setDisplay(display: DisplaySettings): void {
    const before = this.display;
    this.display = display;
    if (String(before.visibleClasses) !== String(display.visibleClasses)) this.stale = new Set(['truth', 'prediction', 'diff']);
    this.repaintAll(before.opacity !== display.opacity || before.outlineOnly !== display.outlineOnly);
  }

  refreshColours(): void {
    this.stale = new Set(['truth', 'prediction', 'diff']);
    this.repaintAll(true);
  }

  addLayer(): { set(canvas: HTMLCanvasElement | null): void } {
    const layer = this.scene.addLayer();
    return {
      set: (canvas) => {
        layer.set(canvas);
        this.requestFull();
      },
    };
  }

  setTool(tool: Tool | null): void {
    if (this.tool && this.tool !== tool) this.tool.cancel(this.context);
    this.tool = tool;
    this.host.dataset.tool = tool?.id ?? '';
    this.overlay.hideRing();
  }

  setActiveClass(classId: number): void {
    if (classId === this.activeClass) return;
    this.tool?.cancel(this.context);
    this.activeClass = classId;
  }

  setBrushSize(diameter: number): void {
    this.brushDiameter = diameter;
  }

  fit(): void {
    if (!this.strip) return this.requestFull();
    this.view = fitInView(this.strip, this.box);
    this.fitted = true;
    this.viewChanged();
  }

  zoomBy(factor: number, sx = this.box.width / 2, sy = this.box.height / 2): void {
    if (!this.strip) return;
    this.view = clampView(zoomAt(this.view, factor, sx, sy, minScale(this.strip, this.box)), this.strip, this.box);
    this.fitted = false;
    this.viewChanged();
  }

  resize(): void {
    const width = Math.max(1, this.host.clientWidth);
    const height = Math.max(1, this.host.clientHeight);
    if (width === this.box.width && height === this.box.height) return;
    this.box = { width, height };
    this.scene.setSize(this.box);
    if (this.fitted) this.fit();
    else this.viewChanged();
  }

  key(key: string): boolean {
    return this.tool?.key?.(this.context, key) ?? false;
  }

  /** Draws now what would be drawn at the next frame (a new strip: no need to wait a frame for it). */
  flush(): void {
    if (!this.frame) return;
    cancelAnimationFrame(this.frame);
    this.drawFull();
  }

  destroy(): void {
    this.tool?.cancel(this.context);
    this.abort.abort();
    this.stopListening?.();
    cancelAnimationFrame(this.frame);
    cancelAnimationFrame(this.minimapFrame);
    this.overlay.destroy();
    this.scene.destroy();
    this.strip = null;
    this.doc = null;
    this.surfaces = null;
  }

  /** Overlay surfaces the size of the strip (made again only when the size changes). */
  private surfacesFor(size: Size): void {
    if (this.surfaces && this.surfaces.width === size.width && this.surfaces.height === size.height) return;
    this.surfaces = new OverlaySurfaces(size.width, size.height);
    this.scene.setSurfaces(this.surfaces);
  }

  /**
   * Paints the overlays that need it and redraws: the current label's classes when asked (new document,
   * opacity or outline changed), and the truth, prediction and disagreement layers only while they are
   * shown — a hidden layer is painted when it is switched on.
   */
  private repaintAll(current = true): void {
    const s = this.surfaces;
    const d = this.display;
    const hasPrediction = this.refs.prediction !== null;
    this.scene.setVisibility(d, hasPrediction);
    const doc = this.doc;
    if (s && doc) {
      if (current) for (const classId of s.current.keys()) s.paintCurrent(classId, doc.mask(classId), d);
      const stale = this.stale;
      if (d.layers.truth && stale.has('truth')) s.paintTruth(this.refs, d);
      if (d.layers.prediction && hasPrediction && stale.has('prediction')) s.paintPrediction(this.refs, d);
      if (d.layers.diff && hasPrediction && stale.has('diff')) s.paintDiff((c) => doc.mask(c), this.refs, d);
      if (d.layers.truth) stale.delete('truth');
      if (d.layers.prediction) stale.delete('prediction');
      if (d.layers.diff) stale.delete('diff');
    }
    this.requestFull();
  }

  /** A mask changed: repaint its overlay in that rectangle and redraw just that part of the canvas, now. */
  private onMaskChange({ classId, region, kind }: MaskChange): void {
    const s = this.surfaces;
    if (!s || !this.doc) return;
    s.paintCurrent(classId, this.doc.mask(classId), this.display, region);
    if (this.display.layers.diff && this.refs.prediction) s.paintDiff((c) => this.doc!.mask(c), this.refs, this.display, region);
    else this.stale.add('diff');
    this.drawRegion(region);
    if (kind !== 'live') this.requestMinimap();
  }

  private drawRegion(region: Region): void {
    if (this.frame || !this.strip) return; // a whole redraw is on its way and will show it
    const stripRect = regionOnScreen(this.view, { x0: 0, y0: 0, x1: this.strip.width - 1, y1: this.strip.height - 1 }, 0);
    const rect = intersect(intersect(regionOnScreen(this.view, region, 2), stripRect) ?? { x: 0, y: 0, width: 0, height: 0 }, {
      x: 0,
      y: 0,
      ...this.box,
    });
    if (rect) this.scene.drawInside(rect);
  }

  private viewChanged(): void {
    this.scene.setView(this.view);
    this.host.dataset.view = `${this.view.scale},${this.view.x},${this.view.y}`;
    this.overlay.layout(this.view);
    this.onView?.(this.view);
    this.requestFull();
  }

  private requestFull(): void {
    if (this.frame) return;
    this.frame = requestAnimationFrame(() => this.drawFull());
  }

  private drawFull(): void {
    this.frame = 0;
    this.scene.draw();
    this.drawMinimap();
    if (this.strip && this.shownKey !== this.stripKey) {
      this.shownKey = this.stripKey;
      this.canvas.dataset.shown = this.stripKey;
      this.onShown?.(this.stripKey);
    }
  }

  private requestMinimap(): void {
    if (this.minimapFrame || this.frame) return;
    this.minimapFrame = requestAnimationFrame(() => {
      this.minimapFrame = 0;
      this.drawMinimap();
    });
  }

  private drawMinimap(): void {
    const layers =
      this.surfaces && this.display.layers.current
        ? this.display.visibleClasses.map((c) => ({ source: this.surfaces!.current.get(c)!.canvas, alpha: 1 }))
        : [];
    const strip = this.strip ? { source: this.strip, width: this.strip.width, height: this.strip.height } : null;
    this.minimap.draw(strip, layers, this.strip ? visibleImageRect(this.view, this.strip, this.box) : null);
  }

  private makeToolContext(): ToolContext {
    // eslint-disable-next-line @typescript-eslint/no-this-alias
    const engine = this;
    return {
      get doc() {
        return engine.doc!;
      },
      get activeClass() {
        return engine.activeClass;
      },
      get brushRadius() {
        return engine.brushDiameter / 2;
      },
      get visibleClasses() {
        return [...engine.display.visibleClasses].sort((a, b) => b - a);
      },
      get scale() {
        return engine.view.scale;
      },
      intensity: () => {
        const strip = this.strip;
        return strip && this.doc && strip.width === this.doc.width && strip.height === this.doc.height ? stripGrey(strip) : null;
      },
      prediction: (classId) => this.refs.prediction?.get(classId) ?? null,
      probability: (classId) => this.refs.probability?.(classId) ?? Promise.resolve(null),
      showPolygon: (points, next = null) => this.overlay.setPolygon(points, next, this.view),
      tell: (message) => this.onMessage?.(message),
    };
  }

  private pointerAt(event: MouseEvent, pressed: boolean): ToolPointer {
    const box = this.host.getBoundingClientRect();
    const p = toImage(this.view, event.clientX - box.left, event.clientY - box.top);
    return { x: p.x, y: p.y, px: Math.floor(p.x), py: Math.floor(p.y), pressed, shift: event.shiftKey, alt: event.altKey };
  }

  private listen(minimapCanvas: HTMLCanvasElement): void {
    new StageInput(this.host, minimapCanvas, {
      active: () => this.strip !== null,
      panBy: (dx, dy) => {
        this.view = clampView({ ...this.view, x: this.view.x + dx, y: this.view.y + dy }, this.strip!, this.box);
        this.fitted = false;
        this.viewChanged();
      },
      zoomAt: (factor, sx, sy) => this.zoomBy(factor, sx, sy),
      minimapAt: (clientX, clientY) => this.centreOn(this.minimap.stripPointAt(clientX, clientY, this.strip!)),
      toolDown: (event) => {
        if (!this.tool || !this.doc) return false;
        this.tool.down(this.context, this.pointerAt(event, true));
        return true;
      },
      toolMove: (samples, pressed) => {
        if (!this.tool || !this.doc || (!pressed && this.tool.pointer === 'brush')) return;
        this.tool.move(this.context, samples.map((e) => this.pointerAt(e, pressed)));
      },
      toolUp: (event) => this.tool && this.doc && this.tool.up(this.context, this.pointerAt(event, false)),
      toolDoubleClick: (event) => this.tool && this.doc && this.tool.doubleClick?.(this.context, this.pointerAt(event, false)),
      hover: (at, panning) => {
        if (!at || panning || this.tool?.pointer !== 'brush') return this.overlay.hideRing();
        this.overlay.showRing(at.sx, at.sy, this.brushDiameter / 2, this.view, this.tool.id === 'eraser');
      },
    }, this.abort.signal);
  }

  /** Centres the view on a strip point; from the fitted view, zooms in to 1:1 first. */
  private centreOn(p: { x: number; y: number }): void {
    if (!this.strip) return;
    const scale = this.fitted ? Math.max(1, this.view.scale * 2) : this.view.scale;
    this.view = clampView({ scale, x: this.box.width / 2 - p.x * scale, y: this.box.height / 2 - p.y * scale }, this.strip, this.box);
    this.fitted = false;
    this.viewChanged();
  }
}
