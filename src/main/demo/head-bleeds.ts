// Haemorrhages of the five RSNA subtypes, each where it belongs in a generated head: intraparenchymal in
// the brain (with a rim of oedema), intraventricular in the dependent part of the ventricles, subarachnoid
// in the sulci and fissures, subdural as a crescent along the inner table, epidural as a lens against it.
// A bleed spans a range of slices and is largest in the middle of it, as a real one is in 3-D.
import type { CtSubtype } from '../../shared/domain';
import type { HeadPoint } from './head-anatomy';

export interface Bleed {
  subtype: CtSubtype;
  /** Slice indices (inclusive) the bleed spans. */
  from: number;
  to: number;
  /** Where in the head, as a fraction of the half-axes (−1…1). */
  cx: number;
  cy: number;
  /** 0 (small, thin) … 1 (large); 0.5 when absent. */
  size?: number;
  /** Density of the blood in HU (acute blood: about 50–90); a typical value per subtype when absent. */
  hu?: number;
}

/** What a pixel of brain tissue is, for the bleeds that fill spaces (ventricles, sulci) or displace tissue. */
export type Space = 'ventricle' | 'csf' | 'brain';

const TYPICAL_HU: Record<CtSubtype, number> = { epidural: 74, intraparenchymal: 68, intraventricular: 62, subarachnoid: 58, subdural: 66 };

/** The bleed's cross-section at slice `index`: 0 outside its range, up to 1 in its middle. */
export function crossSection(b: Bleed, index: number): number {
  if (index < b.from || index > b.to) return 0;
  const mid = (b.from + b.to) / 2;
  const half = (b.to - b.from) / 2 + 1;
  return Math.sqrt(1 - ((index - mid) / half) ** 2);
}

function angleBetween(a: number, b: number): number {
  const d = Math.abs(a - b) % (2 * Math.PI);
  return d > Math.PI ? 2 * Math.PI - d : d;
}

/**
 * The blood's HU when the pixel lies in bleed `b` (at cross-section f > 0), the oedema's HU change as
 * `{ oedema }` for the rim of an intraparenchymal bleed, else null.
 */
export function bleedAt(b: Bleed, p: HeadPoint, f: number, space: Space): number | { oedema: number } | null {
  const size = b.size ?? 0.5;
  const hu = b.hu ?? TYPICAL_HU[b.subtype];
  const toward = Math.atan2(b.cy, b.cx);
  switch (b.subtype) {
    case 'intraparenchymal': {
      const [cu, cv] = [b.cx * 0.6, b.cy * 0.6];
      const a = Math.atan2(p.v - cv, p.u - cu);
      const radius = (0.05 + 0.25 * size) * f * (1 + 0.22 * Math.sin(3 * a + b.cx * 7) + 0.12 * Math.sin(5 * a + b.cy * 5));
      const d = Math.hypot(p.u - cu, p.v - cv);
      if (d < radius && space !== 'ventricle') return hu;
      if (d < radius * 1.35 + 0.015 && space === 'brain') return { oedema: -8 };
      return null;
    }
    case 'intraventricular':
      return space === 'ventricle' && p.v > 0.12 - 0.3 * size ? hu : null;
    case 'subarachnoid':
      return space === 'csf' && Math.hypot(p.u - b.cx * 0.8, p.v - b.cy * 0.8) < (0.3 + 0.45 * size) * Math.sqrt(f) ? hu : null;
    case 'subdural': {
      const half = 0.5 + 0.9 * size;
      const off = angleBetween(Math.atan2(p.v, p.u), toward);
      if (off >= half) return null;
      const thick = (0.012 + 0.05 * size) * f * Math.cos((Math.PI / 2) * (off / half));
      return p.depth < thick ? hu : null;
    }
    case 'epidural': {
      const half = 0.25 + 0.35 * size;
      const off = angleBetween(Math.atan2(p.v, p.u), toward);
      if (off >= half) return null;
      const thick = (0.035 + 0.09 * size) * f * (1 - (off / half) ** 2);
      return p.depth < thick ? hu : null;
    }
  }
}
