// The zoom arithmetic both workspaces' canvases share: the scale that fits an image in a box, a zoom step
// within bounds, and where the image goes so that the point under the pointer stays under it. Plain
// functions over numbers; each engine keeps its own frame (steel: the strip's top-left corner on screen;
// CT: the slice's centre relative to its pane's centre).

export interface Size {
  width: number;
  height: number;
}

/** The scale at which the whole image fits in the box with `margin` free on every side (never below 0.01). */
export function fitScale(image: Size, box: Size, margin = 0): number {
  return Math.max(0.01, Math.min((box.width - 2 * margin) / image.width, (box.height - 2 * margin) / image.height));
}

/** One zoom step: the scale times `factor`, kept within [min, max]. */
export function zoomedScale(scale: number, factor: number, min: number, max: number): number {
  return Math.min(max, Math.max(min, scale * factor));
}

/**
 * Where the image's anchor goes on one axis when the view is scaled by `applied` (new scale ÷ old scale)
 * around the screen coordinate `at`: the image point under `at` stays under it.
 */
export function zoomOffset(offset: number, at: number, applied: number): number {
  return at - (at - offset) * applied;
}
