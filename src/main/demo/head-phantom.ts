// A head-CT phantom for the demo: skull, brain, ventricles, and haemorrhages of the five RSNA
// subtypes drawn where the slice's labels say, in Hounsfield units.
import type { CtSubtype } from '../../shared/domain';
import { between, type Random } from './random';

export interface PhantomSlice {
  /** Row-major HU, size × size. */
  hu: Int16Array;
  subtypes: CtSubtype[];
}

export interface Bleed {
  subtype: CtSubtype;
  /** Slice indices (inclusive) the bleed spans. */
  from: number;
  to: number;
  /** Where in the head, as a fraction of the half-axes (−1…1). */
  cx: number;
  cy: number;
}

const AIR = -1000;
const BONE = 1100;
const BRAIN = 34;
const CSF = 6;
const BLOOD = 72;

/** One axial slice; `t` runs from −1 (skull base) to 1 (vertex). */
export function phantomSlice(size: number, index: number, count: number, bleeds: readonly Bleed[], random: Random): PhantomSlice {
  const t = (2 * index) / Math.max(1, count - 1) - 1;
  const scale = Math.sqrt(Math.max(0.15, 1 - 0.8 * t * t));
  const ax = size * 0.36 * scale; // half-axes of the head, left-right and front-back
  const ay = size * 0.44 * scale;
  const c = size / 2;
  const here = bleeds.filter((b) => index >= b.from && index <= b.to);
  const hu = new Int16Array(size * size);
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const u = (x + 0.5 - c) / ax;
      const v = (y + 0.5 - c) / ay;
      const r = Math.hypot(u, v);
      let value = AIR + between(random, -20, 20);
      if (r < 1) {
        const inner = 1 - 14 / Math.min(ax, ay); // skull thickness ≈ 14 px
        value = r > inner ? BONE + between(random, -80, 80) : BRAIN + 4 * Math.cos(9 * u) * Math.cos(7 * v) + between(random, -6, 6);
        if (r <= inner) value = tissue(value, u, v, r, inner, t, here);
      }
      hu[y * size + x] = Math.round(value);
    }
  }
  return { hu, subtypes: [...new Set(here.map((b) => b.subtype))] };
}

function tissue(value: number, u: number, v: number, r: number, inner: number, t: number, bleeds: readonly Bleed[]): number {
  const ventricles = Math.abs(t) < 0.45 && (((u - 0.16) / 0.09) ** 2 + (v / 0.28) ** 2 < 1 || ((u + 0.16) / 0.09) ** 2 + (v / 0.28) ** 2 < 1);
  if (ventricles) value = CSF;
  for (const b of bleeds) {
    const du = u - b.cx;
    const dv = v - b.cy;
    const bright = BLOOD;
    if (b.subtype === 'intraparenchymal' && (du / 0.14) ** 2 + (dv / 0.11) ** 2 < 1) value = bright;
    if (b.subtype === 'intraventricular' && ventricles && dv > 0) value = bright - 8;
    if (b.subtype === 'subdural' && r > inner - 0.07 && r < inner - 0.01 && Math.hypot(du, dv) < 0.7) value = bright - 6;
    if (b.subtype === 'epidural' && r > inner - 0.12 && Math.hypot(du, dv) < 0.3 && r < inner) value = bright + 6;
    if (b.subtype === 'subarachnoid' && Math.abs(Math.sin(14 * Math.atan2(v, u))) < 0.12 && r > 0.55 && r < inner - 0.03 && Math.hypot(du, dv) < 0.6) value = bright - 10;
  }
  return value;
}
