// Stored values → Hounsfield units: the RSNA intercept fix, MONOCHROME1 inversion, then rescale.

import type { StoredSamples } from './pixels';

export interface HuTransform {
  slope: number;
  intercept: number;
  bitsStored: number;
  /** Signedness of the stored values (see StoredFrame.signed). */
  signed: boolean;
  /** PixelRepresentation as the header says it (the RSNA fix looks at the header). */
  pixelRepresentation: number;
  photometricInterpretation: string;
}

/**
 * The public RSNA fix (DESIGN.md) applies when BitsStored is 12, PixelRepresentation is 0 and the intercept is
 * above -100: such slices store HU + 1000 wrapped at 4096 but claim an intercept near 0.
 */
export function needsRsnaFix(t: Pick<HuTransform, 'bitsStored' | 'pixelRepresentation' | 'intercept'>): boolean {
  return t.bitsStored === 12 && t.pixelRepresentation === 0 && t.intercept > -100;
}

const HU_MIN = -32768;
const HU_MAX = 32767;

/**
 * The HU of one stored value, the formula every path follows. Order: (1) RSNA fix on the stored value:
 * v + 1000, minus 4096 when that reaches 4096, intercept -1000; (2) MONOCHROME1 inversion, done in the stored
 * domain by mirroring the representable BitsStored range: unsigned v → (2^BitsStored − 1) − v, signed
 * v → −1 − v (the signed range mirrored onto itself); the result reads as MONOCHROME2 (larger is brighter), so
 * HU windows work unchanged; (3) HU = round(v × slope + intercept), clamped to int16.
 */
function huFormula(t: HuTransform): (stored: number) => number {
  const rsnaFix = needsRsnaFix(t);
  const intercept = rsnaFix ? -1000 : t.intercept;
  const slope = t.slope;
  const invert = t.photometricInterpretation.toUpperCase() === 'MONOCHROME1';
  // v → mirror − v; mirror 0 with sign 1 leaves v as is.
  const sign = invert ? -1 : 1;
  const mirror = invert ? (t.signed ? -1 : 2 ** t.bitsStored - 1) : 0;
  return (stored) => {
    let v = stored;
    if (rsnaFix) {
      v += 1000;
      if (v >= 4096) v -= 4096;
    }
    const value = Math.round((mirror + sign * v) * slope + intercept);
    return value < HU_MIN ? HU_MIN : value > HU_MAX ? HU_MAX : value;
  };
}

/** How a raw sample becomes a stored value: its width, and the BitsStored / HighBit extraction (pixels.ts). */
export interface SampleLayout {
  bytesPerSample: 1 | 2;
  /** Whether samples are read as signed: sign-extended from the top stored bit, or as the typed array's sign. */
  signed: boolean;
  /** Shift, mask and sign-extend BitsStored bits ending at HighBit (false: the samples already are values). */
  extract: boolean;
  bitsStored: number;
  highBit: number;
}

/** The stored value a raw sample pattern `k` (read unsigned) holds, as extractStoredBits would give it. */
function sampleValue(layout: SampleLayout): (k: number) => number {
  const size = layout.bytesPerSample === 1 ? 256 : 65536;
  if (!layout.extract || layout.bitsStored >= layout.bytesPerSample * 8) {
    return layout.signed ? (k) => (k >= size / 2 ? k - size : k) : (k) => k;
  }
  const shift = Math.max(0, layout.highBit + 1 - layout.bitsStored);
  const mask = 2 ** layout.bitsStored - 1;
  const up = 32 - layout.bitsStored;
  return layout.signed ? (k) => (((k >>> shift) & mask) << up) >> up : (k) => (k >>> shift) & mask;
}

const MAX_CACHED_TABLES = 16;
const tables = new Map<string, Int16Array>();

/**
 * HU for every bit pattern of an 8- or 16-bit sample (index = the sample read unsigned): the bit extraction,
 * fix, inversion and rescale folded into one table, so a frame converts with one read per pixel whatever its
 * header says. Built once per layout and transform (a dataset repeats a handful) and cached.
 */
function huTable(layout: SampleLayout, t: HuTransform): Int16Array {
  const key = `${layout.bytesPerSample}:${layout.signed}:${layout.extract}:${layout.bitsStored}:${layout.highBit}|${t.slope}:${t.intercept}:${t.bitsStored}:${t.signed}:${t.pixelRepresentation}:${t.photometricInterpretation.toUpperCase()}`;
  let table = tables.get(key);
  if (!table) {
    const size = layout.bytesPerSample === 1 ? 256 : 65536;
    const value = sampleValue(layout);
    const hu = huFormula(t);
    table = new Int16Array(size);
    for (let k = 0; k < size; k++) table[k] = hu(value(k));
    if (tables.size >= MAX_CACHED_TABLES) tables.delete(tables.keys().next().value as string);
    tables.set(key, table);
  }
  return table;
}

/** Raw little-endian samples (one frame) → HU through the table of their layout; `into` as for storedToHu. */
export function samplesToHu(bytes: Uint8Array, layout: SampleLayout, t: HuTransform, into?: Int16Array): Int16Array {
  const n = Math.floor(bytes.length / layout.bytesPerSample);
  const hu = into?.length === n ? into : new Int16Array(n);
  const table = huTable(layout, t);
  if (layout.bytesPerSample === 1) {
    for (let i = 0; i < n; i++) hu[i] = table[bytes[i]];
    return hu;
  }
  // One monomorphic loop for every 16-bit frame: the samples read as unsigned index the table.
  const samples = bytes.byteOffset % 2 === 0 ? new Uint16Array(bytes.buffer, bytes.byteOffset, n) : new Uint16Array(bytes.slice().buffer, 0, n);
  for (let i = 0; i < n; i++) hu[i] = table[samples[i]];
  return hu;
}

/**
 * Converts one frame of stored values (BitsStored already applied) to HU (see huFormula for the order of the
 * steps), rounded to integers and clamped to int16. Writes into `into` when it holds exactly one value per pixel
 * (a caller converting many slices reuses one).
 */
export function storedToHu(values: StoredSamples, t: HuTransform, into?: Int16Array): { hu: Int16Array; rsnaFixApplied: boolean } {
  const rsnaFixApplied = needsRsnaFix(t);
  if (values.BYTES_PER_ELEMENT <= 2) {
    const signed = values instanceof Int8Array || values instanceof Int16Array;
    const layout: SampleLayout = { bytesPerSample: values.BYTES_PER_ELEMENT as 1 | 2, signed, extract: false, bitsStored: t.bitsStored, highBit: t.bitsStored - 1 };
    const bytes = new Uint8Array(values.buffer, values.byteOffset, values.byteLength);
    return { hu: samplesToHu(bytes, layout, t, into), rsnaFixApplied };
  }
  const n = values.length;
  const hu = into?.length === n ? into : new Int16Array(n);
  const formula = huFormula(t);
  for (let i = 0; i < n; i++) hu[i] = formula(values[i]);
  return { hu, rsnaFixApplied };
}
