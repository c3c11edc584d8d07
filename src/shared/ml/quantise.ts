// Probability maps are kept as one byte per pixel (p × 255, rounded): 4× smaller than float32, and
// precise to 0.002 — finer than any threshold a person sets.

/** Bytes 0..255 for probabilities 0..1 (values outside are clamped; NaN becomes 0). */
export function quantiseProbabilities(values: ArrayLike<number>, out?: Uint8Array): Uint8Array {
  const bytes = out ?? new Uint8Array(values.length);
  for (let i = 0; i < values.length; i++) {
    const v = values[i] * 255;
    bytes[i] = v >= 255 ? 255 : v > 0 ? Math.round(v) : 0;
  }
  return bytes;
}

/** The probability a quantised byte stands for. */
export function dequantise(byte: number): number {
  return byte / 255;
}

/** The byte a threshold compares against: a pixel passes when its byte ≥ this. */
export function thresholdByte(threshold: number): number {
  return Math.min(255, Math.max(0, Math.ceil(threshold * 255 - 1e-9)));
}
