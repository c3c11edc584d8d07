// What opening a strip needs — its decoded image and its layers' masks — fetched for the strip being
// opened and ahead of time for its neighbours in the list, so that the next strip is on screen in the
// frame after the key. A few strips only; a strip's layers are dropped as soon as they are saved, and
// the images of strips dropped from the cache are closed.
import { api } from '../../../api/client';
import { binaryPaths } from '../../../../../shared/api/binary';
import type { SteelItemLabels } from '../../../../../shared/api/steel-types';
import { decodeClasses, type DecodedClasses } from './SteelDocument';
import { decodeMasks, lazyMasks, type LazyMasks } from './OverlaySurfaces';

/** A strip's layers decoded into masks, ready to show: the current label's (for a document to take over), the prediction's, and the truth's when first asked for. */
export interface DecodedLayers {
  labels: SteelItemLabels;
  current: DecodedClasses;
  truth: LazyMasks;
  prediction: Map<number, Uint8Array> | null;
}

export interface StripData extends DecodedLayers {
  itemId: number;
  bitmap: ImageBitmap;
}

interface Entry {
  itemId: number;
  bitmap: Promise<ImageBitmap>;
  layers: Promise<DecodedLayers> | null;
}

async function fetchLayers(itemId: number): Promise<DecodedLayers> {
  const labels = await api.request('steel.labels', { itemId });
  const { width, height } = labels;
  return {
    labels,
    current: decodeClasses(labels.current, width, height),
    truth: lazyMasks(labels.truth, width, height),
    prediction: labels.prediction ? decodeMasks(labels.prediction.classes, width, height) : null,
  };
}

async function fetchBitmap(itemId: number): Promise<ImageBitmap> {
  const response = await api.fetchBinary(binaryPaths.itemImage(itemId));
  if (!response.ok) throw new Error(`the image cannot be read: ${await response.text()}`);
  return createImageBitmap(await response.blob());
}

export class StripCache {
  /** Most recently used last. */
  private readonly entries = new Map<number, Entry>();

  constructor(private readonly capacity = 5) {}

  /** True when the strip is known here (its image fetched or on its way). */
  has(itemId: number): boolean {
    return this.entries.has(itemId);
  }

  /** True when the strip's image and layers are both fetched or on their way. */
  isWarm(itemId: number): boolean {
    return this.entries.get(itemId)?.layers != null;
  }

  /** The strip's image and layers, from the cache or fetched now; `pinned` strips are never dropped. */
  async load(itemId: number, pinned: readonly number[] = []): Promise<StripData> {
    const entry = this.ensure(itemId);
    this.trim([itemId, ...pinned]);
    try {
      const [bitmap, layers] = await Promise.all([entry.bitmap, entry.layers!]);
      // The current masks go to one document: a later visit decodes them afresh.
      if (this.entries.get(itemId) === entry) entry.layers = null;
      return { itemId, bitmap, ...layers };
    } catch (error) {
      this.drop(itemId);
      throw error;
    }
  }

  /** Starts fetching strips ahead of time, quietly (a strip that fails is fetched again when opened). */
  prefetch(itemIds: readonly number[], pinned: readonly number[]): void {
    for (const itemId of itemIds) {
      const entry = this.ensure(itemId);
      Promise.all([entry.bitmap, entry.layers]).catch(() => this.entries.get(itemId) === entry && this.drop(itemId));
    }
    this.trim([...pinned, ...itemIds]);
  }

  /** The strip's layers changed (saved, reverted): fetch them again next time. */
  forgetLabels(itemId: number): void {
    const entry = this.entries.get(itemId);
    if (entry) entry.layers = null;
  }

  /** The strip's entry, fetching what it lacks; it becomes the most recently used. */
  private ensure(itemId: number): Entry {
    let entry = this.entries.get(itemId);
    if (entry) this.entries.delete(itemId);
    else entry = { itemId, bitmap: fetchBitmap(itemId), layers: null };
    entry.layers ??= fetchLayers(itemId);
    this.entries.set(itemId, entry);
    return entry;
  }

  private trim(keep: readonly number[]): void {
    for (const itemId of this.entries.keys()) {
      if (this.entries.size <= this.capacity) return;
      if (!keep.includes(itemId)) this.drop(itemId);
    }
  }

  private drop(itemId: number): void {
    const entry = this.entries.get(itemId);
    if (!entry) return;
    this.entries.delete(itemId);
    void entry.bitmap.then((bitmap) => bitmap.close()).catch(() => {});
  }
}
