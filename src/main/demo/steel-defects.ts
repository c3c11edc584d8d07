// Defects of the four Severstal classes drawn onto a generated strip surface, each as an "ink" change of
// the grey values and a label mask drawn the way annotators drew Severstal's: a generous region around
// the marks rather than their exact pixels.
//   1: clusters of small pits and spots   2: short scratches down the strip
//   3: long scratches, scuffed patches, rolled-in streaks (the commonest and most varied class)
//   4: large dark patches with a rough, pitted texture
import { STEEL_HEIGHT as H, STEEL_WIDTH as W } from '../../shared/domain';
import { paintStroke, type Point } from '../../shared/mask-edit/brush';
import { fillPolygon } from '../../shared/mask-edit/polygon';
import { between, intBetween, type Random } from './random';
import { valueNoise } from './noise';

export interface DefectCanvas {
  /** Row-major surface grey values (read for the local brightness). */
  image: Float32Array;
  /** Row-major: 1 where defects may be drawn (not in a dark margin). */
  steel: Uint8Array;
  /** Row-major change of the grey values, added (slightly blurred) once every defect is drawn. */
  delta: Float32Array;
}

/** A random point on the strip (not in a margin), at least `pad` pixels from the top and bottom. */
function pointOnSteel(canvas: DefectCanvas, random: Random, pad: number): Point {
  let p = { x: between(random, 20, W - 20), y: between(random, pad, H - pad) };
  for (let tries = 0; tries < 200 && !canvas.steel[Math.floor(p.y) * W + Math.floor(p.x)]; tries++) {
    p = { x: between(random, 20, W - 20), y: between(random, pad, H - pad) };
  }
  return p;
}

/** Adds `shade` to the delta over a column-major ink mask, scaled to the local brightness for dark marks. */
function applyInk(canvas: DefectCanvas, ink: Uint8Array, shade: (x: number, y: number) => number): void {
  for (let x = 0; x < W; x++) {
    const column = x * H;
    for (let y = 0; y < H; y++) {
      if (!ink[column + y]) continue;
      const i = y * W + x;
      if (!canvas.steel[i]) continue;
      const s = shade(x, y);
      canvas.delta[i] += s < 0 ? s * Math.min(1.3, Math.max(0.45, canvas.image[i] / 110)) : s;
    }
  }
}

const stroke = (points: Point[], radius: number, into: Uint8Array = new Uint8Array(W * H)): Uint8Array => {
  paintStroke(into, W, H, points, radius, 1);
  return into;
};

function ellipse(cx: number, cy: number, rx: number, ry: number, random: Random, jitter: number, n = 16): Point[] {
  return Array.from({ length: n }, (_, i) => {
    const a = (i / n) * 2 * Math.PI;
    const k = between(random, 1 - jitter, 1 + jitter);
    return { x: cx + Math.cos(a) * rx * k, y: cy + Math.sin(a) * ry * k };
  });
}

function pits(canvas: DefectCanvas, label: Uint8Array, random: Random): void {
  const c = pointOnSteel(canvas, random, 20);
  const [rx, ry] = [between(random, 10, 55), between(random, 10, 45)];
  const ink = new Uint8Array(W * H);
  const bright = random() < 0.3;
  const specks = intBetween(random, 6, 24);
  for (let s = 0; s < specks; s++) {
    const p = { x: c.x + between(random, -rx, rx), y: c.y + between(random, -ry, ry) };
    const r = between(random, 2, 5);
    stroke([p], r, ink);
    stroke([p], r + between(random, 3, 6), label);
  }
  if (random() < 0.3) fillPolygon(label, W, H, ellipse(c.x, c.y, rx + 6, ry + 6, random, 0.15), 1);
  const amount = bright ? between(random, 45, 85) : -between(random, 45, 90);
  applyInk(canvas, ink, () => amount * between(random, 0.7, 1.1));
}

function shortScratches(canvas: DefectCanvas, label: Uint8Array, random: Random): void {
  const c = pointOnSteel(canvas, random, 40);
  const ink = new Uint8Array(W * H);
  for (let n = intBetween(random, 1, 4), i = 0; i < n; i++) {
    const x = c.x + between(random, -30, 30);
    const half = between(random, 20, 70);
    const tilt = between(random, -0.25, 0.25);
    const points = [{ x: x - tilt * half, y: c.y - half }, { x: x + between(random, -3, 3), y: c.y }, { x: x + tilt * half, y: c.y + half }];
    const r = between(random, 1.5, 3);
    stroke(points, r, ink);
    stroke(points, r + between(random, 3, 6), label);
  }
  const amount = -between(random, 45, 85);
  applyInk(canvas, ink, () => amount * between(random, 0.8, 1.1));
}

function scratchesAndPatches(canvas: DefectCanvas, label: Uint8Array, random: Random): void {
  const kind = random();
  const ink = new Uint8Array(W * H);
  const sign = random() < 0.5 ? -1 : 1;
  if (kind < 0.45) {
    // Scratches down the strip: sharper and more local than the roll marks of a clean surface.
    const c = pointOnSteel(canvas, random, 10);
    for (let n = intBetween(random, 1, 5), i = 0; i < n; i++) {
      const x = c.x + between(random, -80, 80);
      const length = between(random, 40, H * 0.9);
      const y0 = Math.max(-10, Math.min(H - length / 2, c.y - length / 2));
      const tilt = between(random, -0.3, 0.3);
      const points = Array.from({ length: 6 }, (_, k) => ({ x: x + tilt * (k * length) / 5 + between(random, -3, 3), y: y0 + (k * length) / 5 }));
      const r = between(random, 1.8, 4);
      stroke(points, r, ink);
      stroke(points, r + between(random, 4, 8), label);
    }
  } else if (kind < 0.8) {
    // A scuffed patch: many short marks in a region, labelled as the region.
    const c = pointOnSteel(canvas, random, 30);
    const [rx, ry] = [between(random, 30, 170), between(random, 25, 128)];
    for (let n = intBetween(random, 20, 60), i = 0; i < n; i++) {
      const p = { x: c.x + between(random, -rx, rx) * 0.85, y: c.y + between(random, -ry, ry) * 0.85 };
      const a = between(random, 0, Math.PI);
      const l = between(random, 8, 40);
      stroke([p, { x: p.x + Math.cos(a) * l, y: p.y + Math.sin(a) * l }], between(random, 1.5, 3.5), ink);
    }
    fillPolygon(label, W, H, ellipse(c.x, c.y, rx, ry, random, 0.2, 12), 1);
  } else {
    // A rolled-in streak: a long band along the strip.
    const c = pointOnSteel(canvas, random, 30);
    const length = between(random, 200, 600);
    const points = Array.from({ length: 8 }, (_, i) => ({ x: c.x - length / 2 + (i * length) / 7, y: c.y + between(random, -6, 6) }));
    const r = between(random, 3, 7);
    stroke(points, r, ink);
    stroke(points, r + between(random, 3, 6), label);
  }
  const amount = sign * between(random, 35, 70);
  applyInk(canvas, ink, () => amount * between(random, 0.7, 1.1));
}

function roughPatch(canvas: DefectCanvas, label: Uint8Array, random: Random): void {
  // A large lumpy area: raised, pitted metal whose bumps catch the light along their crests.
  const c = pointOnSteel(canvas, random, 30);
  const r = between(random, 35, 100);
  const outline = ellipse(c.x, c.y, r * between(random, 1, 2), r * between(random, 0.7, 1.3), random, 0.35, 14);
  const ink = new Uint8Array(W * H);
  fillPolygon(ink, W, H, outline, 1);
  fillPolygon(label, W, H, outline, 1);
  const [coarse, fine] = [valueNoise(random, W, H, between(random, 12, 30)), valueNoise(random, W, H, between(random, 3, 7))];
  const dark = between(random, 15, 50);
  const relief = between(random, 25, 50);
  applyInk(canvas, ink, (x, y) => {
    const i = y * W + x;
    const v = coarse[i] + 0.35 * fine[i];
    const crest = Math.abs(v) < 0.12 ? relief * (1 - Math.abs(v) / 0.12) : 0; // bright contour of each bump
    return -dark + relief * 0.6 * v + crest;
  });
}

const DRAW: Record<number, (canvas: DefectCanvas, label: Uint8Array, random: Random) => void> = {
  1: pits,
  2: shortScratches,
  3: scratchesAndPatches,
  4: roughPatch,
};

/** Draws one defect of `classId` into the canvas and its region into `label` (column-major, only on the strip). */
export function drawDefect(classId: number, canvas: DefectCanvas, label: Uint8Array, random: Random): void {
  DRAW[classId](canvas, label, random);
  for (let x = 0; x < W; x++) {
    for (let y = 0; y < H; y++) if (label[x * H + y] && !canvas.steel[y * W + x]) label[x * H + y] = 0;
  }
}
