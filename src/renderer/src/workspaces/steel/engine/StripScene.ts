// The Konva scene of the strip editor: one stage, one layer, and in it the strip, the four classes of
// the current label, the prediction and truth outlines and the disagreement view, placed by the view.
// It draws everything, or only a rectangle (clipped) for the few pixels a brush stroke changed.
import Konva from 'konva';
import type { DisplaySettings, OverlaySurfaces } from './OverlaySurfaces';
import type { ScreenRect, Size, View } from './view';

export class StripScene {
  private readonly stage: Konva.Stage;
  private readonly layer: Konva.Layer;
  private readonly world: Konva.Group;
  private readonly stripNode: Konva.Image;
  private readonly currentNodes = new Map<number, Konva.Image>();
  private readonly predictionNode: Konva.Image;
  private readonly truthNode: Konva.Image;
  private readonly diffNode: Konva.Image;
  private size: Size = { width: 1, height: 1 };
  /** The rectangle a clipped draw is limited to (stage coordinates); null draws everything. */
  private clip: ScreenRect | null = null;

  constructor(container: HTMLDivElement) {
    this.stage = new Konva.Stage({ container, width: 1, height: 1, listening: false });
    this.layer = new Konva.Layer({ listening: false, clearBeforeDraw: false });
    const clipped = new Konva.Group({
      clipFunc: (context) => {
        const r = this.clip ?? { x: 0, y: 0, ...this.size };
        context.rect(r.x, r.y, r.width, r.height);
      },
    });
    const image = () => new Konva.Image({ image: undefined });
    this.world = new Konva.Group();
    this.stripNode = image();
    this.world.add(this.stripNode);
    for (const classId of [1, 2, 3, 4]) {
      const node = image();
      this.currentNodes.set(classId, node);
      this.world.add(node);
    }
    this.predictionNode = image();
    this.truthNode = image();
    this.diffNode = image();
    this.world.add(this.predictionNode, this.truthNode, this.diffNode);
    clipped.add(this.world);
    this.layer.add(clipped);
    this.stage.add(this.layer);
  }

  /** The one canvas the scene draws on. */
  get canvas(): HTMLCanvasElement {
    return this.layer.getNativeCanvasElement();
  }

  setSize(size: Size): void {
    this.size = size;
    this.stage.size(size);
  }

  setView(view: View): void {
    this.world.position({ x: view.x, y: view.y });
    this.world.scale({ x: view.scale, y: view.scale });
    // Past 2× the pixels are what is being inspected: squares, not a blur.
    this.layer.imageSmoothingEnabled(view.scale < 2);
  }

  setStrip(image: CanvasImageSource | null): void {
    this.stripNode.image(image ?? undefined);
  }

  setSurfaces(s: OverlaySurfaces): void {
    for (const [classId, node] of this.currentNodes) node.image(s.current.get(classId)!.canvas);
    this.truthNode.image(s.truth.canvas);
    this.predictionNode.image(s.prediction.canvas);
    this.diffNode.image(s.diff.canvas);
  }

  /** One more reference layer, drawn above the prediction and below the truth (an A/B layer); hidden until given a canvas. */
  addLayer(): { set(canvas: HTMLCanvasElement | null): void } {
    const node = new Konva.Image({ image: undefined, visible: false });
    this.world.add(node);
    node.zIndex(this.predictionNode.zIndex() + 1);
    return {
      set: (canvas) => {
        node.image(canvas ?? undefined);
        node.visible(canvas !== null);
      },
    };
  }

  setVisibility(display: DisplaySettings, hasPrediction: boolean): void {
    for (const [classId, node] of this.currentNodes) node.visible(display.layers.current && display.visibleClasses.includes(classId));
    this.truthNode.visible(display.layers.truth);
    this.predictionNode.visible(display.layers.prediction && hasPrediction);
    this.diffNode.visible(display.layers.diff && hasPrediction);
  }

  /** Draws the whole scene. */
  draw(): void {
    this.clip = null;
    this.layer.getContext().clear();
    this.layer.drawScene();
  }

  /** Draws the scene inside one rectangle only (the rest of the canvas stays as it is). */
  drawInside(rect: ScreenRect): void {
    this.clip = rect;
    this.layer.getContext().clear(rect);
    this.layer.drawScene();
    this.clip = null;
  }

  destroy(): void {
    this.stage.destroy();
  }
}
