// What the A/B layer offers and says, pure: the versions it can show beside the prediction layer (any other
// version that predicted the strip), and its masks' pixels per class in the person's words.
import { formatPixels } from '../../../../../shared/ml/loop/reason-text';

/** The versions a second layer can show: those that predicted the strip, less the one the prediction layer shows. */
export function secondVersionChoices(predictedBy: readonly string[], firstVersion: string | null): string[] {
  return predictedBy.filter((v) => v !== firstVersion);
}

/** "class 1: 1,200 px · class 4: 80 px", or "no defect in any class". */
export function secondVersionPixels(pixels: Readonly<Record<number, number>>): string {
  const found = Object.entries(pixels)
    .map(([classId, count]) => ({ classId: Number(classId), count }))
    .filter((c) => c.count > 0)
    .sort((a, b) => a.classId - b.classId);
  return found.length ? found.map((c) => `class ${c.classId}: ${formatPixels(c.count)}`).join(' · ') : 'no defect in any class';
}
