// The anatomy of a generated head, in Hounsfield units, at one axial level: what a real head-CT series
// shows from the neck to above the vertex — scalp, a skull of cortical and cancellous bone, grey and white
// matter, sulci, fissures and a dense falx, ventricles, calcified pineal and choroid plexus, the skull base
// with its air sinuses and petrous bone, the face and neck below, and the scanner's table under the head.
// A `HeadShape` holds what stays the same along one patient's series.
import { between, type Random } from './random';

export interface HeadShape {
  /** Half-axes of the skull's outer surface at its widest level, as a share of the field of view. */
  halfWidth: number;
  halfLength: number;
  /** Centre offset (share of the field) and in-plane rotation (radians). */
  dx: number;
  dy: number;
  tilt: number;
  /** Skull and scalp thickness as a share of the field (≈ 0.02 of 250 mm = 5 mm). */
  skull: number;
  scalp: number;
  /** Grey matter HU; white matter is `whiteDrop` lower; CSF HU. */
  grey: number;
  whiteDrop: number;
  csf: number;
  /** 0 (young) … 1 (atrophic): wider sulci and ventricles. */
  atrophy: number;
  /** Brightening of the brain next to the skull (beam hardening), HU. */
  cupping: number;
  /** Pixel noise (HU, after the partial-volume blur). */
  noise: number;
  /** Calcified pineal gland / choroid plexus (bright dots that are not blood). */
  pineal: boolean;
  choroid: boolean;
  /** The series' levels: t = −1 … 1 from its first slice to its last; the vertex lies at `vertex` (may be < 1). */
  vertex: number;
  /** Where the posterior fossa and the skull base begin, and the face below them. */
  base: number;
  face: number;
  /** The scanner table: distance below the head (share of the field), or null for none … */
  table: number | null;
  /** … the radius of its curve and its thickness (shares of the field), and its density (HU). */
  tableRadius: number;
  tableThickness: number;
  tableHu: number;
  /** Pixels outside the reconstruction circle get −2000 (as many scanners store them), else air. */
  padded: boolean;
  /** Phase of the sulcal pattern. */
  gyri: number;
}

/** The head the demo series use: typical values, no surprises. */
export const DEMO_HEAD: HeadShape = {
  halfWidth: 0.27, halfLength: 0.34, dx: 0, dy: 0, tilt: 0, skull: 0.028, scalp: 0.012, grey: 36, whiteDrop: 7, csf: 6,
  atrophy: 0.3, cupping: 4, noise: 3, pineal: true, choroid: false, vertex: 1.05, base: -0.55, face: -0.85, table: 0.01, tableRadius: 0.6, tableThickness: 0.018, tableHu: 400, padded: false, gyri: 0.7,
};

/** A random head: anatomy, scanner and coverage vary from patient to patient. */
export function randomHead(random: Random): HeadShape {
  return {
    halfWidth: between(random, 0.23, 0.3),
    halfLength: between(random, 0.29, 0.37),
    dx: between(random, -0.04, 0.04),
    dy: between(random, -0.05, 0.05),
    tilt: between(random, -0.15, 0.15),
    skull: between(random, 0.022, 0.04),
    scalp: between(random, 0.008, 0.02),
    grey: between(random, 26, 42),
    whiteDrop: between(random, 4, 10),
    csf: between(random, 0, 12),
    atrophy: random() ** 1.5,
    cupping: between(random, 0, 10),
    noise: between(random, 1.5, 6),
    pineal: random() < 0.5,
    choroid: random() < 0.4,
    vertex: between(random, 0.75, 1.15),
    base: between(random, -0.65, -0.35),
    face: between(random, -1.05, -0.7),
    table: random() < 0.9 ? between(random, -0.02, 0.02) : null,
    tableRadius: between(random, 0.4, 1),
    tableThickness: between(random, 0.008, 0.025),
    tableHu: between(random, 200, 700),
    padded: random() < 0.5,
    gyri: between(random, 0, 2 * Math.PI),
  };
}

/** Where a pixel is in the head at one level, in the head's own normalised coordinates. */
export interface HeadPoint {
  /** Left–right and front–back (negative = anterior, the top of the image), −1…1 at the skull's outer surface. */
  u: number;
  v: number;
  r: number;
  /** Distance inward from the inner table, as a share of the half-axes (0 at the inner table). */
  depth: number;
  /** The skull's inner radius in the normalised units (1 − thickness). */
  inner: number;
  level: Level;
}

export type Level = 'none' | 'neck' | 'base' | 'cranium';

/** The level's kind and the head's scale there (the skull's outline shrinks towards the vertex and the base). */
export function levelAt(head: HeadShape, t: number): { level: Level; scale: number } {
  if (t > head.vertex) return { level: 'none', scale: 0 };
  if (t < head.face) return { level: 'neck', scale: 0.8 };
  const x = (t - (head.vertex + head.face) / 2 + 0.15) / ((head.vertex - head.face) / 2 + 0.15);
  const scale = Math.sqrt(Math.max(0.06, 1 - x * x * x * x * (x > 0 ? 1 : 0.5)));
  return { level: t < head.base ? 'base' : 'cranium', scale };
}

const inEllipse = (u: number, v: number, cu: number, cv: number, ru: number, rv: number) => ((u - cu) / ru) ** 2 + ((v - cv) / rv) ** 2 < 1;

/** Is (u, v) CSF in a ventricle at level t? (lateral ventricles, third and fourth ventricle) */
export function inVentricle(head: HeadShape, p: HeadPoint, t: number): boolean {
  const grow = 1 + head.atrophy * 0.8;
  const mid = (head.base + head.vertex) / 2;
  const s = (t - mid + 0.15) / 0.45; // lateral ventricles around the middle of the cranium
  if (p.level === 'cranium' && Math.abs(s) < 1) {
    const w = (0.03 + 0.03 * (1 - s * s)) * grow;
    for (const side of [-1, 1]) {
      // a curved body, wider at the frontal horn and the trigone
      const cu = side * (0.1 + 0.05 * p.v * p.v);
      if (inEllipse(p.u, p.v, cu, -0.02, w, 0.27 * grow * Math.sqrt(1 - s * s * 0.6))) return true;
    }
  }
  if (p.level === 'cranium' && s < -0.4 && s > -1.4 && Math.abs(p.u) < 0.015 * grow && Math.abs(p.v + 0.02) < 0.12) return true;
  if (p.level === 'base' && inEllipse(p.u, p.v, 0, 0.38, 0.05 * grow, 0.035 * grow)) return true;
  return false;
}

function sulcus(head: HeadShape, p: HeadPoint, t: number): boolean {
  const width = 0.1 + 0.12 * head.atrophy;
  const reach = 0.07 + 0.07 * head.atrophy;
  if (p.depth > reach) return false;
  const a = Math.atan2(p.v, p.u);
  const phase = head.gyri + 3 * t; // the pattern shifts from slice to slice
  return Math.abs(Math.sin(11 * a + phase + 2.5 * Math.sin(3 * a + phase) + 6 * p.depth)) < width * (1 - p.depth / reach);
}

/** HU inside the skull at a cranial level (before bleeds). */
export function brainHu(head: HeadShape, p: HeadPoint, t: number, bright: { pineal: boolean; choroid: boolean }): number {
  if (inVentricle(head, p, t)) {
    if (bright.choroid && head.choroid && inEllipse(Math.abs(p.u), p.v, 0.12, 0.22, 0.025, 0.03)) return 140;
    return head.csf;
  }
  if (bright.pineal && head.pineal && inEllipse(p.u, p.v, 0, 0.18, 0.018, 0.018)) return 160;
  // the falx (slightly dense) in the interhemispheric fissure (CSF) at the front and the back
  if (p.level === 'cranium' && Math.abs(p.v) > 0.35 - 0.2 * Math.max(0, t) && Math.abs(p.u) < 0.012 + 0.01 * head.atrophy) {
    return Math.abs(p.u) < 0.004 ? head.grey + 18 : head.csf;
  }
  // the Sylvian fissures
  if (p.level === 'cranium' && t < (head.base + head.vertex) / 2 && Math.abs(Math.abs(p.u) - 0.5 - 0.25 * (p.v + 0.15)) < 0.01 + 0.02 * head.atrophy && p.v > -0.4 && p.v < 0.05) return head.csf;
  if (sulcus(head, p, t)) return head.csf;
  const cortex = p.depth < 0.07 ? 1 : 0;
  const nuclei = p.level === 'cranium' && inEllipse(Math.abs(p.u), p.v, 0.2, 0, 0.08, 0.16) ? 1 : 0;
  return head.grey - head.whiteDrop * (1 - Math.max(cortex, nuclei)) + head.cupping * Math.exp(-p.depth / 0.03);
}

/** HU of the skull base: brain in the posterior fossa and the temporal fossae, bone and air sinuses between. */
export function baseHu(head: HeadShape, p: HeadPoint, t: number): number | null {
  const k = (t - head.face) / (head.base - head.face); // 0 at the face … 1 at the top of the base
  const au = Math.abs(p.u);
  if (k < 0.85 && inEllipse(au, p.v, 0.33, -0.02, 0.26, 0.06 + 0.04 * k)) return 1300; // petrous ridges
  if (inEllipse(au, p.v, 0.55, 0.2, 0.12, 0.1) && k < 0.6) return Math.sin(p.u * 60) * Math.sin(p.v * 60) > 0.3 ? 700 : -800; // mastoid air cells
  if (inEllipse(p.u, p.v, 0, -0.18, 0.13, 0.16)) return inEllipse(p.u, p.v, 0, -0.18, 0.1, 0.12) ? -950 : 700; // sphenoid sinus in its bone
  if (p.v < -0.5 && k < 0.6) {
    if (inEllipse(au, p.v, 0.33, -0.72, 0.16, 0.18)) return inEllipse(au, p.v, 0.33, -0.72, 0.11, 0.13) ? 12 : -90; // eye in orbital fat
    if (au < 0.15) return Math.abs(Math.sin(p.u * 45)) < 0.2 ? 450 : -850; // ethmoid cells
  }
  if (p.v > 0.05) return null; // the posterior fossa: cerebellum and brainstem
  if (k > 0.3 && au > 0.28 && p.v > -0.55) return null; // the temporal lobes
  return 45 + 200 * Math.max(0, Math.sin(p.u * 9) * Math.cos(p.v * 7)); // soft tissue and the bone of the skull base
}

/** HU of the neck and face level: muscle and fat, the mandible, a vertebra and the airway. */
export function neckHu(p: HeadPoint): number {
  if (p.r > 1) return -1000;
  if (inEllipse(p.u, p.v, 0, -0.25, 0.12, 0.1)) return -1000; // airway
  if (inEllipse(p.u, p.v, 0, 0.25, 0.18, 0.15)) return inEllipse(p.u, p.v, 0, 0.25, 0.1, 0.08) ? -10 : 900; // vertebra and canal
  if (Math.abs(p.r - 0.82) < 0.06 && p.v < -0.2) return 1100; // mandible
  if (p.r > 0.88) return -90; // subcutaneous fat
  return 50 + 10 * Math.sin(p.u * 13) * Math.sin(p.v * 11);
}
