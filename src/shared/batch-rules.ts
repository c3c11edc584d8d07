// The rules by which a batch of files joins a dataset that already has items: what happens to a file whose key
// the dataset has already, and where the new items go in display order. Pure functions over plain values, so
// that `loupe add`, "Add images…" and a watched folder all decide the same way.
import { orderSlices, type SliceGeometry } from './series-order';

/**
 * What a batch does with one file: `add` it (the dataset has no item with its key), skip it as `unchanged` (the
 * dataset has its key with the very same bytes: the batch was added before, or overlaps an earlier one), or refuse
 * it as a `conflict` (the same key with other bytes: two different images would share one id).
 * `existing` is the SHA-256 of the item with the file's key, or undefined when there is none.
 */
export function decideBatchFile(existing: string | undefined, incoming: string): 'add' | 'unchanged' | 'conflict' {
  if (existing === undefined) return 'add';
  return existing === incoming ? 'unchanged' : 'conflict';
}

/** Image ids in display order: by key, as an import sorts a folder's file names (UTF-16 code units). */
export function compareKeys(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** A slice the dataset has already, as the store keeps it: its position along the normal and instance number. */
export interface StoredSlice<R> {
  ref: R;
  key: string;
  position: number | null;
  instanceNumber: number | null;
}

/** The order of one series after a batch: its stored slices and the batch's, each with its position (mm) or null. */
export function mergeSeriesOrder<R>(stored: readonly StoredSlice<R>[], added: readonly (SliceGeometry & { ref: R })[]): { ref: R; position: number | null }[] {
  // The new slices' positions come from their own geometry, along the normal of the first of them (a series has
  // one orientation, so this is the normal the stored positions were measured along).
  const placed = orderSlices(added).map((s) => ({ ref: s.ref, key: s.key, position: s.position, instanceNumber: s.instanceNumber }));
  const all = [...stored.map((s) => ({ ref: s.ref, key: s.key, position: s.position, instanceNumber: s.instanceNumber })), ...placed];
  const byInstance = (a: (typeof all)[number], b: (typeof all)[number]) => {
    const na = a.instanceNumber ?? Number.POSITIVE_INFINITY;
    const nb = b.instanceNumber ?? Number.POSITIVE_INFINITY;
    return na !== nb ? (na < nb ? -1 : 1) : compareKeys(a.key, b.key);
  };
  all.sort(byInstance);
  // As at import: positions order the series only when every slice has one; otherwise InstanceNumber, then key.
  if (all.every((s) => s.position !== null)) all.sort((a, b) => a.position! - b.position!);
  return all.map((s) => ({ ref: s.ref, position: s.position }));
}

/** The series a slice belongs to, as display order groups them: patient → study → series. */
export function seriesOrderKey(patientId: string | null, studyUid: string | null, seriesUid: string | null): string {
  return `${patientId}\u0000${studyUid}\u0000${seriesUid}`;
}
