// One pane's picture at slice resolution, for SliceViewport: a window, or the RGB composite, painted from
// the slice's HU through the windowing table.
import { WINDOW_PRESETS, WindowPainter, compositeRgba, type WindowLevel } from '../../../../../shared/window-level';
import type { CtSlice } from './SliceCache';

/** What one pane shows. */
export type PaneContent = { kind: 'window'; window: WindowLevel } | { kind: 'composite' };

/** The panes of the 2×2 view, in reading order. */
export const GRID_PANES: readonly { name: string; content: PaneContent }[] = [
  { name: 'Brain', content: { kind: 'window', window: WINDOW_PRESETS.brain } },
  { name: 'Subdural', content: { kind: 'window', window: WINDOW_PRESETS.subdural } },
  { name: 'Soft tissue', content: { kind: 'window', window: WINDOW_PRESETS.soft } },
  { name: 'Composite', content: { kind: 'composite' } },
];

/**
 * Two canvases take turns: writing into the one the viewport did not just draw from never waits for that
 * draw to be rasterised (a repaint per drag event stays cheap).
 */
export class Pane {
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
