// How the steel store fetches a strip for the strip cache: its image decoded to a bitmap, its layers
// (current label, truth, prediction) decoded to masks, and the prediction's probability maps when first asked for.
import { api } from '../../../api/client';
import { PIXEL_HEADERS, binaryPaths } from '../../../../../shared/api/binary';
import type { ProbabilityMap } from '../../../../../shared/ml/steel-postprocess';
import { decodeClasses } from '../engine/SteelDocument';
import { decodeMasks, lazyMasks, type ProbabilityMaps } from '../engine/OverlaySurfaces';
import type { StripLoaders } from '../engine/StripCache';

export const stripLoaders: StripLoaders = {
  async image(itemId) {
    const response = await api.fetchBinary(binaryPaths.itemImage(itemId));
    if (!response.ok) throw new Error(`the image cannot be read: ${await response.text()}`);
    return createImageBitmap(await response.blob());
  },
  async layers(itemId) {
    const labels = await api.request('steel.labels', { itemId });
    const { width, height } = labels;
    return {
      labels,
      current: decodeClasses(labels.current, width, height),
      truth: lazyMasks(labels.truth, width, height),
      prediction: labels.prediction ? decodeMasks(labels.prediction.classes, width, height) : null,
      probability: labels.prediction ? probabilityMaps(itemId, labels.prediction.version) : null,
    };
  },
};

/**
 * A version's stored probability maps of a strip, one class at a time over the binary route, each fetched once.
 * A map that is not there (a prediction stored before maps were kept) or cannot be read is null: the wand then
 * falls back on the prediction's mask.
 */
export function probabilityMaps(itemId: number, version: string): ProbabilityMaps {
  const fetched = new Map<number, Promise<ProbabilityMap | null>>();
  const fetchMap = async (classId: number): Promise<ProbabilityMap | null> => {
    try {
      const response = await api.fetchBinary(binaryPaths.probabilityMap(itemId, version, classId));
      if (!response.ok) return null;
      const data = new Uint8Array(await response.arrayBuffer());
      const width = Number(response.headers.get(PIXEL_HEADERS.width));
      const height = Number(response.headers.get(PIXEL_HEADERS.height));
      return width > 0 && height > 0 && data.length === width * height ? { data, width, height } : null;
    } catch {
      return null;
    }
  };
  return (classId) => {
    let map = fetched.get(classId);
    if (!map) fetched.set(classId, (map = fetchMap(classId)));
    return map;
  };
}
