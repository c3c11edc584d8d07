// Training samples: an item and what the model should say about it, at the model's resolution.
// Steel: per class, the share of each model pixel the defect covers (×255), and whether the class is
// present at all. CT: the six labels (the five subtypes, then `any`).
import { parseRle } from '../../../shared/rle';
import { bitsToLabels } from '../../../shared/ct-labels';
import type { ModelCard } from '../../../shared/ml/model-card';
import type { ItemInput } from '../inputs';
import type { LabelledItem } from '../worker/protocol';

export interface SteelTarget {
  /** Row-major, 4 channels last: coverage × 255 per model pixel. */
  masks: Uint8Array;
  presence: number[];
}

/** What one training sample is trained towards; computed when its batch is built (targets are not kept). */
export interface Sample {
  item: ItemInput;
  /** Steel: the target at the model's input size. */
  steel?: (width: number, height: number) => SteelTarget;
  /** CT: six 0/1 labels. */
  labels?: number[];
}

/** Coverage maps (w × h × 4) of four column-major RLE masks of a fullWidth × fullHeight strip. */
export function steelTarget(rles: readonly string[], fullWidth: number, fullHeight: number, width: number, height: number): SteelTarget {
  const sums = new Float32Array(width * height * 4);
  const area = new Float32Array(width * height);
  for (let X = 0; X < fullWidth; X++) {
    const x = Math.floor((X * width) / fullWidth);
    for (let Y = 0; Y < fullHeight; Y++) area[Math.floor((Y * height) / fullHeight) * width + x]++;
  }
  const presence = [0, 0, 0, 0];
  rles.forEach((rle, c) => {
    if (!rle) return;
    const parsed = parseRle(rle, fullWidth, fullHeight);
    if (!parsed.ok) throw new Error(`invalid RLE for class ${c + 1}: ${parsed.reason}`);
    const runs = parsed.runs;
    for (let r = 0; r < runs.length; r += 2) {
      for (let p = runs[r], end = runs[r] + runs[r + 1]; p < end; p++) {
        const X = Math.floor(p / fullHeight);
        const Y = p - X * fullHeight;
        sums[(Math.floor((Y * height) / fullHeight) * width + Math.floor((X * width) / fullWidth)) * 4 + c]++;
      }
    }
    if (runs.length) presence[c] = 1;
  });
  const masks = new Uint8Array(sums.length);
  for (let i = 0; i < sums.length; i++) masks[i] = Math.round((sums[i] / area[i >> 2]) * 255);
  return { masks, presence };
}

/** The sample of a labelled item: its current label as the target. */
export function sampleOf(item: LabelledItem, card: ModelCard): Sample {
  if (card.task === 'steel') {
    const rles = item.rles ?? ['', '', '', ''];
    return { item, steel: (width, height) => steelTarget(rles, item.width, item.height, width, height) };
  }
  return { item, labels: bitsToLabels(item.bits ?? 0) };
}
