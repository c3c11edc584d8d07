// How the steel store fetches a strip for the strip cache: its image decoded to a bitmap, and its layers
// (current label, truth, prediction) decoded to masks.
import { api } from '../../../api/client';
import { binaryPaths } from '../../../../../shared/api/binary';
import { decodeClasses } from '../engine/SteelDocument';
import { decodeMasks, lazyMasks } from '../engine/OverlaySurfaces';
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
    };
  },
};
