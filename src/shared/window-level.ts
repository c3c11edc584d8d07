// CT window/level, one module for every layer: the presets and the parsing of a window spec; the one value
// formula; the 65,536-entry tables (HU → 8-bit grey, and the 3-window RGB composite the models see) for the
// CLI, the PNG route and the models; and the slice-range painter the viewer repaints with on every drag event.
// Every path follows windowValue() exactly, so the viewer, the PNGs and the models agree to the grey level.
import { LITTLE_ENDIAN } from './api/hu-bytes';

/** A window in HU: centre (level) and width. */
export interface WindowLevel {
  center: number;
  width: number;
}

/** The named windows of head CT. */
export type WindowPreset = 'brain' | 'subdural' | 'soft' | 'bone';

export const WINDOW_PRESETS: Readonly<Record<WindowPreset, Readonly<WindowLevel>>> = Object.freeze({
  brain: Object.freeze({ center: 40, width: 80 }),
  subdural: Object.freeze({ center: 80, width: 200 }),
  soft: Object.freeze({ center: 40, width: 380 }),
  bone: Object.freeze({ center: 600, width: 2800 }),
});

export const PRESET_NAMES = Object.freeze(Object.keys(WINDOW_PRESETS) as WindowPreset[]);

/** The composite's channels, in order R, G, B: brain, subdural, soft tissue. */
export const COMPOSITE_WINDOWS: readonly [WindowLevel, WindowLevel, WindowLevel] = [WINDOW_PRESETS.brain, WINDOW_PRESETS.subdural, WINDOW_PRESETS.soft];

/** How a slice becomes an image: under one preset, or as the 3-window RGB composite. */
export const IMAGE_WINDOWS = [...PRESET_NAMES, 'composite'] as const;
export type ImageWindow = WindowPreset | 'composite';

/** The narrowest and widest windows a drag can reach. */
export const MIN_WINDOW_WIDTH = 1;
export const MAX_WINDOW_WIDTH = 65535;
export const MIN_WINDOW_CENTER = -32768;
export const MAX_WINDOW_CENTER = 32767;

// ── presets and parsing ──────────────────────────────────────────────────────────────────────────────────

/** What a window spec asks for: one window (a preset or `<C>/<W>`), or the RGB composite. */
export type WindowChoice = ({ kind: 'single'; name: WindowPreset | 'custom' } & WindowLevel) | { kind: 'composite' };

const NUMBER = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/;

/**
 * Parses 'brain' | 'subdural' | 'soft' | 'bone' | 'composite' | '<C>/<W>' (numbers, W > 0), e.g. '40/80' or
 * '-600/1500'. Throws an Error that lists the accepted forms otherwise.
 */
export function parseWindow(spec: string): WindowChoice {
  const text = spec.trim().toLowerCase();
  if (text === 'composite') return { kind: 'composite' };
  if (Object.hasOwn(WINDOW_PRESETS, text)) {
    const name = text as WindowPreset;
    return { kind: 'single', name, ...WINDOW_PRESETS[name] };
  }
  const parts = text.split('/');
  if (parts.length === 2 && NUMBER.test(parts[0].trim()) && NUMBER.test(parts[1].trim())) {
    const center = Number(parts[0]);
    const width = Number(parts[1]);
    if (Number.isFinite(center) && Number.isFinite(width) && width > 0) return { kind: 'single', name: 'custom', center, width };
    throw new Error(`window "${spec}": the width must be a number above 0`);
  }
  throw new Error(`window "${spec}" is not one of brain, subdural, soft, bone, composite or <center>/<width> (e.g. 40/80)`);
}

/** The preset a window equals, or 'custom'. */
export function presetOf(window: WindowLevel): WindowPreset | 'custom' {
  for (const name of PRESET_NAMES) {
    if (WINDOW_PRESETS[name].center === window.center && WINDOW_PRESETS[name].width === window.width) return name;
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

// ── the value formula ────────────────────────────────────────────────────────────────────────────────────

/** The formula every table entry follows: round(clamp((HU − (C − W/2)) / W, 0, 1) × 255). */
export function windowValue(hu: number, center: number, width: number): number {
  const fraction = (hu - (center - width / 2)) / width;
  return Math.round(Math.min(1, Math.max(0, fraction)) * 255);
}

function checkWindow(center: number, width: number): void {
  if (!(width > 0) || !Number.isFinite(center) || !Number.isFinite(width)) {
    throw new Error(`window ${center}/${width}: centre must be a number and width a number above 0`);
  }
}

/**
 * Fills `table[i]` with the grey level of HU `i + first` through `map` (grey → entry). Below the window
 * everything is 0 and above it 255: only the ramp between needs the formula.
 */
function fillRamp<T extends Uint8Array | Uint32Array>(table: T, first: number, size: number, center: number, width: number, map: (grey: number) => number): T {
  const rampFrom = Math.min(size, Math.max(0, Math.floor(center - width / 2) - 1 - first));
  const rampTo = Math.max(rampFrom - 1, Math.min(size - 1, Math.ceil(center + width / 2) + 1 - first));
  table.fill(map(0), 0, rampFrom);
  for (let i = rampFrom; i <= rampTo; i++) table[i] = map(windowValue(i + first, center, width));
  table.fill(map(255), rampTo + 1, size);
  return table;
}

// ── the 65,536-entry tables (CLI, PNG route, models) ─────────────────────────────────────────────────────

const LUT_SIZE = 65536;
const LUT_OFFSET = 32768;
const MAX_CACHED_TABLES = 64;
const greyTables = new Map<string, Uint8Array>();
const identity = (grey: number) => grey;

/** The 65536-entry table for (C, W), indexed by HU + 32768; built on first use and cached. */
export function windowTable(center: number, width: number): Uint8Array {
  checkWindow(center, width);
  const key = `${center}/${width}`;
  let table = greyTables.get(key);
  if (!table) {
    table = fillRamp(new Uint8Array(LUT_SIZE), -LUT_OFFSET, LUT_SIZE, center, width, identity);
    if (greyTables.size >= MAX_CACHED_TABLES) greyTables.delete(greyTables.keys().next().value as string);
    greyTables.set(key, table);
  }
  return table;
}

function output(length: number, out: Uint8Array | undefined, what: string): Uint8Array {
  if (out === undefined) return new Uint8Array(length);
  if (out.length < length) throw new Error(`${what}: output holds ${out.length} bytes, ${length} needed`);
  return out;
}

/** Windows HU to 8-bit grey, one byte per pixel. Writes into `out` when given. */
export function windowToGray(hu: Int16Array, center: number, width: number, out?: Uint8Array): Uint8Array {
  const table = windowTable(center, width);
  const grey = output(hu.length, out, 'windowToGray');
  const n = hu.length;
  for (let i = 0; i < n; i++) grey[i] = table[hu[i] + LUT_OFFSET];
  return grey;
}

let compositeTable: Uint32Array | null = null;

/** One entry per HU: the composite's R, G, B and an opaque alpha as one RGBA word in memory order. */
function compositeWords(): Uint32Array {
  if (!compositeTable) {
    const [r, g, b] = COMPOSITE_WINDOWS.map((w) => windowTable(w.center, w.width));
    const table = new Uint32Array(LUT_SIZE);
    for (let i = 0; i < LUT_SIZE; i++) table[i] = rgbaWord(r[i], g[i], b[i]);
    compositeTable = table;
  }
  return compositeTable;
}

/** Opaque R, G, B as one RGBA word in memory order (R, G, B, A bytes). */
function rgbaWord(r: number, g: number, b: number): number {
  return LITTLE_ENDIAN ? (0xff000000 | (b << 16) | (g << 8) | r) >>> 0 : ((r << 24) | (g << 16) | (b << 8) | 0xff) >>> 0;
}

/** The 3-window composite as interleaved RGB (3 bytes per pixel): R = brain, G = subdural, B = soft tissue. */
export function compositeRgb(hu: Int16Array, out?: Uint8Array): Uint8Array {
  const table = compositeWords();
  const rgb = output(hu.length * 3, out, 'compositeRgb');
  const n = hu.length;
  let i = 0;
  if (LITTLE_ENDIAN && rgb.byteOffset % 4 === 0) {
    // Four pixels are three whole words of RGB: 12 byte stores become 3 word stores.
    const words = new Uint32Array(rgb.buffer, rgb.byteOffset, Math.floor((n * 3) / 4));
    for (let w = 0; i + 4 <= n; i += 4, w += 3) {
      const p0 = table[hu[i] + LUT_OFFSET] & 0xffffff;
      const p1 = table[hu[i + 1] + LUT_OFFSET] & 0xffffff;
      const p2 = table[hu[i + 2] + LUT_OFFSET] & 0xffffff;
      const p3 = table[hu[i + 3] + LUT_OFFSET] & 0xffffff;
      words[w] = p0 | (p1 << 24);
      words[w + 1] = (p1 >>> 8) | (p2 << 16);
      words[w + 2] = (p2 >>> 16) | (p3 << 8);
    }
  }
  for (let o = i * 3; i < n; i++, o += 3) {
    const word = table[hu[i] + LUT_OFFSET];
    if (LITTLE_ENDIAN) {
      rgb[o] = word;
      rgb[o + 1] = word >>> 8;
      rgb[o + 2] = word >>> 16;
    } else {
      rgb[o] = word >>> 24;
      rgb[o + 1] = word >>> 16;
      rgb[o + 2] = word >>> 8;
    }
  }
  return rgb;
}

/** The composite as RGBA (alpha 255), e.g. for ImageData. Writes whole words when `out` is 4-byte aligned. */
export function compositeRgba(hu: Int16Array, out?: Uint8Array): Uint8Array {
  const table = compositeWords();
  const rgba = output(hu.length * 4, out, 'compositeRgba');
  const n = hu.length;
  if (rgba.byteOffset % 4 === 0) {
    const words = new Uint32Array(rgba.buffer, rgba.byteOffset, n);
    for (let i = 0; i < n; i++) words[i] = table[hu[i] + LUT_OFFSET];
    return rgba;
  }
  const bytes = new Uint8Array(table.buffer);
  for (let i = 0, o = 0; i < n; i++, o += 4) {
    const at = (hu[i] + LUT_OFFSET) * 4;
    rgba[o] = bytes[at];
    rgba[o + 1] = bytes[at + 1];
    rgba[o + 2] = bytes[at + 2];
    rgba[o + 3] = bytes[at + 3];
  }
  return rgba;
}

// ── the slice-range painter (the viewer's live drag) ─────────────────────────────────────────────────────

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

const greyWord = (g: number) => rgbaWord(g, g, g);

/**
 * Paints a slice as grey RGBA words under a window: reusable state for one viewer, so that repeated calls
 * (one per drag event) allocate nothing. The table spans only [min, max] of the slice given to `paint`
 * (a few thousand entries instead of 65536), so a new window costs almost nothing to build.
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
    fillRamp(this.table, this.tableMin, this.tableMax - this.tableMin + 1, center, width, greyWord);
    this.tableCenter = center;
    this.tableWidth = width;
    return this.table;
  }
}
