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
  /** Chance of stains, roll marks and glare bands that are not defects. */
  blemishChance: number;
  /** Chance of specular spots (bright soft blobs where the light is reflected, or water drops). */
  glareChance: number;
  /** The widest margin in pixels (at most; narrower when defects must fit). */
  maxMargin: number;
  /** Grain and mottling are scaled by a factor drawn between 1 and this. */
  texture: number;
}

export const SURFACE_DEFAULTS: SurfaceOptions = { marginChance: 0.35, treadChance: 0.07, blemishChance: 0.7, glareChance: 0.2, maxMargin: 1400, texture: 1.8 };

function addTread(image: Float32Array, random: Random): void {
  // Raised diamonds: two families of diagonal grooves, dark in the groove with a lit flank beside it.
  const period = between(random, 70, 130);
  const slope = between(random, 1.6, 3.2);
  const depth = between(random, 30, 75);
  const width = between(random, 3, 7);
  const phase = between(random, 0, period);
  for (let y = 0; y < H; y++) {
    for (let x = 0; x < W; x++) {
      let shade = 0;
      for (const s of [slope, -slope]) {
        const u = (((x + phase + y / s) % period) + period) % period;
        const d = u - period / 2; // signed distance to the groove in pixels
        if (Math.abs(d) < width) shade -= depth * (1 - Math.abs(d) / width);
        else if (d > 0 && d < 2.5 * width) shade += depth * 0.45 * (1 - (d - width) / (1.5 * width));
      }
      image[y * W + x] += shade;
    }
  }
}

/** A few isolated dark flecks: on real strips a fleck alone is not a defect. */
function addSpecks(image: Float32Array, random: Random): void {
  for (let n = Math.floor(between(random, 0, 14)); n > 0; n--) {
    const [cx, cy, r, shade] = [between(random, 0, W), between(random, 0, H), between(random, 0.8, 2.2), -between(random, 15, 45)];
    for (let y = Math.max(0, Math.floor(cy - r)); y <= Math.min(H - 1, Math.ceil(cy + r)); y++) {
      for (let x = Math.max(0, Math.floor(cx - r)); x <= Math.min(W - 1, Math.ceil(cx + r)); x++) {
        if ((x + 0.5 - cx) ** 2 + (y + 0.5 - cy) ** 2 <= r * r) image[y * W + x] += shade;
      }
    }
  }
}

function addGlare(image: Float32Array, random: Random): void {
  const cx = between(random, 0, W);
  const cy = between(random, 0, H);
  for (let n = Math.floor(between(random, 1, 12)); n > 0; n--) {
    const [x0, y0] = [cx + between(random, -150, 150), cy + between(random, -80, 80)];
    const [rx, ry] = [between(random, 3, 40), between(random, 3, 40)];
    const gain = between(random, 40, 160);
    for (let y = Math.max(0, Math.floor(y0 - 2 * ry)); y < Math.min(H, y0 + 2 * ry); y++) {
      for (let x = Math.max(0, Math.floor(x0 - 2 * rx)); x < Math.min(W, x0 + 2 * rx); x++) {
        const d = ((x - x0) / rx) ** 2 + ((y - y0) / ry) ** 2;
        if (d < 4) image[y * W + x] += gain * Math.exp(-d * 1.5);
      }
    }
  }
}

function addBlemishes(image: Float32Array, random: Random): void {
  // Stains: soft blotches off the surface, tens to hundreds of pixels across, often drawn out down the strip.
  const stains = valueNoise(random, W, H, between(random, 20, 70), between(random, 20, 120));
  const amount = between(random, 4, 22);
  for (let i = 0; i < image.length; i++) image[i] += Math.max(0, Math.abs(stains[i]) - 0.35) * amount * 2 * Math.sign(stains[i]);
  // Roll marks: lines over the whole height, alone or in bunches, lighter or darker than the steel.
  const bunch = between(random, 0, W);
  for (let n = Math.floor(between(random, 0, 9)); n > 0; n--) {
    const x0 = random() < 0.5 ? between(random, 0, W) : bunch + between(random, -60, 60);
    const shade = between(random, -25, 20);
    const tilt = between(random, -0.06, 0.06);
    const half = Math.floor(between(random, 0, 2.5));
    for (let y = 0; y < H; y++) {
      const x = Math.round(x0 + tilt * y);
      for (let dx = -half - 1; dx <= half + 1; dx++) {
        if (x + dx >= 0 && x + dx < W) image[y * W + x + dx] += shade * (Math.abs(dx) <= half ? 1 : 0.4);
      }
    }
  }
  // Glare: a soft bright band across the strip where the light catches it.
  if (random() < 0.3) {
    const [y0, spread, gain] = [between(random, 0, H), between(random, 15, 60), between(random, 15, 45)];
    for (let y = 0; y < H; y++) {
      const k = gain * Math.exp(-(((y - y0) / spread) ** 2));
      for (let x = 0; x < W; x++) image[y * W + x] += k;
    }
  }
}

/** Where the margin is: the columns left of `edge(y)` (or right of it), per row. */
function addMargin(image: Float32Array, steel: Uint8Array, random: Random, side: 'left' | 'right', width: number): void {
  const tilt = between(random, -0.04, 0.04);
  const wobble = smoothProfile(random, H, between(random, 10, 60));
  const jag = between(random, 1, 6);
  const soft = between(random, 1, 8); // the edge's blur in pixels
  const black = between(random, 0, 14);
  const rim = random() < 0.5 ? between(random, 20, 120) : 0; // a lit rim along the strip's edge …
  const rimWidth = between(random, 2, 9);
  const shadow = random() < 0.5 ? between(random, 10, 50) : 0; // … or the strip darkening towards it
  for (let y = 0; y < H; y++) {
    const e = width + tilt * (y - H / 2) + wobble[y] * jag;
    for (let x = 0; x < W; x++) {
      const d = side === 'left' ? x - e : W - 1 - x - e; // > 0 on the strip
      const i = y * W + x;
      if (d < soft) {
        const t = Math.max(0, (d + soft) / (2 * soft)); // 0 deep in the margin … 1 on the strip
        image[i] = black + gaussianish(random, 1.5) + (image[i] - black) * t * t;
        if (d < 0) steel[i] = 0;
      } else {
        if (rim && d < soft + rimWidth) image[i] += rim * (1 - (d - soft) / rimWidth);
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
  const rough = between(random, 1, options.texture); // how rough this strip is overall …
  const mottling = valueNoise(random, W, H, between(random, 4, 12), between(random, 20, 80)); // elongated down the strip
  const mottle = between(random, 2, 9) * rough;
  const grain = between(random, 2.5, 10) * rough;
  // … and where: rolled steel is grainier in some zones (scale, a rougher finish) than in others.
  const zones = valueNoise(random, W, H, between(random, 60, 250), between(random, 30, 120));
  const zoning = between(random, 0, 3);
  const glints = between(random, 0, 0.02) * rough;
  for (let y = 0; y < H; y++) {
    const down = gradient * (y / H - 0.5) + rows[y];
    for (let x = 0; x < W; x++) {
      const i = y * W + x;
      const z = 1 + zoning * Math.max(0, zones[i]);
      image[i] = base + columns[x] + down + across * Math.sin((x / W) * Math.PI + phase) + mottling[i] * mottle + gaussianish(random, grain * z);
      if (random() < glints * z) image[i] += between(random, 15, 60); // bright grains catching the light
    }
  }
  addSpecks(image, random);
  if (random() < options.treadChance) addTread(image, random);
  if (random() < options.glareChance) addGlare(image, random);
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
