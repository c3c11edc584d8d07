// Live window/level for the CT viewer: what a right-drag does to the window, the presets' keys, and the
// fast path that paints a slice into RGBA words for every drag event. The table covers only the HU range
// the slice holds (a few thousand entries instead of 65536), so a new window costs almost nothing to build;
// the values follow windowValue() exactly, so the viewer, the PNG route and the models agree to the grey level.
import { WINDOW_PRESETS, windowValue, type WindowPresetName } from './windowing';

/** A window in HU: centre (level) and width. */
export interface WindowLevel {
  center: number;
  width: number;
}

/** The narrowest and widest windows a drag can reach. */
export const MIN_WINDOW_WIDTH = 1;
export const MAX_WINDOW_WIDTH = 65535;
export const MIN_WINDOW_CENTER = -32768;
export const MAX_WINDOW_CENTER = 32767;

/** F1–F4 pick the presets in this order. */
export const PRESET_KEYS: Readonly<Record<string, WindowPresetName>> = Object.freeze({ F1: 'brain', F2: 'subdural', F3: 'soft', F4: 'bone' });

/** The preset a window equals, or 'custom'. */
export function presetOf(window: WindowLevel): WindowPresetName | 'custom' {
  for (const preset of Object.values(WINDOW_PRESETS)) {
    if (preset.center === window.center && preset.width === window.width) return preset.name;
  }
  return 'custom';
}

/**
 * The window after a right-drag of (dx, dy) screen pixels from `start`, as in OHIF and Slicer: right widens,
 * left narrows; down raises the level, up lowers it. One pixel moves the window by `max(1, width / 256)` HU,
 * so a narrow brain window is fine-tuned and a bone window still moves quickly. Results are whole HU.
 */
export function dragWindow(start: WindowLevel, dx: number, dy: number): WindowLevel {
  const step = Math.max(1, start.width / 256);
  const width = Math.round(Math.min(MAX_WINDOW_WIDTH, Math.max(MIN_WINDOW_WIDTH, start.width + dx * step)));
  const center = Math.round(Math.min(MAX_WINDOW_CENTER, Math.max(MIN_WINDOW_CENTER, start.center + dy * step)));
  return { center, width };
}

/** "W 80 L 40" as the overlay writes it (DICOM viewers say level for the centre). */
export function formatWindow(window: WindowLevel): string {
  const round = (v: number) => (Number.isInteger(v) ? String(v) : v.toFixed(1));
  return `W ${round(window.width)} L ${round(window.center)}`;
}

/** The smallest and largest HU of a slice (0/0 for an empty one). */
export function huRange(hu: Int16Array): { min: number; max: number } {
  if (hu.length === 0) return { min: 0, max: 0 };
  let min = hu[0];
  let max = hu[0];
  for (let i = 1; i < hu.length; i++) {
    const v = hu[i];
    if (v < min) min = v;
    else if (v > max) max = v;
  }
  return { min, max };
}

const littleEndian = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/** Opaque grey as one RGBA word in memory order (R, G, B, A bytes). */
function greyWord(g: number): number {
  return littleEndian ? (0xff000000 | (g << 16) | (g << 8) | g) >>> 0 : ((g << 24) | (g << 16) | (g << 8) | 0xff) >>> 0;
}

/**
 * Paints a slice as grey RGBA words under a window: reusable state for one viewer, so that repeated calls
 * (one per drag event) allocate nothing. The table spans only [min, max] of the slice given to `paint`.
 */
export class WindowPainter {
  private table = new Uint32Array(0);
  private tableMin = 0;
  private tableMax = -1;
  private tableCenter = Number.NaN;
  private tableWidth = Number.NaN;

  /**
   * Writes `hu` windowed to (center, width) into `out` (one RGBA word per pixel). `range` is the slice's
   * HU range (huRange), computed once per slice by the caller.
   */
  paint(hu: Int16Array, range: { min: number; max: number }, window: WindowLevel, out: Uint32Array): Uint32Array {
    if (!(window.width > 0) || !Number.isFinite(window.center)) throw new Error(`window ${window.center}/${window.width}: the width must be above 0`);
    if (out.length < hu.length) throw new Error(`WindowPainter: output holds ${out.length} pixels, ${hu.length} needed`);
    const table = this.tableFor(range.min, range.max, window.center, window.width);
    const offset = this.tableMin;
    for (let i = 0; i < hu.length; i++) out[i] = table[hu[i] - offset];
    return out;
  }

  private tableFor(min: number, max: number, center: number, width: number): Uint32Array {
    const covers = min >= this.tableMin && max <= this.tableMax;
    if (covers && center === this.tableCenter && width === this.tableWidth) return this.table;
    if (!covers) {
      this.tableMin = min;
      this.tableMax = max;
      if (this.table.length < max - min + 1) this.table = new Uint32Array(max - min + 1);
    }
    const table = this.table;
    const lo = this.tableMin;
    const size = this.tableMax - lo + 1;
    // Below the window everything is black and above it white: only the ramp needs the formula.
    const black = greyWord(0);
    const white = greyWord(255);
    const rampFrom = Math.max(0, Math.floor(center - width / 2) - 1 - lo);
    const rampTo = Math.min(size - 1, Math.ceil(center + width / 2) + 1 - lo);
    table.fill(black, 0, Math.min(size, rampFrom));
    for (let i = Math.max(0, rampFrom); i <= rampTo; i++) table[i] = greyWord(windowValue(i + lo, center, width));
    if (rampTo + 1 < size) table.fill(white, Math.max(0, rampTo + 1), size);
    this.tableCenter = center;
    this.tableWidth = width;
    return table;
  }
}
