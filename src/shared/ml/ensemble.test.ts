import { describe, expect, it } from 'vitest';
import { ensembleCard, ensembleProblem, normalisedWeights, parseTtaList, parseWeights, weightedMean, type MemberFacts } from './ensemble';
import { parseModelCard, type ModelCard } from './model-card';

const facts = (version: string, parts: Partial<MemberFacts> = {}): MemberFacts => ({ version, task: 'steel', modelFormat: 'layers', classNames: ['1', '2', '3', '4'], tta: 'none', ...parts });

describe('ensemble weights and TTA', () => {
  it('normalises weights to sum to one, equal when none are given', () => {
    expect(parseWeights('0.5,0.5', 2)).toEqual([0.5, 0.5]);
    expect(parseWeights('3 1', 2)).toEqual([0.75, 0.25]);
    expect(parseWeights(undefined, 4)).toEqual([0.25, 0.25, 0.25, 0.25]);
    expect(normalisedWeights([2, 0, 2], 3)).toEqual([0.5, 0, 0.5]);
  });

  it('refuses weights that do not fit, in words without flags', () => {
    expect(() => parseWeights('1,2,3', 2)).toThrow('3 weights for 2 versions: give one per version');
    expect(() => parseWeights('1,x', 2)).toThrow('weights are numbers, not "x"');
    expect(() => parseWeights('1,-1', 2)).toThrow(/0 or more/);
    expect(() => parseWeights('0,0', 2)).toThrow('at least one weight must be above 0');
  });

  it('takes one TTA set for all or one per version', () => {
    expect(parseTtaList('hflip', 3)).toEqual(['hflip', 'hflip', 'hflip']);
    expect(parseTtaList('none,x5', 2)).toEqual(['none', 'x5']);
    expect(parseTtaList(undefined, 2, 'flips')).toEqual(['flips', 'flips']);
    expect(() => parseTtaList('none,hflip,x5', 2)).toThrow('3 TTA sets for 2 versions');
    expect(() => parseTtaList('x7', 2)).toThrow('a TTA set is one of none, hflip, flips, x5, not "x7"');
  });

  it('weighs rows: the weighted mean of each column', () => {
    const mean = weightedMean([[0.2, 0.8], [0.6, 0.4]], [0.75, 0.25]);
    expect(mean[0]).toBeCloseTo(0.3, 12);
    expect(mean[1]).toBeCloseTo(0.7, 12);
    expect(weightedMean([[1, 0], [0, 1]], [1, 1])).toEqual([0.5, 0.5]);
  });
});

describe('what can be averaged', () => {
  it('accepts built-in and ONNX versions of one task together', () => {
    expect(ensembleProblem([facts('steel-1'), facts('unet', { modelFormat: 'onnx', tta: 'hflip' })])).toBeNull();
  });

  it('refuses mixing tasks, nesting, other class orders and a TTA set an ONNX version cannot run, naming the versions', () => {
    expect(ensembleProblem([facts('steel-1')])).toMatch(/at least two versions/);
    expect(ensembleProblem([facts('steel-1'), facts('steel-1')])).toMatch(/steel-1 is named twice/);
    expect(ensembleProblem([facts('steel-1'), facts('ct-1', { task: 'ct' })])).toBe('versions of one task only can be averaged: steel-1 (steel) and ct-1 (ct)');
    expect(ensembleProblem([facts('steel-1'), facts('avg', { modelFormat: 'ensemble' })])).toMatch(/^avg is an ensemble itself/);
    expect(ensembleProblem([facts('ct-1'), facts('ct-2', { sequence: true })])).toMatch(/^ct-2 is a sequence model over whole series/);
    expect(ensembleProblem([facts('steel-1'), facts('odd', { classNames: ['2', '1', '3', '4'] })])).toMatch(/^steel-1 and odd name their classes differently/);
    expect(ensembleProblem([facts('steel-1'), facts('unet', { modelFormat: 'onnx', tta: 'x5' })])).toBeNull(); // ONNX takes every set
  });
});

describe('ensembleCard', () => {
  const steel = parseModelCard({
    format: 'loupe-model-card/1', task: 'steel', architecture: 'steel-unet', modelFormat: 'layers', architectureOptions: { widths: [4] },
    normalization: { scale: 1 / 255, mean: [0], std: [1] }, tta: 'hflip', input: { width: 64, height: 16, channels: 1 },
    classNames: ['1', '2', '3', '4'], outputs: { masks: 'masks' }, thresholds: [0.4, 0.5, 0.5, 0.6], minArea: [10, 0, 0, 5],
  });
  it('keeps the first member’s post-processing, lists the members and is a valid card', () => {
    const members = [{ version: 'steel-1', dir: '/m/steel-1', weight: 0.5, tta: 'hflip' as const }, { version: null, dir: 'fold-2', weight: 0.5, tta: 'none' as const }];
    const card = parseModelCard(ensembleCard(steel, members, 'avg'));
    expect(card).toMatchObject({ modelFormat: 'ensemble', architecture: 'ensemble', name: 'avg', thresholds: [0.4, 0.5, 0.5, 0.6], minArea: [10, 0, 0, 5], ensemble: { members } });
    expect(card.architectureOptions).toBeUndefined();
    expect(() => parseModelCard({ ...steel, modelFormat: 'ensemble' })).toThrow(/needs its members/);
    expect(() => parseModelCard({ ...(card as ModelCard), modelFormat: 'layers' })).toThrow(/needs its members here, and only it/);
  });
});
