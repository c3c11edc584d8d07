// What the viewer draws, made from an item's pixels and labels: the windowed CT slice, and the steel
// class masks as one coloured overlay (translucent fill, solid outline).
import { WINDOW_PRESETS, compositeRgba, windowToGray, type ImageWindow } from '../../../shared/window-level';
import { decodeRle } from '../../../shared/rle';

/** Class colours, the same in the overlay, the legend and the list: Okabe–Ito, colour-blind safe (as workspaces/steel/palette.ts). */
export const STEEL_CLASS_COLOURS: Record<number, [number, number, number]> = {
  1: [230, 159, 0],
  2: [86, 180, 233],
  3: [0, 158, 115],
  4: [204, 121, 167],
};

export const rgb = ([r, g, b]: [number, number, number]) => `rgb(${r} ${g} ${b})`;

function canvasOf(width: number, height: number, rgba: Uint8ClampedArray<ArrayBuffer>): HTMLCanvasElement {
  const canvas = document.createElement('canvas');
  canvas.width = width;
  canvas.height = height;
  canvas.getContext('2d')!.putImageData(new ImageData(rgba, width, height), 0, 0);
  return canvas;
}

/** A CT slice under a window (or the 3-window composite), as a canvas the size of the slice. */
export function sliceLayer(hu: Int16Array, width: number, height: number, window: ImageWindow): HTMLCanvasElement {
  const rgba = new Uint8ClampedArray(width * height * 4);
  if (window === 'composite') {
    compositeRgba(hu, new Uint8Array(rgba.buffer));
  } else {
    const preset = WINDOW_PRESETS[window];
    const gray = windowToGray(hu, preset.center, preset.width);
    for (let i = 0, o = 0; i < gray.length; i++, o += 4) {
      rgba[o] = rgba[o + 1] = rgba[o + 2] = gray[i];
      rgba[o + 3] = 255;
    }
  }
  return canvasOf(width, height, rgba);
}

/**
 * The visible steel classes' masks on one canvas (row-major RGBA): interiors at `fill` alpha, the outline
 * of each region opaque so small defects stay visible at any zoom. Where classes overlap, the higher wins.
 */
export function steelOverlay(masks: { classId: number; rle: string }[], width: number, height: number, fill: number): HTMLCanvasElement {
  const rgba = new Uint8ClampedArray(width * height * 4);
  const fillAlpha = Math.round(Math.min(1, Math.max(0, fill)) * 255);
  for (const { classId, rle } of masks) {
    if (!rle.trim()) continue;
    const mask = decodeRle(rle, width, height); // column-major: (x, y) at x * height + y
    const [r, g, b] = STEEL_CLASS_COLOURS[classId] ?? [255, 255, 255];
    for (let x = 0; x < width; x++) {
      const column = x * height;
      for (let y = 0; y < height; y++) {
        if (!mask[column + y]) continue;
        const edge =
          y === 0 || y === height - 1 || x === 0 || x === width - 1 ||
          !mask[column + y - 1] || !mask[column + y + 1] || !mask[column - height + y] || !mask[column + height + y];
        const o = (y * width + x) * 4;
        rgba[o] = r;
        rgba[o + 1] = g;
        rgba[o + 2] = b;
        rgba[o + 3] = edge ? 255 : fillAlpha;
      }
    }
  }
  return canvasOf(width, height, rgba);
}
