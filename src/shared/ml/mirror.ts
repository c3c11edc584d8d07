// Left-right mirroring of row-major planes, for the horizontal-flip TTA of models run outside TensorFlow.js
// (ONNX): the input is mirrored before the run and each output map mirrored back before averaging.
import type { PlanarImage } from './preprocess';

/** A row-major plane mirrored left-right (a new array of the same type). */
export function mirrorRows<T extends Float32Array | Uint8Array>(plane: T, width: number, height: number): T {
  if (plane.length !== width * height) throw new RangeError(`plane has ${plane.length} values, expected ${width}x${height}`);
  const out = new (plane.constructor as { new (n: number): T })(plane.length);
  for (let y = 0; y < height; y++) {
    const row = y * width;
    for (let x = 0; x < width; x++) out[row + x] = plane[row + width - 1 - x];
  }
  return out;
}

/** Every plane of an image mirrored left-right. */
export function mirrorImage(image: PlanarImage): PlanarImage {
  return { ...image, planes: image.planes.map((p) => mirrorRows(p, image.width, image.height)) };
}
