// Which CNN a CT sequence model learns from, decided on the main thread before the run is queued.
import { badInput } from '../../../shared/errors';
import { embeddingLayerOf, isSequenceCard } from '../../../shared/ml/ct-sequence-card';
import type { ModelService, ModelVersion } from './models';
import type { TrainOptions } from './train';

/**
 * The CNN a sequence model learns from: the one named, else the active CT version — or, when that is itself a
 * sequence version, the CNN it was trained on. Refused with the reason when it has no slice embedding.
 */
export function sequenceParent(models: ModelService, named: ModelVersion | null, options: TrainOptions): ModelVersion {
  if (options.pseudo !== undefined) throw badInput('a sequence model learns from labelled series only; leave out pseudo-labels');
  let parent = named;
  if (parent && isSequenceCard(parent.card) && !options.from && parent.parentVersion) parent = models.get(parent.parentVersion);
  if (!parent) throw badInput('a sequence model is trained on the slice embeddings of a CT CNN: name the CNN version as its parent');
  if (isSequenceCard(parent.card)) {
    throw badInput(`model ${parent.version} is a sequence model; name the CNN version it should learn from as the parent (${parent.parentVersion ?? 'none recorded'})`);
  }
  if (!embeddingLayerOf(parent.card)) {
    throw badInput(
      `model ${parent.version} (${parent.architecture}, ${parent.card.modelFormat}) has no slice embedding Loupe can read; train the sequence model on a ` +
        'built-in CT CNN version, or a TensorFlow.js layers model whose card names its embedding layer (architectureOptions.embeddingLayer)',
    );
  }
  return parent;
}
