// CT window/level: HU → 8-bit gray through cached 65536-entry lookup tables, and the 3-window RGB composite
// (brain, subdural, soft tissue) that the CT models see. Pure TypeScript; safe in every layer.

export type WindowPresetName = 'brain' | 'subdural' | 'soft' | 'bone';

/** A named window: centre and width in HU. */
export interface WindowPreset {
  name: WindowPresetName;
  center: number;
  width: number;
}

export const WINDOW_PRESETS: Readonly<Record<WindowPresetName, Readonly<WindowPreset>>> = Object.freeze({
  brain: Object.freeze({ name: 'brain', center: 40, width: 80 }),
  subdural: Object.freeze({ name: 'subdural', center: 80, width: 200 }),
  soft: Object.freeze({ name: 'soft', center: 40, width: 380 }),
  bone: Object.freeze({ name: 'bone', center: 600, width: 2800 }),
});

/** The composite's channels, in order R, G, B. */
export const COMPOSITE_WINDOWS: readonly [WindowPreset, WindowPreset, WindowPreset] = [
  WINDOW_PRESETS.brain,
  WINDOW_PRESETS.subdural,
  WINDOW_PRESETS.soft,
];

/** What a window spec asks for: one window (a preset or `<C>/<W>`), or the RGB composite. */
export type WindowChoice =
  | { kind: 'single'; name: WindowPresetName | 'custom'; center: number; width: number }
  | { kind: 'composite' };

const NUMBER = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/;

/**
 * Parses 'brain' | 'subdural' | 'soft' | 'bone' | 'composite' | '<C>/<W>' (numbers, W > 0), e.g. '40/80' or
 * '-600/1500'. Throws an Error that lists the accepted forms otherwise.
 */
export function parseWindow(spec: string): WindowChoice {
  const text = spec.trim().toLowerCase();
  if (text === 'composite') return { kind: 'composite' };
  if (Object.hasOwn(WINDOW_PRESETS, text)) {
    const preset = WINDOW_PRESETS[text as WindowPresetName];
    return { kind: 'single', name: preset.name, center: preset.center, width: preset.width };
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

/** The formula every table entry follows: round(clamp((HU − (C − W/2)) / W, 0, 1) × 255). */
export function windowValue(hu: number, center: number, width: number): number {
  const fraction = (hu - (center - width / 2)) / width;
  return Math.round(Math.min(1, Math.max(0, fraction)) * 255);
}

const LUT_SIZE = 65536;
const LUT_OFFSET = 32768;
const MAX_CACHED_TABLES = 64;
const grayTables = new Map<string, Uint8Array>();

/** The 65536-entry table for (C, W), indexed by HU + 32768; built on first use and cached. */
export function windowTable(center: number, width: number): Uint8Array {
  if (!(width > 0) || !Number.isFinite(center) || !Number.isFinite(width)) {
    throw new Error(`window ${center}/${width}: centre must be a number and width a number above 0`);
  }
  const key = `${center}/${width}`;
  let table = grayTables.get(key);
  if (!table) {
    table = new Uint8Array(LUT_SIZE);
    for (let i = 0; i < LUT_SIZE; i++) table[i] = windowValue(i - LUT_OFFSET, center, width);
    if (grayTables.size >= MAX_CACHED_TABLES) grayTables.delete(grayTables.keys().next().value as string);
    grayTables.set(key, table);
  }
  return table;
}

function output(length: number, out: Uint8Array | undefined, what: string): Uint8Array {
  if (out === undefined) return new Uint8Array(length);
  if (out.length < length) throw new Error(`${what}: output holds ${out.length} bytes, ${length} needed`);
  return out;
}

/** Windows HU to 8-bit gray, one byte per pixel. Writes into `out` when given. */
export function windowToGray(hu: Int16Array, center: number, width: number, out?: Uint8Array): Uint8Array {
  const table = windowTable(center, width);
  const gray = output(hu.length, out, 'windowToGray');
  for (let i = 0; i < hu.length; i++) gray[i] = table[hu[i] + LUT_OFFSET];
  return gray;
}

let compositeTable: Uint32Array | null = null;
const littleEndian = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/** One packed entry per HU: R | G << 8 | B << 16 | 255 << 24 (little-endian RGBA bytes). */
function compositePacked(): Uint32Array {
  if (!compositeTable) {
    const [r, g, b] = COMPOSITE_WINDOWS.map((w) => windowTable(w.center, w.width));
    const table = new Uint32Array(LUT_SIZE);
    for (let i = 0; i < LUT_SIZE; i++) table[i] = (r[i] | (g[i] << 8) | (b[i] << 16) | (255 << 24)) >>> 0;
    compositeTable = table;
  }
  return compositeTable;
}

/** The 3-window composite as interleaved RGB (3 bytes per pixel): R = brain, G = subdural, B = soft tissue. */
export function compositeRgb(hu: Int16Array, out?: Uint8Array): Uint8Array {
  const table = compositePacked();
  const rgb = output(hu.length * 3, out, 'compositeRgb');
  for (let i = 0, o = 0; i < hu.length; i++, o += 3) {
    const packed = table[hu[i] + LUT_OFFSET];
    rgb[o] = packed;
    rgb[o + 1] = packed >>> 8;
    rgb[o + 2] = packed >>> 16;
  }
  return rgb;
}

/** The composite as RGBA (alpha 255), e.g. for ImageData. Writes 32-bit words when `out` is 4-byte aligned. */
export function compositeRgba(hu: Int16Array, out?: Uint8Array): Uint8Array {
  const table = compositePacked();
  const rgba = output(hu.length * 4, out, 'compositeRgba');
  if (rgba.byteOffset % 4 === 0 && littleEndian) {
    const words = new Uint32Array(rgba.buffer, rgba.byteOffset, hu.length);
    for (let i = 0; i < hu.length; i++) words[i] = table[hu[i] + LUT_OFFSET];
    return rgba;
  }
  for (let i = 0, o = 0; i < hu.length; i++, o += 4) {
    const packed = table[hu[i] + LUT_OFFSET];
    rgba[o] = packed;
    rgba[o + 1] = packed >>> 8;
    rgba[o + 2] = packed >>> 16;
    rgba[o + 3] = 255;
  }
  return rgba;
}
