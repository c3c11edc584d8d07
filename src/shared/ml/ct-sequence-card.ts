// What the cards say about CT sequence models, without TensorFlow.js (the main thread decides with these):
// a sequence version's architecture, and which layer of a CT CNN is its slice embedding.
import type { ModelCard } from './model-card';

/** The architecture of a sequence model over a series' slice embeddings (its version's kind). */
export const CT_SEQUENCE_ARCHITECTURE = 'ct-sequence';

/** The sub-folder of a sequence version's folder that holds a copy of its CNN (it predicts with it). */
export const SEQUENCE_CNN_FOLDER = 'cnn';

/** The built-in CT CNN's embedding: global max and mean pooling of its last block, what its head reads. */
export const CT_CNN_EMBEDDING_LAYER = 'pooled';

export function isSequenceCard(card: ModelCard): boolean {
  return card.task === 'ct' && card.architecture === CT_SEQUENCE_ARCHITECTURE;
}

/**
 * The layer whose output is a CT layers model's slice embedding: the one its card names
 * (architectureOptions.embeddingLayer), the built-in CNN's `pooled`, else null (no embedding to learn from).
 */
export function embeddingLayerOf(card: ModelCard): string | null {
  if (card.task !== 'ct' || card.modelFormat !== 'layers' || isSequenceCard(card)) return null;
  const named = card.architectureOptions?.embeddingLayer;
  if (typeof named === 'string' && named) return named;
  return card.architecture === 'ct-cnn' ? CT_CNN_EMBEDDING_LAYER : null;
}
