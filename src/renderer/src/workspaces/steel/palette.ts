// The steel workspace's colours, the same in the overlay, the legend and the panels. Okabe & Ito's
// colour-blind-safe palette (2008) by default; the settings page offers Paul Tol's bright set (also
// colour-blind safe) and a high-contrast set for dim screens or a busy texture. Changing the palette
// rewrites the colour tables in place (the overlay painters read plain arrays, never reactive proxies, in
// their per-pixel loops) and bumps a counter that the css helpers read, so templates repaint too.
import { readonly, ref } from 'vue';
import type { PaletteName } from '../../../../shared/api/preferences';

export type Rgb = readonly [number, number, number];

export const OKABE_ITO = {
  orange: [230, 159, 0],
  skyBlue: [86, 180, 233],
  bluishGreen: [0, 158, 115],
  yellow: [240, 228, 66],
  blue: [0, 114, 178],
  vermillion: [213, 94, 0],
  reddishPurple: [204, 121, 167],
} as const satisfies Record<string, Rgb>;

interface Palette {
  /** Shown in the settings page. */
  title: string;
  /** Defect classes 1–4. */
  classes: Record<number, Rgb>;
  diff: { predictionOnly: Rgb; currentOnly: Rgb };
}

export const PALETTES: Readonly<Record<PaletteName, Palette>> = {
  'okabe-ito': {
    title: 'Okabe–Ito (colour-blind safe)',
    classes: { 1: OKABE_ITO.orange, 2: OKABE_ITO.skyBlue, 3: OKABE_ITO.bluishGreen, 4: OKABE_ITO.reddishPurple },
    diff: { predictionOnly: OKABE_ITO.yellow, currentOnly: OKABE_ITO.vermillion },
  },
  'tol-bright': {
    title: 'Tol bright (colour-blind safe)',
    classes: { 1: [238, 102, 119], 2: [102, 204, 238], 3: [34, 136, 51], 4: [170, 51, 119] },
    diff: { predictionOnly: [204, 187, 68], currentOnly: [68, 119, 170] },
  },
  'high-contrast': {
    title: 'High contrast',
    classes: { 1: [255, 40, 40], 2: [0, 200, 255], 3: [40, 255, 40], 4: [255, 0, 255] },
    diff: { predictionOnly: [255, 255, 0], currentOnly: [255, 128, 0] },
  },
};

/** Defect classes 1–4, in the palette in use. */
export const CLASS_COLOURS: Record<number, Rgb> = { ...PALETTES['okabe-ito'].classes };

/** Disagreement between the model's prediction and the current label, in the palette in use. */
export const DIFF_COLOURS: { predictionOnly: Rgb; currentOnly: Rgb } = { ...PALETTES['okabe-ito'].diff };

/** The imported ground truth, drawn as a thin neutral outline. */
export const TRUTH_COLOUR: Rgb = [255, 255, 255];

const current = ref<PaletteName>('okabe-ito');
/** The palette in use (a canvas repaints its overlays when it changes). */
export const paletteInUse = readonly(current);

/** Switches every steel colour to the named palette. */
export function usePalette(name: PaletteName): void {
  if (name === current.value || !PALETTES[name]) return;
  Object.assign(CLASS_COLOURS, PALETTES[name].classes);
  Object.assign(DIFF_COLOURS, PALETTES[name].diff);
  current.value = name;
}

export const css = ([r, g, b]: Rgb, alpha = 1) => {
  void current.value; // a template that shows a colour shows the next palette's too
  return alpha === 1 ? `rgb(${r} ${g} ${b})` : `rgb(${r} ${g} ${b} / ${alpha})`;
};
export const classCss = (classId: number, alpha = 1) => {
  void current.value;
  return css(CLASS_COLOURS[classId] ?? [200, 200, 200], alpha);
};
