// Seeded noise for the generated steel strips and head phantoms: smooth 1-D profiles (streaks along a
// strip, shading down it) and 2-D value noise (stains, mottling, tissue texture), so the generated images
// vary the way real ones do instead of being flat with white noise on top.
import { between, type Random } from './random';

/** `length` values of smooth noise in about −1…1: random knots every `spacing` samples, cosine-interpolated. */
export function smoothProfile(random: Random, length: number, spacing: number): Float32Array {
  const step = Math.max(1, spacing);
  const knots = Array.from({ length: Math.ceil(length / step) + 2 }, () => between(random, -1, 1));
  const out = new Float32Array(length);
  for (let i = 0; i < length; i++) {
    const s = i / step;
    const k = Math.floor(s);
    const t = (1 - Math.cos((s - k) * Math.PI)) / 2;
    out[i] = knots[k] * (1 - t) + knots[k + 1] * t;
  }
  return out;
}

/** Sum of smooth profiles at several spacings, each with its amplitude. */
export function layeredProfile(random: Random, length: number, octaves: readonly { spacing: number; amplitude: number }[]): Float32Array {
  const out = new Float32Array(length);
  for (const { spacing, amplitude } of octaves) {
    const layer = smoothProfile(random, length, spacing);
    for (let i = 0; i < length; i++) out[i] += layer[i] * amplitude;
  }
  return out;
}

/**
 * Row-major 2-D value noise in about −1…1 over width × height: a random grid of knots every
 * `cellX` × `cellY` pixels, bilinearly interpolated with a smooth step.
 */
export function valueNoise(random: Random, width: number, height: number, cellX: number, cellY = cellX): Float32Array {
  const gx = Math.ceil(width / cellX) + 2;
  const gy = Math.ceil(height / cellY) + 2;
  const knots = Float32Array.from({ length: gx * gy }, () => between(random, -1, 1));
  const out = new Float32Array(width * height);
  const smooth = (t: number) => t * t * (3 - 2 * t);
  for (let y = 0; y < height; y++) {
    const sy = y / cellY;
    const ky = Math.floor(sy);
    const ty = smooth(sy - ky);
    for (let x = 0; x < width; x++) {
      const sx = x / cellX;
      const kx = Math.floor(sx);
      const tx = smooth(sx - kx);
      const a = knots[ky * gx + kx];
      const b = knots[ky * gx + kx + 1];
      const c = knots[(ky + 1) * gx + kx];
      const d = knots[(ky + 1) * gx + kx + 1];
      out[y * width + x] = (a * (1 - tx) + b * tx) * (1 - ty) + (c * (1 - tx) + d * tx) * ty;
    }
  }
  return out;
}

/** Roughly normal noise (the sum of three uniforms), mean 0 and standard deviation `sigma`. */
export function gaussianish(random: Random, sigma: number): number {
  return (random() + random() + random() - 1.5) * 2 * sigma;
}

/** A separable box blur of a row-major image, `radius` pixels each way (edges clamp). */
export function boxBlur(image: Float32Array, width: number, height: number, radius: number): Float32Array {
  if (radius <= 0) return image.slice();
  const tmp = new Float32Array(image.length);
  const out = new Float32Array(image.length);
  const n = 2 * radius + 1;
  for (let y = 0; y < height; y++) {
    const row = y * width;
    for (let x = 0; x < width; x++) {
      let sum = 0;
      for (let k = -radius; k <= radius; k++) sum += image[row + Math.min(width - 1, Math.max(0, x + k))];
      tmp[row + x] = sum / n;
    }
  }
  for (let x = 0; x < width; x++) {
    for (let y = 0; y < height; y++) {
      let sum = 0;
      for (let k = -radius; k <= radius; k++) sum += tmp[Math.min(height - 1, Math.max(0, y + k)) * width + x];
      out[y * width + x] = sum / n;
    }
  }
  return out;
}
