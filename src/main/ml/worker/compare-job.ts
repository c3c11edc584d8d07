// Two versions (or one) and the baseline scored on the same validation items, per class: from the stored
// predictions where they exist (steel maps through the version's card as it stands now; CT probabilities),
// else by running the model, through the very pipeline of pre-annotation and training's validation.
import { inflateSync } from 'node:zlib';
import { decodeRle } from '../../../shared/rle';
import { dice } from '../../../shared/metrics';
import { steelMasksFromMaps } from '../../../shared/ml/steel-postprocess';
import { ctValidationScore, steelValidationScore } from '../../../shared/ml/loop/validation-scores';
import type { ValidationScore } from '../../../shared/ml/loop/model-comparison';
import { openVersionModel, releaseVersionModel } from '../inference/version-model';
import { InputCache, baselineScore, validate, validateEnsemble, validateOnnx, validateSequence } from '../training/validate';
import { throttled, type JobContext } from './job-context';
import type { CompareJobSpec, CompareResult, ComparedSource, LabelledItem, StoredMap } from './protocol';

/** The row-major maps and presence values of one item's stored maps, classes in order. */
export function inflateMaps(stored: readonly StoredMap[]): { maps: { data: Uint8Array; width: number; height: number }[]; presence: number[] | null } {
  const sorted = [...stored].sort((a, b) => a.classId - b.classId);
  const presence = sorted.every((m) => m.presence !== null) ? sorted.map((m) => m.presence as number) : null;
  return { maps: sorted.map((m) => ({ data: new Uint8Array(inflateSync(m.deflated)), width: m.width, height: m.height })), presence };
}

async function scoreSource(spec: CompareJobSpec, source: ComparedSource, context: JobContext, report: (done: number) => void): Promise<ValidationScore> {
  const { items } = spec;
  if (source.from === 'model') {
    const opened = await openVersionModel(source.modelDir);
    try {
      const checkCancelled = () => context.checkCancelled();
      if (opened.kind === 'ensemble') return await validateEnsemble(opened.model, items, checkCancelled);
      if (opened.kind === 'onnx') return await validateOnnx(opened.model, items, checkCancelled);
      if (opened.kind === 'sequence') return await validateSequence(opened.model, items, new InputCache(), checkCancelled);
      return await validate(opened.model, items, new InputCache(), checkCancelled);
    } finally {
      await releaseVersionModel(opened);
    }
  }
  if (source.from === 'probabilities') {
    return ctValidationScore(items.map((item, i) => ({ labelBits: item.bits ?? 0, probabilities: source.probabilities[i] })));
  }
  const scored = items.map((item: LabelledItem, i) => {
    context.checkCancelled();
    const { maps, presence } = inflateMaps(source.maps[i]);
    const masks = steelMasksFromMaps(maps, presence, source.post, item.width, item.height);
    report(i + 1);
    return { dice: masks.map((m, c) => dice(decodeRle(item.rles?.[c] ?? '', item.width, item.height), m.mask)) };
  });
  return steelValidationScore(scored);
}

export async function runCompareJob(spec: CompareJobSpec, context: JobContext): Promise<CompareResult> {
  const progress = throttled((p) => context.progress(p));
  const total = spec.items.length * spec.sources.length;
  const scores: ValidationScore[] = [];
  for (const [k, source] of spec.sources.entries()) {
    const phase = `scoring ${k === 0 ? 'the version' : 'the other version'}${source.from === 'model' ? ' (running the model)' : ''}`;
    progress({ phase, done: k * spec.items.length, total }, true);
    scores.push(await scoreSource(spec, source, context, (done) => progress({ phase, done: k * spec.items.length + done, total })));
  }
  progress({ phase: 'scored', done: total, total }, true);
  const { metricName: _name, ...baseline } = baselineScore(spec.task, spec.items);
  return { scores: scores.map(({ value, perClass, count }) => ({ value, perClass, count })), baseline };
}
