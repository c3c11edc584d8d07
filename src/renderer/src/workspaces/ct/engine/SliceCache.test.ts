// The CT slice cache: one request per slice, a byte budget with the least recently used slice dropped
// first (never the one just kept), prefetch a few at a time in the order asked, a wish list that is
// replaced, replies dropped after clear(), and failures that are tried again.
import { describe, expect, it } from 'vitest';
import { SliceCache, type CtSlice } from './SliceCache';

/** A slice of `pixels` HU values (2 bytes each). */
function sliceOf(itemId: number, pixels = 8): CtSlice {
  return { itemId, width: pixels, height: 1, hu: new Int16Array(pixels), range: { min: 0, max: 0 } };
}

/** A loader the test answers slice by slice. */
function heldLoader(pixels = 8) {
  const asked: number[] = [];
  const replies = new Map<number, { resolve(): void; reject(message: string): void }>();
  const load = (itemId: number) =>
    new Promise<CtSlice>((resolve, reject) => {
      asked.push(itemId);
      replies.set(itemId, { resolve: () => resolve(sliceOf(itemId, pixels)), reject: (message) => reject(new Error(message)) });
    });
  const answer = async (itemId: number) => {
    replies.get(itemId)!.resolve();
    await settle();
  };
  const fail = async (itemId: number, message = 'unreadable') => {
    replies.get(itemId)!.reject(message);
    await settle();
  };
  return { asked, load, answer, fail };
}

/** A loader that answers at once. */
const instant = (pixels = 8) => async (itemId: number) => sliceOf(itemId, pixels);

/** Lets every settled promise run its callbacks. */
const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('SliceCache', () => {
  it('asks once for a slice, however many wait for it, and tells when it arrives', async () => {
    const loader = heldLoader();
    const cache = new SliceCache(loader.load);
    const heard: number[] = [];
    cache.onLoaded = (id) => heard.push(id);
    const a = cache.load(1);
    const b = cache.load(1);
    expect(cache.get(1)).toBeUndefined();
    expect(cache.stats().inFlight).toBe(1);
    await loader.answer(1);
    expect((await a).itemId).toBe(1);
    expect(await b).toBe(await a);
    expect(cache.get(1)).toBe(await a);
    expect(await cache.load(1)).toBe(await a); // from memory
    expect(loader.asked).toEqual([1]);
    expect(heard).toEqual([1]);
  });

  it('stays within its byte budget, dropping the least recently used slice first', async () => {
    // 16 bytes per slice, 48 bytes of budget: three slices.
    const cache = new SliceCache(instant(8), { maxBytes: 48 });
    for (const id of [1, 2, 3]) await cache.load(id);
    expect(cache.stats()).toEqual({ slices: 3, bytes: 48, inFlight: 0 });
    cache.get(1); // looked at: 2 is now the oldest
    await cache.load(4);
    expect([1, 2, 3, 4].map((id) => cache.has(id))).toEqual([true, false, true, true]);
    expect(cache.stats().bytes).toBe(48);
  });

  it('keeps the slice just fetched even when it alone is over the budget', async () => {
    const cache = new SliceCache(instant(64), { maxBytes: 100 });
    await cache.load(1);
    await cache.load(2);
    expect(cache.has(1)).toBe(false);
    expect(cache.has(2)).toBe(true);
    expect(cache.stats()).toEqual({ slices: 1, bytes: 128, inFlight: 0 });
  });

  it('prefetches a few slices at a time, in the order asked, and skips those it holds', async () => {
    const loader = heldLoader();
    const cache = new SliceCache(loader.load, { concurrency: 2 });
    const shown = cache.load(5);
    await loader.answer(5);
    await shown;
    cache.prefetch([5, 6, 4, 7, 3]);
    expect(loader.asked).toEqual([5, 6, 4]); // 5 is here; two at a time
    await loader.answer(6);
    expect(loader.asked).toEqual([5, 6, 4, 7]);
    await loader.answer(4);
    await loader.answer(7);
    expect(loader.asked).toEqual([5, 6, 4, 7, 3]);
    await loader.answer(3);
    expect([3, 4, 5, 6, 7].every((id) => cache.has(id))).toBe(true);
  });

  it('forgets the wishes it has not started on when the reader moves elsewhere', async () => {
    const loader = heldLoader();
    const cache = new SliceCache(loader.load, { concurrency: 1 });
    cache.prefetch([1, 2, 3]);
    cache.prefetch([10, 11]); // the reader jumped: 2 and 3 are not wanted any more
    expect(loader.asked).toEqual([1]);
    await loader.answer(1);
    await loader.answer(10);
    await loader.answer(11);
    expect(loader.asked).toEqual([1, 10, 11]);
  });

  it('puts a slice asked for at once ahead of the prefetch queue', async () => {
    const loader = heldLoader();
    const cache = new SliceCache(loader.load, { concurrency: 1 });
    cache.prefetch([1, 2, 3]);
    const wanted = cache.load(9);
    expect(loader.asked).toEqual([1, 9]);
    await loader.answer(9);
    expect((await wanted).itemId).toBe(9);
  });

  it('drops replies that arrive after clear()', async () => {
    const loader = heldLoader();
    const cache = new SliceCache(loader.load);
    const heard: number[] = [];
    cache.onLoaded = (id) => heard.push(id);
    const late = cache.load(1);
    cache.prefetch([2]);
    cache.clear();
    expect(cache.stats()).toEqual({ slices: 0, bytes: 0, inFlight: 0 });
    await loader.answer(1);
    await loader.answer(2);
    expect((await late).itemId).toBe(1); // the caller still gets its slice…
    expect(cache.has(1)).toBe(false); // …but the cache of the new series does not keep it
    expect(cache.has(2)).toBe(false);
    expect(heard).toEqual([]);
  });

  it('reports a slice that fails to the one who asked, keeps nothing, and asks again next time', async () => {
    const loader = heldLoader();
    const cache = new SliceCache(loader.load);
    const reported = expect(cache.load(3)).rejects.toThrow('the file of item 3 is missing');
    await loader.fail(3, 'the file of item 3 is missing');
    await reported;
    expect(cache.stats()).toEqual({ slices: 0, bytes: 0, inFlight: 0 });
    const again = cache.load(3);
    await loader.answer(3);
    expect((await again).itemId).toBe(3);
    expect(loader.asked).toEqual([3, 3]);
  });

  it('goes on prefetching after a prefetch fails', async () => {
    const loader = heldLoader();
    const cache = new SliceCache(loader.load, { concurrency: 1 });
    cache.prefetch([1, 2]);
    await loader.fail(1);
    expect(loader.asked).toEqual([1, 2]);
    await loader.answer(2);
    expect(cache.has(1)).toBe(false);
    expect(cache.has(2)).toBe(true);
  });
});
