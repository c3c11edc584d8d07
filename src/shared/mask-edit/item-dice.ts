// The Dice of one strip between the model's prediction and the current label: per class (Kaggle's rule,
// both empty = 1) and their mean over the classes, as the Severstal metric counts image-class pairs.
import { dice } from '../metrics';

export interface ItemDice {
  perClass: Map<number, number>;
  mean: number;
}

/** Dice per class of `classes`; a class missing from either side is an empty mask. */
export function itemDice(current: ReadonlyMap<number, Uint8Array>, prediction: ReadonlyMap<number, Uint8Array>, classes: readonly number[], size: number): ItemDice {
  const empty = new Uint8Array(size);
  const perClass = new Map<number, number>();
  let sum = 0;
  for (const classId of classes) {
    const value = dice(current.get(classId) ?? empty, prediction.get(classId) ?? empty);
    perClass.set(classId, value);
    sum += value;
  }
  return { perClass, mean: classes.length ? sum / classes.length : 1 };
}
