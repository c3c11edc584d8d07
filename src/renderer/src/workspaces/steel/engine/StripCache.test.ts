// The strip cache: one fetch per strip image, layers fetched again once a document took them or a save
// changed them, neighbours fetched ahead, a bounded number of strips with the least recently used (and
// never a pinned one) dropped first and its image closed, and failures that leave nothing behind.
import { describe, expect, it } from 'vitest';
import { StripCache, type DecodedLayers, type StripLoaders } from './StripCache';
import type { SteelItemLabels } from '../../../../../shared/api/steel-types';

class FakeImage {
  closed = false;
  constructor(readonly itemId: number) {}
  close(): void {
    this.closed = true;
  }
}

function layersOf(itemId: number): DecodedLayers {
  const labels = { itemId, width: 4, height: 2, current: [], truth: [], prediction: null } as unknown as SteelItemLabels;
  return { labels, current: new Map(), truth: { get: () => new Map() }, prediction: null };
}

/** Loaders that count their calls; `failing` strips' images fail to load. */
function countingLoaders(failing = new Set<number>()) {
  const images: number[] = [];
  const layers: number[] = [];
  const made = new Map<number, FakeImage[]>();
  const loaders: StripLoaders<FakeImage> = {
    async image(itemId) {
      images.push(itemId);
      if (failing.has(itemId)) throw new Error(`strip ${itemId} is missing`);
      const image = new FakeImage(itemId);
      made.set(itemId, [...(made.get(itemId) ?? []), image]);
      return image;
    },
    async layers(itemId) {
      layers.push(itemId);
      return layersOf(itemId);
    },
  };
  return { loaders, images, layers, made };
}

/** Lets every settled promise run its callbacks. */
const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('StripCache', () => {
  it('fetches a strip’s image once, and its layers again after a document took them', async () => {
    const { loaders, images, layers } = countingLoaders();
    const cache = new StripCache(loaders);
    const first = await cache.load(1);
    expect(first.itemId).toBe(1);
    expect(first.bitmap.itemId).toBe(1);
    expect(first.labels.itemId).toBe(1);
    expect(cache.has(1)).toBe(true);
    const again = await cache.load(1);
    expect(again.bitmap).toBe(first.bitmap);
    expect(images).toEqual([1]);
    expect(layers).toEqual([1, 1]);
  });

  it('asks once for a strip loaded twice at the same time', async () => {
    const { loaders, images } = countingLoaders();
    const cache = new StripCache(loaders);
    const [a, b] = await Promise.all([cache.load(3), cache.load(3)]);
    expect(a.bitmap).toBe(b.bitmap);
    expect(images).toEqual([3]);
  });

  it('opens a prefetched strip without asking again', async () => {
    const { loaders, images, layers } = countingLoaders();
    const cache = new StripCache(loaders);
    cache.prefetch([2, 3], [1]);
    expect(cache.isWarm(2)).toBe(true);
    expect(cache.isWarm(3)).toBe(true);
    await cache.load(2);
    expect(images).toEqual([2, 3]);
    expect(layers).toEqual([2, 3]);
    expect(cache.isWarm(2)).toBe(false); // its layers went to the document; the image stays
    expect(cache.has(2)).toBe(true);
  });

  it('fetches the layers again after a save changed them', async () => {
    const { loaders, layers } = countingLoaders();
    const cache = new StripCache(loaders);
    cache.prefetch([5], []);
    cache.forgetLabels(5);
    expect(cache.isWarm(5)).toBe(false);
    await cache.load(5);
    expect(layers).toEqual([5, 5]);
  });

  it('keeps a bounded number of strips, drops the least recently used first and closes its image', async () => {
    const { loaders, made, images } = countingLoaders();
    const cache = new StripCache(loaders, 3);
    for (const id of [1, 2, 3]) await cache.load(id);
    await cache.load(1); // 1 is now the most recently used: 2 is the oldest
    await cache.load(4);
    expect([1, 2, 3, 4].map((id) => cache.has(id))).toEqual([true, false, true, true]);
    await settle();
    expect(made.get(2)![0].closed).toBe(true);
    expect(made.get(1)![0].closed).toBe(false);
    await cache.load(2); // fetched anew
    expect(images.filter((id) => id === 2)).toHaveLength(2);
  });

  it('never drops a pinned strip (the one on screen) nor one just asked for, however old', async () => {
    const { loaders } = countingLoaders();
    const cache = new StripCache(loaders, 2);
    await cache.load(1);
    await cache.load(2, [1]);
    await cache.load(3, [1]); // 1 is the oldest, but pinned: 2 goes
    expect([1, 2, 3].map((id) => cache.has(id))).toEqual([true, false, true]);
    cache.prefetch([4, 5], [1]); // the strip on screen and its two neighbours, over the bound for a moment
    expect([1, 3, 4, 5].map((id) => cache.has(id))).toEqual([true, false, true, true]);
  });

  it('forgets a strip that fails to load, so that opening it again asks again', async () => {
    const failing = new Set([7]);
    const { loaders, images } = countingLoaders(failing);
    const cache = new StripCache(loaders);
    await expect(cache.load(7)).rejects.toThrow('strip 7 is missing');
    expect(cache.has(7)).toBe(false);
    failing.delete(7);
    await expect(cache.load(7)).resolves.toMatchObject({ itemId: 7 });
    expect(images).toEqual([7, 7]);
  });

  it('drops a prefetch that fails, quietly', async () => {
    const { loaders } = countingLoaders(new Set([8]));
    const cache = new StripCache(loaders);
    cache.prefetch([8, 9], []);
    await settle();
    expect(cache.has(8)).toBe(false);
    expect(cache.has(9)).toBe(true);
  });
});
