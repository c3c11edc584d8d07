// What a save sends: the Kaggle RLE of every class whose mask differs from what was last saved.
// A class that was edited and then edited back is not a change.
import { encodeRle } from '../rle';

export interface ClassRle {
  classId: number;
  rle: string;
}

/**
 * The RLE of each class in `candidates` (default: every class of `masks`) whose mask no longer encodes to
 * its saved RLE (a missing saved RLE means an empty mask), in class order.
 */
export function changedClassRles(masks: ReadonlyMap<number, Uint8Array>, saved: ReadonlyMap<number, string>, candidates: Iterable<number> = masks.keys()): ClassRle[] {
  const changed: ClassRle[] = [];
  for (const classId of [...new Set(candidates)].sort((a, b) => a - b)) {
    const mask = masks.get(classId);
    if (!mask) continue;
    const rle = encodeRle(mask);
    if (rle !== normaliseRle(saved.get(classId) ?? '')) changed.push({ classId, rle });
  }
  return changed;
}

/** The canonical form of a stored RLE for comparison: single spaces, no padding ('' = empty). */
export function normaliseRle(rle: string): string {
  return rle.trim().split(/\s+/).filter(Boolean).join(' ');
}
