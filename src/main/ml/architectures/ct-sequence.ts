// The CT sequence model (the RSNA 2nd-place idea): the CT CNN's per-slice embeddings of one series, in
// anatomical order, through a bidirectional GRU, so each slice's six labels are read in the light of its
// neighbours — a bleed spans contiguous slices. The GRU's states and the slice's own (normalised) embedding
// feed one dense head per slice, six sigmoid outputs in CT_LABELS order, starting at RSNA's base rates.
import * as tf from '@tensorflow/tfjs';
import { RSNA_BASE_RATES, logit } from '../../../shared/ml/ct-prediction';
import { CT_OUTPUT } from './ct-cnn';
import type { CtModelCard } from '../../../shared/ml/model-card';
import { CT_SEQUENCE_ARCHITECTURE } from '../../../shared/ml/ct-sequence-card';

export { CT_SEQUENCE_ARCHITECTURE };

export interface CtSequenceOptions {
  /** Features per slice (the CNN embedding's size). */
  embeddingSize: number;
  /** GRU units per direction. */
  units: number;
  /** Dropout on the embeddings while training. */
  dropout: number;
  labels: number;
  seed: number;
  outputBias: number[];
}

export const CT_SEQUENCE_DEFAULTS: Omit<CtSequenceOptions, 'embeddingSize'> = { units: 32, dropout: 0.1, labels: 6, seed: 1, outputBias: RSNA_BASE_RATES.map(logit) };

/** [series, slices, embeddingSize] → [series, slices, labels]; any number of slices. */
export function buildCtSequence(options: Partial<CtSequenceOptions> & { embeddingSize: number }): tf.LayersModel {
  const o = { ...CT_SEQUENCE_DEFAULTS, ...options };
  let seed = o.seed;
  const input = tf.input({ shape: [null, o.embeddingSize], name: 'embeddings' });
  const normalised = tf.layers.layerNormalization({ name: 'normalised' }).apply(input) as tf.SymbolicTensor;
  const dropped = tf.layers.dropout({ rate: o.dropout, seed: seed++, name: 'dropout' }).apply(normalised) as tf.SymbolicTensor;
  const gru = tf.layers.gru({
    units: o.units,
    returnSequences: true,
    kernelInitializer: tf.initializers.glorotUniform({ seed: seed++ }),
    recurrentInitializer: tf.initializers.orthogonal({ seed: seed++ }),
  });
  const states = tf.layers.bidirectional({ layer: gru as tf.layers.RNN, mergeMode: 'concat', name: 'series_gru' }).apply(dropped) as tf.SymbolicTensor;
  const both = tf.layers.concatenate({ name: 'slice_and_series' }).apply([dropped, states]) as tf.SymbolicTensor;
  const head = tf.layers.dense({ units: o.labels, activation: 'sigmoid', kernelInitializer: tf.initializers.glorotUniform({ seed: seed++ }), name: CT_OUTPUT });
  const output = head.apply(both) as tf.SymbolicTensor;
  const model = tf.model({ inputs: input, outputs: output, name: 'ct_sequence' });
  if (o.outputBias?.length === o.labels) {
    const [kernel] = head.getWeights();
    const start = tf.tensor1d(o.outputBias);
    head.setWeights([kernel, start]);
    start.dispose();
  }
  return model;
}

/**
 * The card of a sequence model trained on a CNN's embeddings: the CNN's input, windows and TTA (slices are read
 * and embedded as the CNN reads them), none of what was fitted to the CNN's own outputs (calibration,
 * thresholds), and the options the sequence model was built with.
 */
export function sequenceCard(cnn: CtModelCard, options: CtSequenceOptions): CtModelCard {
  const { calibration: _calibration, thresholds: _thresholds, name: _name, description: _description, provenance: _provenance, ...rest } = cnn;
  return { ...rest, architecture: CT_SEQUENCE_ARCHITECTURE, architectureOptions: { ...options }, modelFormat: 'layers', outputs: { probabilities: CT_OUTPUT } };
}
