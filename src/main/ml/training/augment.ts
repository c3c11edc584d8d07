// Training augmentations, drawn from a seeded generator: horizontal flip, brightness/contrast, and a
// random crop. Geometry applies to the input and its target maps alike; intensity to the input only.
import type { Random } from '../../../shared/ml/random';
import type { ModelInput } from '../inputs';

export interface Augmentation {
  flip: boolean;
  /** Bytes become (v − 128) × contrast + 128 + brightness. */
  contrast: number;
  brightness: number;
  x: number;
  y: number;
  width: number;
  height: number;
}

/** One random augmentation for an input of the given size cropped to cropWidth × cropHeight. */
export function drawAugmentation(random: Random, width: number, height: number, cropWidth: number, cropHeight: number): Augmentation {
  return {
    flip: random() < 0.5,
    contrast: 0.8 + 0.4 * random(),
    brightness: Math.round(-20 + 40 * random()),
    x: Math.floor(random() * (width - cropWidth + 1)),
    y: Math.floor(random() * (height - cropHeight + 1)),
    width: cropWidth,
    height: cropHeight,
  };
}

/** The crop (flipped when asked) of a row-major, channels-last plane set. */
export function cropAndFlip(bytes: Uint8Array, width: number, channels: number, a: Augmentation): Uint8Array {
  const out = new Uint8Array(a.width * a.height * channels);
  for (let y = 0; y < a.height; y++) {
    const rowIn = (a.y + y) * width;
    const rowOut = y * a.width;
    for (let x = 0; x < a.width; x++) {
      const from = (rowIn + a.x + (a.flip ? a.width - 1 - x : x)) * channels;
      const to = (rowOut + x) * channels;
      for (let c = 0; c < channels; c++) out[to + c] = bytes[from + c];
    }
  }
  return out;
}

export function augmentInput(input: ModelInput, a: Augmentation): ModelInput {
  const bytes = cropAndFlip(input.bytes, input.width, input.channels, a);
  for (let i = 0; i < bytes.length; i++) {
    const v = (bytes[i] - 128) * a.contrast + 128 + a.brightness;
    bytes[i] = v <= 0 ? 0 : v >= 255 ? 255 : v;
  }
  return { bytes, width: a.width, height: a.height, channels: input.channels };
}
