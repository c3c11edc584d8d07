// The built-in architectures by name, with the cards they start from. A card's architectureOptions hold
// the options a model was built with, so training can rebuild (and fine-tune) it.
import type * as tf from '@tensorflow/tfjs';
import { CT_LABELS, STEEL_HEIGHT, STEEL_WIDTH } from '../../../shared/domain';
import { COMPOSITE_WINDOWS } from '../../../shared/window-level';
import { MODEL_CARD_FORMAT, normalizationFor, type CtModelCard, type ModelCard, type SteelModelCard } from '../../../shared/ml/model-card';
import { STEEL_OUTPUTS, STEEL_UNET_DEFAULTS, buildSteelUnet, steelUnetStride, type SteelUnetOptions } from './steel-unet';
import { CT_CNN_DEFAULTS, CT_OUTPUT, buildCtCnn, type CtCnnOptions } from './ct-cnn';

export const STEEL_ARCHITECTURE = 'steel-unet';
export const CT_ARCHITECTURE = 'ct-cnn';

export interface SteelArchitectureOptions extends SteelUnetOptions {
  /** The strip is shrunk by this factor before the model sees it (4: 1600×256 → 400×64). */
  downscale: number;
}

export const STEEL_ARCHITECTURE_DEFAULTS: SteelArchitectureOptions = { ...STEEL_UNET_DEFAULTS, downscale: 4 };

/** The card a fresh steel U-Net starts with. */
export function steelCard(options: Partial<SteelArchitectureOptions> = {}): SteelModelCard {
  const o = { ...STEEL_ARCHITECTURE_DEFAULTS, ...options };
  const stride = steelUnetStride(o.widths);
  const side = (full: number) => Math.max(stride, Math.round(full / o.downscale / stride) * stride);
  return {
    format: MODEL_CARD_FORMAT,
    task: 'steel',
    architecture: STEEL_ARCHITECTURE,
    architectureOptions: { ...o },
    modelFormat: 'layers',
    input: { width: side(STEEL_WIDTH), height: side(STEEL_HEIGHT), channels: o.inputChannels as 1 | 3 },
    normalization: normalizationFor(o.inputChannels, 0.4, 0.2),
    classNames: ['1', '2', '3', '4'],
    outputs: { masks: STEEL_OUTPUTS.masks, ...(o.presenceHead ? { presence: STEEL_OUTPUTS.presence } : {}) },
    thresholds: [0.5, 0.5, 0.5, 0.5],
    minArea: [150, 150, 300, 300],
    ...(o.presenceHead ? { presenceThresholds: [0.5, 0.5, 0.5, 0.5] } : {}),
    tta: false,
  };
}

/** The card a fresh CT CNN starts with. */
export function ctCard(options: Partial<CtCnnOptions> = {}): CtModelCard {
  const o = { ...CT_CNN_DEFAULTS, ...options };
  return {
    format: MODEL_CARD_FORMAT,
    task: 'ct',
    architecture: CT_ARCHITECTURE,
    architectureOptions: { ...o },
    modelFormat: 'layers',
    input: { width: o.inputSize, height: o.inputSize, channels: 3 },
    windows: COMPOSITE_WINDOWS.map((w) => ({ center: w.center, width: w.width })),
    normalization: normalizationFor(3, 0, 1),
    classNames: [...CT_LABELS],
    outputs: { probabilities: CT_OUTPUT },
    tta: false,
  };
}

/** A fresh model of a card's built-in architecture (with the card's options), or null for other architectures. */
export function buildArchitecture(card: ModelCard, seed?: number): tf.LayersModel | null {
  const options = { ...(card.architectureOptions ?? {}), ...(seed === undefined ? {} : { seed }) };
  if (card.task === 'steel' && card.architecture === STEEL_ARCHITECTURE) {
    return buildSteelUnet({ ...(options as Partial<SteelUnetOptions>), inputChannels: card.input.channels });
  }
  if (card.task === 'ct' && card.architecture === CT_ARCHITECTURE) {
    return buildCtCnn({ ...(options as Partial<CtCnnOptions>), inputSize: card.input.width });
  }
  return null;
}

/** The card of a fresh built-in model for a task. */
export function defaultCard(task: ModelCard['task']): ModelCard {
  return task === 'steel' ? steelCard() : ctCard();
}
