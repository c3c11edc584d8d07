// Undo/redo over every edit of an item. An edit is stored as the changed rectangle of one class's
// mask, before and after — never whole masks — and the history keeps at most `maxBytes` of them,
// forgetting the oldest edits first. Masks are column-major (see ../mask.ts).
import type { Region } from './region';

export interface MaskPatch {
  classId: number;
  region: Region;
  before: Uint8Array;
  after: Uint8Array;
}

/** Copies the pixels of `region` out of a column-major mask. */
export function readRegion(mask: Uint8Array, height: number, r: Region): Uint8Array {
  const h = r.y1 - r.y0 + 1;
  const out = new Uint8Array((r.x1 - r.x0 + 1) * h);
  for (let x = r.x0; x <= r.x1; x++) out.set(mask.subarray(x * height + r.y0, x * height + r.y1 + 1), (x - r.x0) * h);
  return out;
}

export function writeRegion(mask: Uint8Array, height: number, r: Region, pixels: Uint8Array): void {
  const h = r.y1 - r.y0 + 1;
  for (let x = r.x0; x <= r.x1; x++) mask.set(pixels.subarray((x - r.x0) * h, (x - r.x0 + 1) * h), x * height + r.y0);
}

/** The bounding rectangle of the pixels that differ between two masks of the same size, or null. */
export function changedRegion(before: Uint8Array, after: Uint8Array, height: number): Region | null {
  let region: Region | null = null;
  for (let i = 0; i < after.length; i++) {
    if (before[i] === after[i]) continue;
    const x = Math.floor(i / height);
    const y = i - x * height;
    if (!region) region = { x0: x, y0: y, x1: x, y1: y };
    else {
      if (x > region.x1) region.x1 = x;
      if (y < region.y0) region.y0 = y;
      if (y > region.y1) region.y1 = y;
    }
  }
  return region; // x0 is the first changed column: pixels are visited column by column
}

export class EditHistory {
  private done: MaskPatch[] = [];
  private undone: MaskPatch[] = [];
  private bytes = 0;

  constructor(private readonly maxBytes = 64 * 2 ** 20) {}

  /** Records an edit that has already been applied. Clears the redo stack. */
  record(patch: MaskPatch): void {
    this.done.push(patch);
    this.bytes += patch.before.length * 2;
    this.undone = [];
    while (this.bytes > this.maxBytes && this.done.length > 1) {
      const dropped = this.done.shift()!;
      this.bytes -= dropped.before.length * 2;
    }
  }

  get canUndo(): boolean {
    return this.done.length > 0;
  }

  get canRedo(): boolean {
    return this.undone.length > 0;
  }

  /** Takes back the last edit: writes its "before" pixels into the mask of its class. */
  undo(maskOf: (classId: number) => Uint8Array, height: number): MaskPatch | null {
    const patch = this.done.pop();
    if (!patch) return null;
    writeRegion(maskOf(patch.classId), height, patch.region, patch.before);
    this.undone.push(patch);
    return patch;
  }

  redo(maskOf: (classId: number) => Uint8Array, height: number): MaskPatch | null {
    const patch = this.undone.pop();
    if (!patch) return null;
    writeRegion(maskOf(patch.classId), height, patch.region, patch.after);
    this.done.push(patch);
    return patch;
  }

  /** Bytes held by the history (both stacks' patches count once, as their before + after). */
  get size(): number {
    return this.bytes + this.undone.reduce((n, p) => n + p.before.length * 2, 0);
  }

  clear(): void {
    this.done = [];
    this.undone = [];
    this.bytes = 0;
  }
}
