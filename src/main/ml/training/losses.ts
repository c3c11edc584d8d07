// Training losses over sigmoid outputs. Steel: pixel cross-entropy + soft Dice per class + the presence
// head's cross-entropy. CT: cross-entropy weighted as RSNA weighs its metric (`any` counts twice).
import * as tf from '@tensorflow/tfjs';
import { CT_LABEL_WEIGHTS } from '../../../shared/metrics';

const EPSILON = 1e-6;

/** Binary cross-entropy of sigmoid outputs. log(p + ε), not a clip: a clip has no gradient where the model is confidently wrong. */
function crossEntropy(target: tf.Tensor, probability: tf.Tensor): tf.Tensor {
  const positive = tf.mul(target, tf.log(tf.add(probability, EPSILON)));
  const negative = tf.mul(tf.sub(1, target), tf.log(tf.add(tf.sub(1, probability), EPSILON)));
  return tf.neg(tf.add(positive, negative));
}

/**
 * masks, targets: [B, H, W, 4]; presence, presenceTarget: [B, 4]. The soft Dice counts only the classes
 * present in the batch: for an absent class it would be 1 / (Σp + 1), whose gradient vanishes exactly when
 * the model paints many false positives; cross-entropy handles absent classes.
 */
export function steelLoss(masks: tf.Tensor, targets: tf.Tensor, presence: tf.Tensor | null, presenceTarget: tf.Tensor): tf.Scalar {
  const pixel = tf.mean(crossEntropy(targets, masks));
  const intersection = tf.sum(tf.mul(masks, targets), [0, 1, 2]);
  const truth = tf.sum(targets, [0, 1, 2]);
  const dice = tf.div(tf.add(tf.mul(intersection, 2), 1), tf.add(tf.add(tf.sum(masks, [0, 1, 2]), truth), 1));
  const present = tf.cast(tf.greater(truth, 0), 'float32');
  const diceLoss = tf.div(tf.sum(tf.mul(present, tf.sub(1, dice))), tf.maximum(tf.sum(present), 1));
  let loss = tf.add(tf.mul(pixel, 10), diceLoss);
  if (presence) loss = tf.add(loss, tf.mul(tf.mean(crossEntropy(presenceTarget, presence)), 0.5));
  return loss as tf.Scalar;
}

/** probabilities, targets: [B, 6] in CT_LABELS order. */
export function ctLoss(probabilities: tf.Tensor, targets: tf.Tensor): tf.Scalar {
  const weights = tf.tensor1d(CT_LABEL_WEIGHTS as number[]);
  const perLabel = crossEntropy(targets, probabilities);
  return tf.div(tf.sum(tf.mul(perLabel, weights)), tf.mul(tf.sum(weights), probabilities.shape[0])) as tf.Scalar;
}

/** The batch-wide sums steelLoss is made of, for one shard of a batch split over threads. */
export interface SteelLossSums {
  crossEntropy: number;
  pixels: number;
  /** Per class: Σ p·t, Σ p, Σ t. */
  intersection: number[];
  maskSum: number[];
  truth: number[];
  presenceCrossEntropy: number;
  presenceCount: number;
}

/** This shard's SteelLossSums (read back from the tensors). */
export function steelLossSums(masks: tf.Tensor, targets: tf.Tensor, presence: tf.Tensor | null, presenceTarget: tf.Tensor): SteelLossSums {
  return tf.tidy(() => ({
    crossEntropy: tf.sum(crossEntropy(targets, masks)).dataSync()[0],
    pixels: masks.size,
    intersection: Array.from(tf.sum(tf.mul(masks, targets), [0, 1, 2]).dataSync()),
    maskSum: Array.from(tf.sum(masks, [0, 1, 2]).dataSync()),
    truth: Array.from(tf.sum(targets, [0, 1, 2]).dataSync()),
    presenceCrossEntropy: presence ? tf.sum(crossEntropy(presenceTarget, presence)).dataSync()[0] : 0,
    presenceCount: presence ? presence.size : 0,
  }));
}

/**
 * steelLoss of the whole batch, seen from one shard: the other shards' sums enter as constants. Its value is the
 * whole batch's loss, and its gradient with respect to the weights is this shard's part of the whole batch's
 * gradient (the loss is a function of batch sums only), so the shards' gradients add up to the single-thread one.
 */
export function steelLossSharded(masks: tf.Tensor, targets: tf.Tensor, presence: tf.Tensor | null, presenceTarget: tf.Tensor, others: SteelLossSums): tf.Scalar {
  const pixel = tf.div(tf.add(tf.sum(crossEntropy(targets, masks)), others.crossEntropy), masks.size + others.pixels);
  const intersection = tf.add(tf.sum(tf.mul(masks, targets), [0, 1, 2]), tf.tensor1d(others.intersection));
  const truth = tf.add(tf.sum(targets, [0, 1, 2]), tf.tensor1d(others.truth));
  const maskSum = tf.add(tf.sum(masks, [0, 1, 2]), tf.tensor1d(others.maskSum));
  const dice = tf.div(tf.add(tf.mul(intersection, 2), 1), tf.add(tf.add(maskSum, truth), 1));
  const present = tf.cast(tf.greater(truth, 0), 'float32');
  const diceLoss = tf.div(tf.sum(tf.mul(present, tf.sub(1, dice))), tf.maximum(tf.sum(present), 1));
  let loss = tf.add(tf.mul(pixel, 10), diceLoss);
  if (presence) {
    const presenceMean = tf.div(tf.add(tf.sum(crossEntropy(presenceTarget, presence)), others.presenceCrossEntropy), presence.size + others.presenceCount);
    loss = tf.add(loss, tf.mul(presenceMean, 0.5));
  }
  return loss as tf.Scalar;
}
