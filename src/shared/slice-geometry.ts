// Where a CT slice's pixels lie in the patient, from its DICOM header: PixelSpacing (0028,0030) is the
// distance between rows, then between columns, in mm — the two may differ; ImagePositionPatient (0020,0032)
// is the centre of the first pixel; ImageOrientationPatient (0020,0037) the directions of a row and of a
// column. Pixel (column i, row j) lies at  position + i · Δcolumn · rowDirection + j · Δrow · columnDirection
// (DICOM PS3.3 C.7.6.2.1.1). Pure arithmetic: the viewer's readout and ruler, and their tests.

export type Vec3 = readonly [number, number, number];

export interface SliceGeometry {
  /** [between rows (vertical), between columns (horizontal)] in mm; null when the header has none. */
  pixelSpacing: readonly [number, number] | null;
  imagePosition: Vec3 | null;
  /** Row direction (x, y, z) then column direction (x, y, z). */
  imageOrientation: readonly [number, number, number, number, number, number] | null;
}

export const NO_GEOMETRY: SliceGeometry = Object.freeze({ pixelSpacing: null, imagePosition: null, imageOrientation: null });

/** A point on the slice in pixels: x along a row (columns), y down the columns (rows); pixel (i, j) spans [i, i+1). */
export interface SlicePoint {
  x: number;
  y: number;
}

/** The patient position (mm) of the centre of pixel (column, row), or null without spacing, position and orientation. */
export function patientPosition(geometry: SliceGeometry, column: number, row: number): Vec3 | null {
  const { pixelSpacing, imagePosition, imageOrientation } = geometry;
  if (!pixelSpacing || !imagePosition || !imageOrientation) return null;
  const [rowSpacing, columnSpacing] = pixelSpacing;
  const [rx, ry, rz, cx, cy, cz] = imageOrientation;
  const along = column * columnSpacing;
  const down = row * rowSpacing;
  return [imagePosition[0] + along * rx + down * cx, imagePosition[1] + along * ry + down * cy, imagePosition[2] + along * rz + down * cz];
}

export interface Measurement {
  length: number;
  /** 'mm' when the header gives PixelSpacing, else 'px' (the slice's own pixels). */
  unit: 'mm' | 'px';
}

/** The length of the line from a to b: in mm through each axis's own spacing, or in pixels without PixelSpacing. */
export function measure(a: SlicePoint, b: SlicePoint, pixelSpacing: SliceGeometry['pixelSpacing']): Measurement {
  const dx = b.x - a.x;
  const dy = b.y - a.y;
  if (!pixelSpacing) return { length: Math.hypot(dx, dy), unit: 'px' };
  const [rowSpacing, columnSpacing] = pixelSpacing;
  return { length: Math.hypot(dx * columnSpacing, dy * rowSpacing), unit: 'mm' };
}

/** "12.3 mm" / "45 px": millimetres to a tenth, pixels to one. */
export function formatMeasurement(m: Measurement): string {
  return m.unit === 'mm' ? `${m.length.toFixed(1)} mm` : `${Math.round(m.length)} px`;
}

/** Numbers as a header carries them ('0.48\0.48', DICOM's backslash form). */
export function formatNumbers(values: readonly number[]): string {
  return values.join('\\');
}

/** The numbers of a header value, when there are exactly `count` finite ones (else null). */
export function parseNumbers(text: string | null | undefined, count: number): number[] | null {
  if (!text) return null;
  const values = text.split('\\').map((part) => Number(part.trim()));
  return values.length === count && values.every((v) => Number.isFinite(v)) ? values : null;
}

/** A header's geometry, kept only when it makes sense: spacing above zero, orientation of unit-length directions. */
export function sliceGeometry(spacing: readonly number[] | null, position: readonly number[] | null, orientation: readonly number[] | null): SliceGeometry {
  const goodSpacing = spacing && spacing.length === 2 && spacing.every((s) => Number.isFinite(s) && s > 0) ? ([spacing[0], spacing[1]] as const) : null;
  const goodPosition = position && position.length === 3 && position.every(Number.isFinite) ? ([position[0], position[1], position[2]] as const) : null;
  const unit = (v: readonly number[]) => Math.abs(Math.hypot(v[0], v[1], v[2]) - 1) < 0.01;
  const goodOrientation =
    orientation && orientation.length === 6 && orientation.every(Number.isFinite) && unit(orientation.slice(0, 3)) && unit(orientation.slice(3))
      ? (orientation.slice(0, 6) as unknown as SliceGeometry['imageOrientation'])
      : null;
  return { pixelSpacing: goodSpacing, imagePosition: goodPosition, imageOrientation: goodOrientation };
}
