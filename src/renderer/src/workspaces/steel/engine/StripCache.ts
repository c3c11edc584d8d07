// What opening a strip needs — its decoded image and its layers' masks — fetched for the strip being
// opened and ahead of time for its neighbours in the list, so that the next strip is on screen in the
// frame after the key. A few strips only; a strip's layers are dropped as soon as they are saved, and
// the images of strips dropped from the cache are closed. The loaders are handed in (the store's
// requests to the host), so the cache is tested without a host or a DOM.
import type { SteelItemLabels } from '../../../../../shared/api/steel-types';
import type { DecodedClasses } from './SteelDocument';
import type { LazyMasks, ProbabilityMaps } from './OverlaySurfaces';

/** A strip's layers decoded into masks, ready to show: the current label's (for a document to take over), the prediction's, and the truth's when first asked for. */
export interface DecodedLayers {
  labels: SteelItemLabels;
  current: DecodedClasses;
  truth: LazyMasks;
  prediction: Map<number, Uint8Array> | null;
  /** The prediction's probability maps per class, fetched when first asked for (the magic wand). */
  probability?: ProbabilityMaps | null;
}

/** A decoded image the cache closes when it lets go of it (an ImageBitmap in the browser). */
export interface ClosableImage {
  close(): void;
}

export interface StripData<Image extends ClosableImage = ImageBitmap> extends DecodedLayers {
  itemId: number;
  bitmap: Image;
}

export interface StripLoaders<Image extends ClosableImage = ImageBitmap> {
  image(itemId: number): Promise<Image>;
  layers(itemId: number): Promise<DecodedLayers>;
}

interface Entry<Image> {
  itemId: number;
  bitmap: Promise<Image>;
  layers: Promise<DecodedLayers> | null;
}

export class StripCache<Image extends ClosableImage = ImageBitmap> {
  /** Most recently used last. */
  private readonly entries = new Map<number, Entry<Image>>();

  constructor(
    private readonly loaders: StripLoaders<Image>,
    private readonly capacity = 5,
  ) {}

  /** True when the strip is known here (its image fetched or on its way). */
  has(itemId: number): boolean {
    return this.entries.has(itemId);
  }

  /** True when the strip's image and layers are both fetched or on their way. */
  isWarm(itemId: number): boolean {
    return this.entries.get(itemId)?.layers != null;
  }

  /** The strip's image and layers, from the cache or fetched now; `pinned` strips are never dropped. */
  async load(itemId: number, pinned: readonly number[] = []): Promise<StripData<Image>> {
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

  /** Every strip's layers changed (a pre-annotation finished): fetch them again next time. */
  forgetAllLabels(): void {
    for (const entry of this.entries.values()) entry.layers = null;
  }

  /** The strip's entry, fetching what it lacks; it becomes the most recently used. */
  private ensure(itemId: number): Entry<Image> {
    let entry = this.entries.get(itemId);
    if (entry) this.entries.delete(itemId);
    else entry = { itemId, bitmap: this.loaders.image(itemId), layers: null };
    entry.layers ??= this.loaders.layers(itemId);
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
