// The minimap: the whole strip, small, with the current label's classes over it and a frame around the
// part in view; the engine asks it to draw, and asks it which strip point a click on it means.
import type { Point } from '../../../../../shared/mask-edit/brush';
import type { ScreenRect, Size } from './view';

export interface MinimapLayer {
  source: CanvasImageSource;
  alpha: number;
}

export class Minimap {
  private readonly context: CanvasRenderingContext2D;

  constructor(readonly canvas: HTMLCanvasElement) {
    this.context = canvas.getContext('2d', { alpha: false })!;
  }

  /** Where the strip is drawn inside the minimap (fit, centred), in CSS pixels. */
  private placement(strip: Size): ScreenRect {
    const box = this.canvas.getBoundingClientRect();
    const scale = Math.min(box.width / strip.width, box.height / strip.height);
    const width = strip.width * scale;
    const height = strip.height * scale;
    return { x: (box.width - width) / 2, y: (box.height - height) / 2, width, height };
  }

  draw(strip: (Size & { source: CanvasImageSource }) | null, layers: readonly MinimapLayer[], frame: ScreenRect | null): void {
    const box = this.canvas.getBoundingClientRect();
    const ratio = window.devicePixelRatio || 1;
    const width = Math.max(1, Math.round(box.width * ratio));
    const height = Math.max(1, Math.round(box.height * ratio));
    if (this.canvas.width !== width || this.canvas.height !== height) {
      this.canvas.width = width;
      this.canvas.height = height;
    }
    const c = this.context;
    c.setTransform(ratio, 0, 0, ratio, 0, 0);
    c.fillStyle = '#07090c';
    c.fillRect(0, 0, box.width, box.height);
    if (!strip) return;
    const at = this.placement(strip);
    c.imageSmoothingEnabled = true;
    c.drawImage(strip.source, at.x, at.y, at.width, at.height);
    for (const layer of layers) {
      c.globalAlpha = layer.alpha;
      c.drawImage(layer.source, at.x, at.y, at.width, at.height);
    }
    c.globalAlpha = 1;
    if (!frame) return;
    const sx = at.width / strip.width;
    const sy = at.height / strip.height;
    const f = { x: at.x + frame.x * sx, y: at.y + frame.y * sy, width: frame.width * sx, height: frame.height * sy };
    const whole = frame.width >= strip.width - 0.5 && frame.height >= strip.height - 0.5;
    if (!whole) {
      // Dim what is out of view, and frame what is in it.
      c.fillStyle = 'rgba(0, 0, 0, 0.5)';
      c.fillRect(at.x, at.y, at.width, f.y - at.y);
      c.fillRect(at.x, f.y + f.height, at.width, at.y + at.height - f.y - f.height);
      c.fillRect(at.x, f.y, f.x - at.x, f.height);
      c.fillRect(f.x + f.width, f.y, at.x + at.width - f.x - f.width, f.height);
    }
    c.strokeStyle = '#3aa8ff';
    c.lineWidth = 1.5;
    c.strokeRect(f.x + 0.75, f.y + 0.75, Math.max(2, f.width - 1.5), Math.max(2, f.height - 1.5));
  }

  /** The strip point under a pointer on the minimap. */
  stripPointAt(clientX: number, clientY: number, strip: Size): Point {
    const box = this.canvas.getBoundingClientRect();
    const at = this.placement(strip);
    return {
      x: Math.min(strip.width, Math.max(0, ((clientX - box.left - at.x) / at.width) * strip.width)),
      y: Math.min(strip.height, Math.max(0, ((clientY - box.top - at.y) / at.height) * strip.height)),
    };
  }
}
