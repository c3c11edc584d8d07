// The strip being corrected: the four class masks (column-major, see shared/mask.ts), what was last saved,
// and the undo/redo history over every edit of the item. The history keeps the changed rectangles only
// (shared/mask-edit/history.ts) and survives saves; it is bounded in bytes. Listeners hear of every
// change with its class and rectangle, so the canvas repaints only that much.
//
// A strip nobody has labelled yet starts from the model's draft when there is one: the masks are the
// prediction, nothing is "unsaved" until the person changes something, and the first save writes all four
// classes, each marked as edited from that model. "Use the model" on any strip copies the prediction into
// classes as one undoable step that also marks where those classes now come from (undo takes both back).
import { decodeRle, encodeRle } from '../../../../../shared/rle';
import { countPixels } from '../../../../../shared/mask';
import { EditHistory, changedRegion, readRegion, type MaskPatch } from '../../../../../shared/mask-edit/history';
import { unionRegion, type Region } from '../../../../../shared/mask-edit/region';
import { changedClassRles, normaliseRle, type ClassRle } from '../../../../../shared/mask-edit/changes';
import { STEEL_CLASSES } from '../../../../../shared/domain';
import type { SteelSavedClass } from '../../../../../shared/api/steel-types';
import type { BaseRevision } from '../../../../../shared/api/collaboration-types';

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

/** How a document starts beyond the current label's masks. */
export interface DocumentStart {
  /** The host holds no label for the strip (no truth, no person's revision): its first save writes every class. */
  unlabelled?: boolean;
  /** On an unlabelled strip, the model draft the masks start from: its source (`model:<version>`) and masks (taken over). */
  draft?: { source: string; masks: ReadonlyMap<number, Uint8Array> } | null;
  /** Per class, the host's revision the masks start from (its saves are based on it); absent: 'none'. */
  bases?: ReadonlyMap<number, BaseRevision>;
  historyBytes?: number;
}

/** Where a class's mask comes from, before and after an undo step (kept in the step beside its pixels). */
interface OriginChange {
  classId: number;
  before: string | null;
  after: string | null;
}

export class SteelDocument {
  readonly masks = new Map<number, Uint8Array>();
  /** What the host holds per class — or, on a strip that starts from a model draft, the draft. */
  private readonly saved = new Map<number, string>();
  /** Classes edited since their last save (they may still equal it: an edit taken back). */
  private readonly touched = new Set<number>();
  /** Per class, the model draft its mask was taken from (sent with the class's next save). */
  private readonly origins = new Map<number, string>();
  /** Per class, the host's revision the next save is based on (a save on a moved base is a conflict). */
  private readonly bases: Map<number, BaseRevision>;
  /** The model source the masks started from (an unlabelled strip's draft), or null. */
  readonly draft: string | null;
  private labelled: boolean;
  private readonly history: EditHistory<OriginChange[]>;
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
    start: DocumentStart = {},
  ) {
    this.history = new EditHistory(start.historyBytes ?? HISTORY_BYTES);
    this.before = scratchFor(width * height);
    this.labelled = !start.unlabelled;
    this.bases = new Map(start.bases ?? []);
    const draft = start.unlabelled ? (start.draft ?? null) : null;
    this.draft = draft?.source ?? null;
    // Decoded masks are taken over, not copied: a strip's masks are made once (allocating them is not free).
    const decoded = current instanceof Map ? (current as DecodedClasses) : decodeClasses(current as Iterable<ClassRle>, width, height);
    for (const classId of STEEL_CLASSES) {
      const drafted = draft?.masks.get(classId);
      if (draft) {
        // Every class of the draft comes from the model, an empty one too (the model saw no defect there).
        const mask = drafted ?? new Uint8Array(width * height);
        this.masks.set(classId, mask);
        this.saved.set(classId, encodeRle(mask));
        this.origins.set(classId, draft.source);
        continue;
      }
      const given = decoded.get(classId);
      this.masks.set(classId, given ? given.mask : new Uint8Array(width * height));
      if (given) this.saved.set(classId, given.rle);
    }
  }

  /** True while the host holds no label for the strip: the masks are a model draft, or empty. */
  get unlabelled(): boolean {
    return !this.labelled;
  }

  /** The model draft a class's mask was taken from (`model:<version>`), or null. */
  originOf(classId: number): string | null {
    return this.origins.get(classId) ?? null;
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

  /**
   * Copies the model's masks into these classes as one undoable step; each class that changed is marked as
   * coming from `source` for its next save. Returns the classes that changed.
   */
  useModel(prediction: ReadonlyMap<number, Uint8Array>, source: string, classIds: readonly number[]): number[] {
    if (this.stroke) this.endStroke();
    const patches: MaskPatch[] = [];
    const origins: OriginChange[] = [];
    for (const classId of classIds) {
      const next = prediction.get(classId);
      const mask = this.mask(classId);
      if (!next || next.length !== mask.length) continue;
      const region = changedRegion(mask, next, this.height);
      if (!region) continue;
      const before = readRegion(mask, this.height, region);
      mask.set(next);
      patches.push({ classId, region, before, after: readRegion(mask, this.height, region) });
      origins.push({ classId, before: this.originOf(classId), after: source });
    }
    if (!patches.length) return [];
    this.history.record(patches, origins);
    this.applyOrigins(origins, 'after');
    for (const p of patches) this.finish({ classId: p.classId, region: p.region, kind: 'edit' });
    return patches.map((p) => p.classId);
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

  /** Takes back the last step (all its classes, and where they came from); returns its first class's change. */
  undo(): MaskChange | null {
    if (this.stroke) this.endStroke();
    const step = this.history.undo((c) => this.mask(c), this.height);
    if (!step) return null;
    if (step.note) this.applyOrigins(step.note, 'before');
    return step.patches.map((p) => this.finish({ classId: p.classId, region: p.region, kind: 'undo' }))[0];
  }

  redo(): MaskChange | null {
    if (this.stroke) this.endStroke();
    const step = this.history.redo((c) => this.mask(c), this.height);
    if (!step) return null;
    if (step.note) this.applyOrigins(step.note, 'after');
    return step.patches.map((p) => this.finish({ classId: p.classId, region: p.region, kind: 'redo' }))[0];
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

  /**
   * What the next save sends: the changed classes, each with the model draft it was taken from. On a strip
   * with no label yet it sends all four — once anything changed, or at once when `acceptAsIs` (the draft as it
   * stands, or "no defect" in every class) — so the first label says something about every class.
   */
  classesToSave(acceptAsIs = false): SteelSavedClass[] {
    const withOrigin = (c: ClassRle): SteelSavedClass => {
      const origin = this.originOf(c.classId);
      const base = this.baseOf(c.classId);
      return origin ? { ...c, base, origin } : { ...c, base };
    };
    if (this.labelled) return this.unsavedClasses().map(withOrigin);
    if (!acceptAsIs && !this.hasUnsavedChanges) return [];
    return STEEL_CLASSES.map((classId) => withOrigin({ classId, rle: encodeRle(this.mask(classId)) }));
  }

  /** The host's revision of a class that the next save is based on. */
  baseOf(classId: number): BaseRevision {
    return this.bases.get(classId) ?? 'none';
  }

  /** The host's class is now this revision (saved from here, or theirs taken in a conflict). */
  rebase(classId: number, revisionId: BaseRevision): void {
    this.bases.set(classId, revisionId);
  }

  /** What the server now holds for these classes (after a save or a revert). */
  markSaved(classes: readonly ClassRle[]): void {
    const sent = new Set(classes.map((c) => c.classId));
    for (const { classId, rle } of classes) {
      this.saved.set(classId, rle);
      if (encodeRle(this.mask(classId)) !== rle) continue;
      this.touched.delete(classId);
      this.origins.delete(classId); // recorded with its revision
    }
    if (!this.labelled) {
      this.labelled = true;
      // The classes a first save did not write have no label on the host: a draft's mask there is unsaved.
      for (const classId of STEEL_CLASSES) {
        if (sent.has(classId)) continue;
        this.saved.set(classId, '');
        this.touched.add(classId);
      }
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

  private applyOrigins(changes: readonly OriginChange[], side: 'before' | 'after'): void {
    for (const change of changes) {
      const origin = change[side];
      if (origin) this.origins.set(change.classId, origin);
      else this.origins.delete(change.classId);
    }
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
