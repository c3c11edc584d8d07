// A head-CT phantom slice for the demo and for training the starter model, in Hounsfield units: the head's
// anatomy at the slice's level (head-anatomy.ts), haemorrhages where the series' bleeds reach it
// (head-bleeds.ts), the scanner table and the reconstruction circle, then partial volume (a small blur) and
// correlated noise. A slice is labelled with the subtypes actually drawn on it, so a bleed that does not
// reach brain tissue at that level does not label it.
import type { CtSubtype } from '../../shared/domain';
import { CT_SUBTYPES } from '../../shared/domain';
import { DEMO_HEAD, baseHu, brainHu, inVentricle, levelAt, neckHu, type HeadPoint, type HeadShape } from './head-anatomy';
import { bleedAt, crossSection, type Bleed, type Space } from './head-bleeds';
import { boxBlur, gaussianish } from './noise';
import type { Random } from './random';

export type { Bleed } from './head-bleeds';
export { DEMO_HEAD, randomHead, type HeadShape } from './head-anatomy';

export interface PhantomSlice {
  /** Row-major HU, size × size. */
  hu: Int16Array;
  subtypes: CtSubtype[];
}

const AIR = -1000;
const PADDING = -2000;

/** One axial slice of a series of `count`; index 0 is the lowest (neck), the last the highest (vertex). */
export function phantomSlice(size: number, index: number, count: number, bleeds: readonly Bleed[], random: Random, head: HeadShape = DEMO_HEAD): PhantomSlice {
  const t = (2 * index) / Math.max(1, count - 1) - 1;
  const { level, scale } = levelAt(head, t);
  const c = size / 2;
  const [ox, oy] = [c + head.dx * size, c + head.dy * size];
  const ax = size * head.halfWidth * scale;
  const ay = size * head.halfLength * scale;
  const [cos, sin] = [Math.cos(head.tilt), Math.sin(head.tilt)];
  const minAxis = Math.max(1, Math.min(ax, ay));
  const skull = (head.skull * size) / minAxis;
  const scalp = (head.scalp * size) / minAxis;
  const inner = 1 - skull;
  const tableY = oy + size * (head.halfLength + head.scalp + (head.table ?? 0));
  const tableR = size * head.tableRadius;
  const here = bleeds.map((b) => ({ b, f: crossSection(b, index) })).filter((x) => x.f > 0);
  const drawn = new Map<CtSubtype, number>();
  const image = new Float32Array(size * size);

  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const px = x + 0.5 - ox;
      const py = y + 0.5 - oy;
      let value = outside(x + 0.5 - c, y + 0.5 - c, size, head, tableY - c, tableR);
      if (level !== 'none' && ax > 2) {
        const u = (px * cos + py * sin) / ax;
        const v = (-px * sin + py * cos) / ay;
        const r = Math.hypot(u, v);
        const p: HeadPoint = { u, v, r, depth: inner - r, inner, level };
        if (level === 'neck') {
          if (r < 1) value = neckHu(p);
        } else if (r < 1 + scalp) {
          if (r >= 1) value = 40;
          else if (r >= inner) {
            const z = (r - inner) / skull; // cortical tables around the cancellous diploe
            value = z < 0.3 || z > 0.7 ? 1450 : 600;
          } else {
            const base = level === 'base' ? baseHu(head, p, t) : null;
            value = base ?? brainWithBleeds(head, p, t, here, drawn);
          }
        }
      }
      image[y * size + x] = value;
    }
  }
  const blurred = boxBlur(image, size, size, 1); // partial volume: a voxel averages what it straddles
  const hu = new Int16Array(size * size);
  for (let i = 0; i < hu.length; i++) {
    const v = blurred[i] <= AIR + 50 ? blurred[i] : blurred[i] + gaussianish(random, head.noise * 1.6);
    hu[i] = Math.max(-2048, Math.min(3071, Math.round(v)));
  }
  const minimum = Math.max(1, Math.round(size * size * 1e-4));
  return { hu, subtypes: CT_SUBTYPES.filter((s) => (drawn.get(s) ?? 0) >= minimum) };
}

function outside(x: number, y: number, size: number, head: HeadShape, tableY: number, tableR: number): number {
  if (head.padded && x * x + y * y > (size / 2) ** 2) return PADDING;
  if (head.table !== null) {
    const d = Math.hypot(x, y - tableY - tableR) - tableR; // an arc under the head
    const thick = size * head.tableThickness;
    if (d > 0 && d < thick) return head.tableHu;
    if (d >= thick && d < thick + size * 0.02) return -600; // the table's foam core
  }
  return AIR;
}

function brainWithBleeds(head: HeadShape, p: HeadPoint, t: number, here: { b: Bleed; f: number }[], drawn: Map<CtSubtype, number>): number {
  let value = brainHu(head, p, t, { pineal: true, choroid: true });
  if (here.length === 0) return value;
  const space: Space = inVentricle(head, p, t) ? 'ventricle' : value === head.csf ? 'csf' : 'brain';
  let oedema = 0;
  for (const { b, f } of here) {
    const hit = bleedAt(b, p, f, space);
    if (hit === null) continue;
    if (typeof hit === 'number') {
      value = hit;
      drawn.set(b.subtype, (drawn.get(b.subtype) ?? 0) + 1);
      return value;
    }
    oedema = Math.min(oedema, hit.oedema);
  }
  return value + oedema;
}
