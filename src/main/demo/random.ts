// Seeded randomness for the demo workspace (the same generator the models use), so the demo is the
// same on every machine.
import type { Random } from '../../shared/ml/random';

export { seededRandom, type Random } from '../../shared/ml/random';

export const between = (random: Random, lo: number, hi: number) => lo + (hi - lo) * random();
export const intBetween = (random: Random, lo: number, hi: number) => Math.floor(between(random, lo, hi + 1));
