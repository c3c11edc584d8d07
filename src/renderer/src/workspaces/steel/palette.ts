// The steel workspace's colours: Okabe & Ito's colour-blind-safe palette (2008) for the four defect
// classes and the disagreement view, the same in the overlay, the legend and the panels.
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

/** Defect classes 1–4. */
export const CLASS_COLOURS: Readonly<Record<number, Rgb>> = {
  1: OKABE_ITO.orange,
  2: OKABE_ITO.skyBlue,
  3: OKABE_ITO.bluishGreen,
  4: OKABE_ITO.reddishPurple,
};

/** Disagreement between the model's prediction and the current label. */
export const DIFF_COLOURS = {
  /** The model marks a defect the current label does not have. */
  predictionOnly: OKABE_ITO.yellow,
  /** The current label has a defect the model did not mark. */
  currentOnly: OKABE_ITO.vermillion,
} as const;

/** The imported ground truth, drawn as a thin neutral outline. */
export const TRUTH_COLOUR: Rgb = [255, 255, 255];

export const css = ([r, g, b]: Rgb, alpha = 1) => (alpha === 1 ? `rgb(${r} ${g} ${b})` : `rgb(${r} ${g} ${b} / ${alpha})`);
export const classCss = (classId: number, alpha = 1) => css(CLASS_COLOURS[classId] ?? [200, 200, 200], alpha);
