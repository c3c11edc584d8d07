// Steel-like strips for the demo: a rolled-steel texture (horizontal streaks, grain, lighting) with
// defects of the four Severstal classes drawn into the image and recorded as masks.
//   1: small dark pits   2: short vertical scratches   3: long bright rolled-in streaks   4: large dark patches
import { STEEL_HEIGHT as H, STEEL_WIDTH as W } from '../../shared/domain';
import { paintStroke } from '../../shared/mask-edit/brush';
import { fillPolygon } from '../../shared/mask-edit/polygon';
import { between, intBetween, type Random } from './random';

export interface DemoStrip {
  /** Row-major 8-bit grey pixels, W × H. */
  gray: Uint8Array;
  /** Column-major masks (Kaggle order) for classes 1–4. */
  masks: Map<number, Uint8Array>;
}

function texture(random: Random): Float32Array {
  const img = new Float32Array(W * H);
  const rowShade = Array.from({ length: H }, () => between(random, -6, 6));
  const base = between(random, 95, 130);
  for (let y = 0; y < H; y++) {
    for (let x = 0; x < W; x++) {
      const light = 18 * Math.sin((x / W) * Math.PI) - 10 * Math.abs(y / H - 0.5);
      img[y * W + x] = base + light + rowShade[y] + between(random, -9, 9);
    }
  }
  return img;
}

function drawDefect(classId: number, mask: Uint8Array, random: Random): void {
  const x = between(random, 80, W - 160);
  const y = between(random, 30, H - 30);
  if (classId === 1) {
    for (let i = 0; i < intBetween(random, 4, 9); i++) {
      const p = { x: x + between(random, -40, 40), y: y + between(random, -20, 20) };
      paintStroke(mask, W, H, [p], between(random, 2, 4.5), 1);
    }
  } else if (classId === 2) {
    for (let i = 0; i < intBetween(random, 2, 4); i++) {
      const sx = x + i * between(random, 8, 20);
      paintStroke(mask, W, H, [{ x: sx, y: y - between(random, 20, 50) }, { x: sx + between(random, -6, 6), y: y + between(random, 20, 50) }], 1.8, 1);
    }
  } else if (classId === 3) {
    const length = between(random, 250, 600);
    const points = Array.from({ length: 8 }, (_, i) => ({ x: x - 100 + (i * length) / 7, y: y + between(random, -6, 6) }));
    paintStroke(mask, W, H, points, between(random, 3, 7), 1);
  } else {
    const r = between(random, 35, 90);
    const polygon = Array.from({ length: 14 }, (_, i) => {
      const a = (i / 14) * 2 * Math.PI;
      const k = between(random, 0.7, 1.2);
      return { x: x + Math.cos(a) * r * 1.6 * k, y: y + Math.sin(a) * r * 0.8 * k };
    });
    fillPolygon(mask, W, H, polygon, 1);
  }
}

const SHADE: Record<number, number> = { 1: -55, 2: -45, 3: 45, 4: -35 };

/** One strip with defects of the given classes (an empty list gives a defect-free strip). */
export function makeStrip(random: Random, classes: number[]): DemoStrip {
  const img = texture(random);
  const masks = new Map<number, Uint8Array>();
  for (const classId of classes) {
    const mask = masks.get(classId) ?? new Uint8Array(W * H);
    drawDefect(classId, mask, random);
    masks.set(classId, mask);
    for (let x = 0; x < W; x++) {
      for (let y = 0; y < H; y++) if (mask[x * H + y]) img[y * W + x] += SHADE[classId] + between(random, -8, 8);
    }
  }
  const gray = new Uint8Array(W * H);
  for (let i = 0; i < gray.length; i++) gray[i] = Math.max(0, Math.min(255, Math.round(img[i])));
  return { gray, masks };
}
