// Undo/redo over every edit of an item. An edit is stored as the changed rectangle of each class's mask it
// touched, before and after — never whole masks — and the history keeps at most `maxBytes` of them,
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

/**
 * One undo step: the patches of one or more classes taken back and replayed together (a "use the model for
 * every class" is one step), and what the caller keeps beside the pixels (e.g. where a class's mask came from).
 */
export interface EditStep<Note = undefined> {
  patches: MaskPatch[];
  note?: Note;
}

const stepBytes = (step: EditStep<unknown>) => step.patches.reduce((n, p) => n + p.before.length * 2, 0);

export class EditHistory<Note = undefined> {
  private done: EditStep<Note>[] = [];
  private undone: EditStep<Note>[] = [];
  private bytes = 0;

  constructor(private readonly maxBytes = 64 * 2 ** 20) {}

  /** Records an edit that has already been applied (one patch, or several as one step). Clears the redo stack. */
  record(patches: MaskPatch | readonly MaskPatch[], note?: Note): void {
    const step: EditStep<Note> = { patches: Array.isArray(patches) ? [...patches] : [patches as MaskPatch], note };
    if (!step.patches.length) return;
    this.done.push(step);
    this.bytes += stepBytes(step);
    this.undone = [];
    while (this.bytes > this.maxBytes && this.done.length > 1) this.bytes -= stepBytes(this.done.shift()!);
  }

  get canUndo(): boolean {
    return this.done.length > 0;
  }

  get canRedo(): boolean {
    return this.undone.length > 0;
  }

  /** Takes back the last step: writes its "before" pixels into the masks of its classes. */
  undo(maskOf: (classId: number) => Uint8Array, height: number): EditStep<Note> | null {
    const step = this.done.pop();
    if (!step) return null;
    for (const patch of step.patches) writeRegion(maskOf(patch.classId), height, patch.region, patch.before);
    this.undone.push(step);
    return step;
  }

  redo(maskOf: (classId: number) => Uint8Array, height: number): EditStep<Note> | null {
    const step = this.undone.pop();
    if (!step) return null;
    for (const patch of step.patches) writeRegion(maskOf(patch.classId), height, patch.region, patch.after);
    this.done.push(step);
    return step;
  }

  /** Bytes held by the history (both stacks' patches count once, as their before + after). */
  get size(): number {
    return this.bytes + this.undone.reduce((n, s) => n + stepBytes(s), 0);
  }

  clear(): void {
    this.done = [];
    this.undone = [];
    this.bytes = 0;
  }
}
