// A small seeded random generator (mulberry32) so the demo workspace is the same on every machine.
export type Random = () => number;

export function seededRandom(seed: number): Random {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export const between = (random: Random, lo: number, hi: number) => lo + (hi - lo) * random();
export const intBetween = (random: Random, lo: number, hi: number) => Math.floor(between(random, lo, hi + 1));
