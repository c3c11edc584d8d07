import { describe, expect, it } from 'vitest';
import { embeddingLayerOf, isSequenceCard } from './ct-sequence-card';
import type { ModelCard } from './model-card';

const ct = (over: Record<string, unknown>): ModelCard => ({ task: 'ct', modelFormat: 'layers', architecture: 'ct-cnn', ...over }) as unknown as ModelCard;

describe('CT sequence cards', () => {
  it("finds the built-in CNN's embedding, a named one, and none elsewhere", () => {
    expect(embeddingLayerOf(ct({}))).toBe('pooled');
    expect(embeddingLayerOf(ct({ architecture: 'keras-b0', architectureOptions: { embeddingLayer: 'avg_pool' } }))).toBe('avg_pool');
    expect(embeddingLayerOf(ct({ architecture: 'keras-b0' }))).toBeNull();
    expect(embeddingLayerOf(ct({ modelFormat: 'graph' }))).toBeNull();
    expect(embeddingLayerOf(ct({ architecture: 'ct-sequence' }))).toBeNull();
    expect(embeddingLayerOf({ task: 'steel', modelFormat: 'layers', architecture: 'steel-unet' } as unknown as ModelCard)).toBeNull();
  });

  it('tells a sequence version by its architecture', () => {
    expect(isSequenceCard(ct({ architecture: 'ct-sequence' }))).toBe(true);
    expect(isSequenceCard(ct({}))).toBe(false);
  });
});
