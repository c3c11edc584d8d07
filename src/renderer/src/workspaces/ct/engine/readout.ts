// What the viewer says about the pixel under the pointer: its HU, its column and row, and where it lies in
// the patient (mm) when the header says so. Pure: the slice's HU are already in memory.
import { NO_GEOMETRY, patientPosition, type SlicePoint, type Vec3 } from '../../../../../shared/slice-geometry';
import { pixelAt } from './paneView';
import type { CtSlice } from './SliceCache';

export interface PixelReadout {
  hu: number;
  column: number;
  row: number;
  /** Patient coordinates (mm) of the pixel's centre; null without PixelSpacing, position and orientation. */
  patient: Vec3 | null;
}

export function readoutAt(slice: Pick<CtSlice, 'width' | 'height' | 'hu' | 'geometry'>, point: SlicePoint): PixelReadout | null {
  const pixel = pixelAt(point, slice);
  if (!pixel) return null;
  const { column, row } = pixel;
  return { hu: slice.hu[row * slice.width + column], column, row, patient: patientPosition(slice.geometry ?? NO_GEOMETRY, column, row) };
}

const mm = (v: number) => v.toFixed(1).replace('-', '−');

/** "HU 42 · x 210 y 305", then " · −12.3, 45.6, 78.9 mm" where the patient position is known. */
export function formatReadout(r: PixelReadout): string {
  const hu = String(r.hu).replace('-', '−');
  const base = `HU ${hu} · x ${r.column} y ${r.row}`;
  return r.patient ? `${base} · ${r.patient.map(mm).join(', ')} mm` : base;
}
