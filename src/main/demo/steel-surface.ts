// The defect-free surface of a generated steel strip, with what real Severstal strips show and a model
// must not mistake for defects: streaks along the rolling direction (down the image), shading across and
// down the strip, stains and mottling, grain, sometimes a tread-plate pattern, and the dark margin where
// the camera saw past the strip's edge (a near-black band over part of the width, as on many real strips).
import { STEEL_HEIGHT as H, STEEL_WIDTH as W } from '../../shared/domain';
import { between, type Random } from './random';
import { gaussianish, layeredProfile, smoothProfile, valueNoise } from './noise';

export interface SteelSurface {
  /** Row-major grey values (not yet clamped to 0–255). */
  image: Float32Array;
  /** Row-major: 1 where the strip is, 0 in the dark margin. Defects are drawn only where this is 1. */
  steel: Uint8Array;
}

export interface SurfaceOptions {
  /** Chance of a dark margin at one edge (both edges: a tenth of those). */
  marginChance: number;
  /** Chance of the tread-plate (diamond) pattern. */
  treadChance: number;
  /** Chance of faint stains and roll marks that are not defects. */
  blemishChance: number;
  /** The widest margin in pixels (at most; narrower when defects must fit). */
  maxMargin: number;
}

export const SURFACE_DEFAULTS: SurfaceOptions = { marginChance: 0.35, treadChance: 0.05, blemishChance: 0.6, maxMargin: 1400 };

function addTread(image: Float32Array, random: Random): void {
  // Raised diamonds: two families of diagonal ridges; a ridge is bright on one flank and dark on the other.
  const period = between(random, 70, 130);
  const slope = between(random, 1.8, 3.2);
  const strength = between(random, 18, 40);
  const phase = between(random, 0, period);
  for (let y = 0; y < H; y++) {
    for (let x = 0; x < W; x++) {
      let shade = 0;
      for (const s of [slope, -slope]) {
        const u = (((x + phase + y / s) % period) + period) % period;
        const d = u - period / 2; // distance to the ridge in pixels
        if (Math.abs(d) < 5) shade += d > 0 ? strength * (1 - d / 5) : -strength * 0.7 * (1 + d / 5);
      }
      image[y * W + x] += shade;
    }
  }
}

/** Bright glints of the grain and a few isolated dark flecks: on real strips neither is a defect by itself. */
function addSpecks(image: Float32Array, random: Random): void {
  const glints = Math.floor(between(random, 0, 0.006) * W * H);
  for (let n = 0; n < glints; n++) image[Math.floor(random() * W * H)] += between(random, 15, 50);
  for (let n = Math.floor(between(random, 0, 14)); n > 0; n--) {
    const [cx, cy, r, shade] = [between(random, 0, W), between(random, 0, H), between(random, 0.8, 2.2), -between(random, 15, 45)];
    for (let y = Math.max(0, Math.floor(cy - r)); y <= Math.min(H - 1, Math.ceil(cy + r)); y++) {
      for (let x = Math.max(0, Math.floor(cx - r)); x <= Math.min(W - 1, Math.ceil(cx + r)); x++) {
        if ((x + 0.5 - cx) ** 2 + (y + 0.5 - cy) ** 2 <= r * r) image[y * W + x] += shade;
      }
    }
  }
}

function addBlemishes(image: Float32Array, random: Random): void {
  // Stains: soft blotches a few grey levels off the surface, tens to hundreds of pixels across.
  const stains = valueNoise(random, W, H, between(random, 25, 70), between(random, 20, 50));
  const amount = between(random, 4, 14);
  for (let i = 0; i < image.length; i++) image[i] += Math.max(0, Math.abs(stains[i]) - 0.35) * amount * 2 * Math.sign(stains[i]);
  // Roll marks: faint lines over the whole height.
  for (let n = Math.floor(between(random, 0, 4)); n > 0; n--) {
    const x0 = between(random, 0, W);
    const shade = between(random, -9, 9);
    const tilt = between(random, -0.08, 0.08);
    for (let y = 0; y < H; y++) {
      const x = Math.round(x0 + tilt * y);
      for (let dx = -1; dx <= 1; dx++) if (x + dx >= 0 && x + dx < W) image[y * W + x + dx] += shade * (dx === 0 ? 1 : 0.5);
    }
  }
}

/** Where the margin is: the columns left of `edge(y)` (or right of it), per row. */
function addMargin(image: Float32Array, steel: Uint8Array, random: Random, side: 'left' | 'right', width: number): void {
  const tilt = between(random, -0.04, 0.04);
  const wobble = smoothProfile(random, H, 40);
  const soft = between(random, 1, 8); // the edge's blur in pixels
  const black = between(random, 0, 14);
  const rim = random() < 0.35 ? between(random, 15, 60) : 0; // a lit rim along the strip's edge
  const shadow = random() < 0.4 ? between(random, 10, 40) : 0; // the strip darkens towards its edge
  for (let y = 0; y < H; y++) {
    const e = width + tilt * (y - H / 2) + wobble[y] * 2;
    for (let x = 0; x < W; x++) {
      const d = side === 'left' ? x - e : W - 1 - x - e; // > 0 on the strip
      const i = y * W + x;
      if (d < soft) {
        const t = Math.max(0, (d + soft) / (2 * soft)); // 0 deep in the margin … 1 on the strip
        image[i] = black + gaussianish(random, 1.5) + (image[i] - black) * t * t;
        if (d < 0) steel[i] = 0;
      } else {
        if (rim && d < soft + 4) image[i] += rim * (1 - (d - soft) / 4);
        if (shadow && d < 120) image[i] -= shadow * (1 - d / 120);
      }
      if (d < 12) steel[i] = 0; // defects keep clear of the edge itself
    }
  }
}

/** A defect-free strip surface; `keepFree` pixels of width stay clear of margins (room for defects). */
export function steelSurface(random: Random, keepFree: number, options: SurfaceOptions = SURFACE_DEFAULTS): SteelSurface {
  const image = new Float32Array(W * H);
  const steel = new Uint8Array(W * H).fill(1);
  const base = between(random, 45, 145);
  // Streaks run down the strip: a column profile at several scales, and the same for shading down it.
  const columns = layeredProfile(random, W, [
    { spacing: between(random, 150, 400), amplitude: between(random, 5, 20) },
    { spacing: between(random, 15, 40), amplitude: between(random, 2, 8) },
    { spacing: 2, amplitude: between(random, 1, 5) },
  ]);
  const gradient = between(random, -35, 35);
  const rows = layeredProfile(random, H, [{ spacing: between(random, 60, 200), amplitude: between(random, 2, 8) }]);
  const across = between(random, 0, 25);
  const phase = between(random, 0, Math.PI);
  const mottling = valueNoise(random, W, H, between(random, 4, 12), between(random, 20, 80)); // elongated down the strip
  const mottle = between(random, 2, 9);
  const grain = between(random, 2.5, 10);
  for (let y = 0; y < H; y++) {
    const down = gradient * (y / H - 0.5) + rows[y];
    for (let x = 0; x < W; x++) {
      const i = y * W + x;
      image[i] = base + columns[x] + down + across * Math.sin((x / W) * Math.PI + phase) + mottling[i] * mottle + gaussianish(random, grain);
    }
  }
  addSpecks(image, random);
  if (random() < options.treadChance) addTread(image, random);
  if (random() < options.blemishChance) addBlemishes(image, random);
  if (random() < options.marginChance) {
    const room = Math.max(0, Math.min(options.maxMargin, W - keepFree));
    const both = random() < 0.1;
    const first = random() < 0.5 ? 'left' : 'right';
    const widthOf = (share: number) => between(random, 30, Math.max(31, room * share));
    addMargin(image, steel, random, first, widthOf(both ? 0.5 : 1));
    if (both) addMargin(image, steel, random, first === 'left' ? 'right' : 'left', widthOf(0.5));
  }
  return { image, steel };
}
