// Orders the slices of one CT series from the DICOM geometry: each ImagePositionPatient projected on
// the slice normal (the cross product of ImageOrientationPatient's row and column direction cosines).
// When any slice lacks usable geometry the whole series falls back to InstanceNumber, then key, because
// mixing the two orders would be meaningless. Ties are broken by InstanceNumber, then key.

/** What ordering needs to know about a slice. */
export interface SliceGeometry {
  key: string;
  imagePosition: [number, number, number] | null;
  imageOrientation: number[] | null;
  instanceNumber: number | null;
}

type Vector = [number, number, number];

/** The unit slice normal of an ImageOrientationPatient value, or null when it is missing or degenerate. */
export function sliceNormal(orientation: readonly number[] | null): Vector | null {
  if (orientation === null || orientation.length !== 6 || !orientation.every(Number.isFinite)) return null;
  const [rx, ry, rz, cx, cy, cz] = orientation;
  const normal: Vector = [ry * cz - rz * cy, rz * cx - rx * cz, rx * cy - ry * cx];
  const norm = Math.hypot(...normal);
  if (norm < 1e-6) return null;
  return [normal[0] / norm, normal[1] / norm, normal[2] / norm];
}

function hasPosition(position: readonly number[] | null): position is Vector {
  return position !== null && position.length === 3 && position.every(Number.isFinite);
}

function compareKeys(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** InstanceNumber ascending (slices without one last), then key: the fallback order and the tie-break. */
function compareInstanceThenKey(a: SliceGeometry, b: SliceGeometry): number {
  const na = a.instanceNumber ?? Number.POSITIVE_INFINITY;
  const nb = b.instanceNumber ?? Number.POSITIVE_INFINITY;
  if (na !== nb) return na < nb ? -1 : 1;
  return compareKeys(a.key, b.key);
}

/** ImagePositionPatient projected on `normal`, or null when the slice lacks usable geometry. */
function positionAlong(slice: SliceGeometry, normal: Vector | null): number | null {
  if (normal === null || sliceNormal(slice.imageOrientation) === null || !hasPosition(slice.imagePosition)) return null;
  const [x, y, z] = slice.imagePosition;
  return x * normal[0] + y * normal[1] + z * normal[2];
}

/**
 * The slices in ascending position along the slice normal, each with that `position` (mm). All positions
 * use one normal: that of the first slice in InstanceNumber-then-key order, so the result does not depend
 * on the input order. Without geometry on every slice, the order is InstanceNumber then key, and `position`
 * is still given for the slices that have geometry.
 */
export function orderSlices<T extends SliceGeometry>(slices: readonly T[]): Array<T & { position: number | null }> {
  const byInstance = [...slices].sort(compareInstanceThenKey);
  const reference = byInstance.length > 0 ? sliceNormal(byInstance[0].imageOrientation) : null;
  const positioned = byInstance.map((slice) => ({ ...slice, position: positionAlong(slice, reference) }));
  if (positioned.some((slice) => slice.position === null)) return positioned;
  // Array.prototype.sort is stable, so equal positions keep the InstanceNumber-then-key order.
  return positioned.sort((a, b) => a.position! - b.position!);
}
