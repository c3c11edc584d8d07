// The strip being corrected: the four class masks (column-major, see shared/mask.ts), what was last saved,
// and the undo/redo history over every edit of the item. The history keeps the changed rectangles only
// (shared/mask-edit/history.ts) and survives saves; it is bounded in bytes. Listeners hear of every
// change with its class and rectangle, so the canvas repaints only that much.
import { decodeRle, encodeRle } from '../../../../../shared/rle';
import { countPixels } from '../../../../../shared/mask';
import { EditHistory, changedRegion, readRegion } from '../../../../../shared/mask-edit/history';
import { unionRegion, type Region } from '../../../../../shared/mask-edit/region';
import { changedClassRles, normaliseRle, type ClassRle } from '../../../../../shared/mask-edit/changes';
import { STEEL_CLASSES } from '../../../../../shared/domain';

/** live: part of a stroke still being drawn; edit: a finished edit; undo / redo; load: replaced from outside. */
export type ChangeKind = 'live' | 'edit' | 'undo' | 'redo';

export interface MaskChange {
  classId: number;
  region: Region;
  kind: ChangeKind;
}

/** Masks decoded from RLE, each with its RLE as stored; a document takes them over. */
export type DecodedClasses = ReadonlyMap<number, { mask: Uint8Array; rle: string }>;

export function decodeClasses(classes: Iterable<ClassRle>, width: number, height: number): DecodedClasses {
  const decoded = new Map<number, { mask: Uint8Array; rle: string }>();
  for (const { classId, rle } of classes) {
    // Stored RLE is Kaggle's canonical form already (the server writes it so): no need to encode it again.
    decoded.set(classId, { mask: decodeRle(rle, width, height), rle: normaliseRle(rle) });
  }
  return decoded;
}

/**
 * The copy of a mask taken at the start of an edit. One per mask size is enough, shared by every document:
 * only the open strip is edited, and an edit starts and ends before the next one.
 */
const scratch = new Map<number, Uint8Array>();
function scratchFor(size: number): Uint8Array {
  let buffer = scratch.get(size);
  if (!buffer) scratch.set(size, (buffer = new Uint8Array(size)));
  return buffer;
}

/** Undo history per item: enough for thousands of brush strokes, and never more than this. */
export const HISTORY_BYTES = 24 * 2 ** 20;

export class SteelDocument {
  readonly masks = new Map<number, Uint8Array>();
  private readonly saved = new Map<number, string>();
  /** Classes edited since their last save (they may still equal it: an edit taken back). */
  private readonly touched = new Set<number>();
  private readonly history: EditHistory;
  private readonly before: Uint8Array;
  private stroke: { classId: number; region: Region | null } | null = null;
  private readonly listeners = new Set<(change: MaskChange) => void>();
  /** Bumped on every finished change. */
  version = 0;
  private unsavedAt = -1;
  private unsaved: ClassRle[] = [];

  constructor(
    readonly itemId: number,
    readonly width: number,
    readonly height: number,
    current: Iterable<ClassRle> | DecodedClasses,
    historyBytes = HISTORY_BYTES,
  ) {
    this.history = new EditHistory(historyBytes);
    this.before = scratchFor(width * height);
    // Decoded masks are taken over, not copied: a strip's masks are made once (allocating them is not free).
    const decoded = current instanceof Map ? (current as DecodedClasses) : decodeClasses(current as Iterable<ClassRle>, width, height);
    for (const classId of STEEL_CLASSES) {
      const given = decoded.get(classId);
      this.masks.set(classId, given ? given.mask : new Uint8Array(width * height));
      if (given) this.saved.set(classId, given.rle);
    }
  }

  mask(classId: number): Uint8Array {
    const mask = this.masks.get(classId);
    if (!mask) throw new RangeError(`no class ${classId} in a steel strip`);
    return mask;
  }

  pixels(classId: number): number {
    return countPixels(this.mask(classId));
  }

  onChange(listener: (change: MaskChange) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Starts an edit made of many small steps (a brush stroke): they become one undo step at endStroke. */
  beginStroke(classId: number): void {
    if (this.stroke) this.endStroke();
    this.before.set(this.mask(classId));
    this.stroke = { classId, region: null };
  }

  /** A step of the stroke changed `region` of its class's mask (already written): repaint it now. */
  strokeTouched(region: Region | null): void {
    if (!this.stroke || !region) return;
    this.stroke.region = unionRegion(this.stroke.region, region);
    this.emit({ classId: this.stroke.classId, region, kind: 'live' });
  }

  /** Ends the stroke: one undo step when it changed anything. Returns whether it did. */
  endStroke(): boolean {
    const stroke = this.stroke;
    this.stroke = null;
    if (!stroke?.region) return false;
    return this.record(stroke.classId, stroke.region);
  }

  get stroking(): boolean {
    return this.stroke !== null;
  }

  /** One edit of one class: `apply` writes into the mask and returns the region it touched (or null). */
  edit(classId: number, apply: (mask: Uint8Array) => Region | null): boolean {
    if (this.stroke) this.endStroke();
    const mask = this.mask(classId);
    this.before.set(mask);
    const region = apply(mask);
    return region ? this.record(classId, region) : false;
  }

  /** Replaces a class's whole mask (a revert), as one undoable edit. */
  replace(classId: number, next: Uint8Array): boolean {
    return this.edit(classId, (mask) => {
      const region = changedRegion(mask, next, this.height);
      mask.set(next);
      return region;
    });
  }

  get canUndo(): boolean {
    return !this.stroke && this.history.canUndo;
  }

  get canRedo(): boolean {
    return !this.stroke && this.history.canRedo;
  }

  undo(): MaskChange | null {
    if (this.stroke) this.endStroke();
    const patch = this.history.undo((c) => this.mask(c), this.height);
    return patch ? this.finish({ classId: patch.classId, region: patch.region, kind: 'undo' }) : null;
  }

  redo(): MaskChange | null {
    if (this.stroke) this.endStroke();
    const patch = this.history.redo((c) => this.mask(c), this.height);
    return patch ? this.finish({ classId: patch.classId, region: patch.region, kind: 'redo' }) : null;
  }

  /** Bytes the undo history holds (bounded by its budget). */
  get historyBytes(): number {
    return this.history.size;
  }

  /** The classes whose masks differ from what was last saved, as RLE, in class order. */
  unsavedClasses(): ClassRle[] {
    if (this.unsavedAt !== this.version) {
      this.unsaved = changedClassRles(this.masks, this.saved, this.touched);
      this.unsavedAt = this.version;
    }
    return this.unsaved;
  }

  get hasUnsavedChanges(): boolean {
    return this.unsavedClasses().length > 0;
  }

  /** What the server now holds for these classes (after a save or a revert). */
  markSaved(classes: readonly ClassRle[]): void {
    for (const { classId, rle } of classes) {
      this.saved.set(classId, rle);
      if (encodeRle(this.mask(classId)) === rle) this.touched.delete(classId);
    }
    this.unsavedAt = -1;
  }

  private record(classId: number, region: Region): boolean {
    const before = readRegion(this.before, this.height, region);
    const after = readRegion(this.mask(classId), this.height, region);
    if (sameBytes(before, after)) return false;
    this.history.record({ classId, region, before, after });
    this.finish({ classId, region, kind: 'edit' });
    return true;
  }

  private finish(change: MaskChange): MaskChange {
    this.touched.add(change.classId);
    this.version++;
    this.emit(change);
    return change;
  }

  private emit(change: MaskChange): void {
    for (const listener of this.listeners) listener(change);
  }
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
