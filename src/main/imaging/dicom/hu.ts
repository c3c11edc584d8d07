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
 * Converts one frame to HU, rounded to integers and clamped to int16.
 *
 * Order: (1) RSNA fix on the stored value: v + 1000, minus 4096 when that reaches 4096, intercept -1000;
 * (2) MONOCHROME1 inversion, done in the stored domain by mirroring the representable BitsStored range:
 *     unsigned v → (2^BitsStored − 1) − v, signed v → −1 − v (the signed range mirrored onto itself).
 *     The result reads as MONOCHROME2: a larger value is brighter, so HU windows work unchanged;
 * (3) HU = round(v × slope + intercept).
 */
export function storedToHu(values: StoredSamples, t: HuTransform): { hu: Int16Array; rsnaFixApplied: boolean } {
  const n = values.length;
  const hu = new Int16Array(n);
  const rsnaFixApplied = needsRsnaFix(t);
  const intercept = rsnaFixApplied ? -1000 : t.intercept;
  const slope = t.slope;
  const invert = t.photometricInterpretation.toUpperCase() === 'MONOCHROME1';
  // v → mirror − v; mirror 0 with sign −1 leaves v as is.
  const sign = invert ? -1 : 1;
  const mirror = invert ? (t.signed ? -1 : 2 ** t.bitsStored - 1) : 0;
  const integral = Number.isInteger(slope) && Number.isInteger(intercept);

  if (!rsnaFixApplied && !invert && slope === 1 && integral) {
    // The common CT case: HU = stored + intercept.
    for (let i = 0; i < n; i++) {
      const v = values[i] + intercept;
      hu[i] = v < HU_MIN ? HU_MIN : v > HU_MAX ? HU_MAX : v;
    }
    return { hu, rsnaFixApplied };
  }
  for (let i = 0; i < n; i++) {
    let stored = values[i];
    if (rsnaFixApplied) {
      stored += 1000;
      if (stored >= 4096) stored -= 4096;
    }
    stored = mirror + sign * stored;
    let v = stored * slope + intercept;
    if (!integral) v = Math.round(v);
    hu[i] = v < HU_MIN ? HU_MIN : v > HU_MAX ? HU_MAX : v;
  }
  return { hu, rsnaFixApplied };
}
