// A strip's four class masks in one byte per pixel: bit c − 1 set where class c is marked, column-major like
// shared/mask.ts. How a model version's thresholded masks travel over the binary route in one response (an
// A/B layer): a quarter of four separate masks, and decoded with a shift per pixel.
import { STEEL_CLASSES } from './domain';

/** Packs class masks (classId → mask of `size` pixels; a missing class is empty) into one byte per pixel. */
export function packClassBits(masks: ReadonlyMap<number, Uint8Array>, size: number): Uint8Array {
  const bits = new Uint8Array(size);
  for (const classId of STEEL_CLASSES) {
    const mask = masks.get(classId);
    if (!mask) continue;
    if (mask.length !== size) throw new RangeError(`class ${classId} has ${mask.length} pixels, not ${size}`);
    const bit = 1 << (classId - 1);
    for (let i = 0; i < size; i++) if (mask[i]) bits[i] |= bit;
  }
  return bits;
}

/** The four class masks (1 = marked) of packed class bits. */
export function unpackClassBits(bits: Uint8Array): Map<number, Uint8Array> {
  const masks = new Map<number, Uint8Array>();
  for (const classId of STEEL_CLASSES) {
    const bit = 1 << (classId - 1);
    const mask = new Uint8Array(bits.length);
    for (let i = 0; i < bits.length; i++) mask[i] = (bits[i] & bit) === 0 ? 0 : 1;
    masks.set(classId, mask);
  }
  return masks;
}
