// SliceCache: the decoded slices (raw HU) of the open series, kept in memory up to a byte budget and
// fetched ahead of the reader so that scrolling never waits. A plain class; the loader is injected.
//
//   new SliceCache(load, { maxBytes, concurrency })
//   get(itemId)            the slice when it is here (marks it recently used), else undefined
//   load(itemId)           the slice, fetched now if needed (first in line; one request per slice at most)
//   prefetch(itemIds)      replaces the wish list (nearest first); fetched `concurrency` at a time
//   onLoaded = (id) => …   told whenever a slice arrives
//   clear()                forgets everything (another dataset); in-flight replies are dropped

import type { SliceGeometry } from '../../../../../shared/slice-geometry';

export interface CtSlice {
  itemId: number;
  width: number;
  height: number;
  /** Row-major HU. */
  hu: Int16Array;
  /** Smallest and largest HU, for the windowing table. */
  range: { min: number; max: number };
  /** Where the pixels lie (PixelSpacing, position, orientation), from the slice's header; absent when unknown. */
  geometry?: SliceGeometry;
}

export interface SliceCacheOptions {
  /** Budget for the kept slices' HU bytes (default 320 MiB ≈ 600 slices of 512²). */
  maxBytes?: number;
  /** Requests in flight at once (default 4). */
  concurrency?: number;
}

export class SliceCache {
  onLoaded: ((itemId: number) => void) | null = null;
  private readonly slices = new Map<number, CtSlice>();
  private readonly inFlight = new Map<number, Promise<CtSlice>>();
  private wishes: number[] = [];
  private bytes = 0;
  private generation = 0;
  private readonly maxBytes: number;
  private readonly concurrency: number;

  constructor(
    private readonly loader: (itemId: number) => Promise<CtSlice>,
    options: SliceCacheOptions = {},
  ) {
    this.maxBytes = options.maxBytes ?? 320 * 1024 * 1024;
    this.concurrency = Math.max(1, options.concurrency ?? 4);
  }

  get(itemId: number): CtSlice | undefined {
    const slice = this.slices.get(itemId);
    if (slice) {
      this.slices.delete(itemId);
      this.slices.set(itemId, slice);
    }
    return slice;
  }

  has(itemId: number): boolean {
    return this.slices.has(itemId);
  }

  load(itemId: number): Promise<CtSlice> {
    const held = this.get(itemId);
    if (held) return Promise.resolve(held);
    return this.inFlight.get(itemId) ?? this.fetch(itemId);
  }

  prefetch(itemIds: readonly number[]): void {
    this.wishes = itemIds.filter((id) => !this.slices.has(id));
    this.pump();
  }

  clear(): void {
    this.generation++;
    this.slices.clear();
    this.inFlight.clear();
    this.wishes = [];
    this.bytes = 0;
  }

  stats(): { slices: number; bytes: number; inFlight: number } {
    return { slices: this.slices.size, bytes: this.bytes, inFlight: this.inFlight.size };
  }

  private fetch(itemId: number): Promise<CtSlice> {
    const generation = this.generation;
    const pending = this.loader(itemId).then(
      (slice) => {
        if (generation === this.generation) {
          this.inFlight.delete(itemId);
          this.keep(slice);
          this.onLoaded?.(itemId);
          this.pump();
        }
        return slice;
      },
      (error: unknown) => {
        if (generation === this.generation) {
          this.inFlight.delete(itemId);
          this.pump();
        }
        throw error;
      },
    );
    this.inFlight.set(itemId, pending);
    return pending;
  }

  private pump(): void {
    while (this.inFlight.size < this.concurrency && this.wishes.length > 0) {
      const next = this.wishes.shift()!;
      if (this.slices.has(next) || this.inFlight.has(next)) continue;
      this.fetch(next).catch(() => {
        // a prefetch that fails is tried again when the slice is shown, and reported then
      });
    }
  }

  private keep(slice: CtSlice): void {
    const old = this.slices.get(slice.itemId);
    if (old) this.bytes -= old.hu.byteLength;
    this.slices.delete(slice.itemId);
    this.slices.set(slice.itemId, slice);
    this.bytes += slice.hu.byteLength;
    // Drop the least recently used, but never the slice just kept.
    for (const [id, held] of this.slices) {
      if (this.bytes <= this.maxBytes || id === slice.itemId) break;
      this.slices.delete(id);
      this.bytes -= held.hu.byteLength;
    }
  }
}
