// New threshold / min-area / presence settings applied to stored probability maps: no model runs.
import { inflateSync } from 'node:zlib';
import { encodeRle } from '../../../shared/rle';
import { steelMasksFromMaps } from '../../../shared/ml/steel-postprocess';
import type { JobContext } from './job-context';
import { throttled } from './job-context';
import type { PredictedItem, RethresholdJobSpec } from './protocol';

export async function runRethresholdJob(spec: RethresholdJobSpec, context: JobContext): Promise<{ items: number }> {
  const report = throttled((p) => context.progress(p));
  const chunk: PredictedItem[] = [];
  let done = 0;
  for (const item of spec.items) {
    context.checkCancelled();
    const maps = [...item.maps].sort((a, b) => a.classId - b.classId);
    const presence = maps.every((m) => m.presence !== null) ? maps.map((m) => m.presence as number) : null;
    const decoded = maps.map((m) => ({ data: new Uint8Array(inflateSync(m.deflated)), width: m.width, height: m.height }));
    const masks = steelMasksFromMaps(decoded, presence, spec.post, item.width, item.height);
    chunk.push({ itemId: item.itemId, rles: masks.map((m) => (m.pixels ? encodeRle(m.mask) : '')) });
    done++;
    if (chunk.length === 32) context.partial(chunk.splice(0));
    report({ phase: 'applying thresholds', done, total: spec.items.length });
  }
  if (chunk.length) context.partial(chunk);
  return { items: done };
}
