// The model card: what Loupe needs to know to run a TensorFlow.js model on its data — task, input size
// and channels, CT windows, normalisation, class names, per-class threshold and min-area, TTA — kept as
// card.json beside model.json. A card brought in by a user is checked against this schema before use.
import { z } from 'zod';
import { CT_LABELS } from '../domain';
import { ctOnnxCardSchema, steelOnnxCardSchema } from './onnx-card';
import { TTA_SETS } from './tta';

export const MODEL_CARD_FORMAT = 'loupe-model-card/1';

const probability = z.number().min(0).max(1);
const size = z.number().int().positive();

const common = {
  format: z.literal(MODEL_CARD_FORMAT),
  /** Shown in lists; the registry's version is the model's identity. */
  name: z.string().min(1).optional(),
  description: z.string().optional(),
  /** A built-in architecture ('steel-unet', 'ct-cnn') or any name for an imported model. */
  architecture: z.string().min(1),
  /**
   * TensorFlow.js layers model (tf.loadLayersModel), graph model (tf.loadGraphModel, e.g. from a converter), or an
   * ONNX file (model.onnx, run by ONNX Runtime): then `onnx` holds its ONNX card, which alone says how the input is
   * made and the outputs read; input, windows, normalization and outputs here repeat it for people and lists.
   * An ensemble (averaged versions, or a fold run's members) has no weights of its own: `ensemble` lists its
   * members; input, windows and outputs repeat its first member's.
   */
  modelFormat: z.enum(['layers', 'graph', 'onnx', 'ensemble']),
  /** An ensemble's members (ensemble.ts): each folder, weight and TTA set; the average goes through this card's post-processing. */
  ensemble: z
    .object({
      members: z
        .array(z.object({ version: z.string().min(1).nullable(), dir: z.string().min(1), weight: z.number().positive(), tta: z.enum(TTA_SETS) }))
        .min(2),
    })
    .optional(),
  /** The options the built-in architecture was built with (widths, …), so training can rebuild it. */
  architectureOptions: z.record(z.string(), z.unknown()).optional(),
  /** Input pixels become (value × scale − mean[c]) / std[c]. */
  normalization: z.object({
    scale: z.number().positive(),
    mean: z.array(z.number()).min(1),
    std: z.array(z.number().positive()).min(1),
  }),
  /** The TTA set predictions use by default (tta.ts); true and false, from older cards, mean hflip and none. */
  tta: z.union([z.boolean(), z.enum(TTA_SETS)]),
  /** Where an exported model came from: version, parent, creation time, validation metrics. Informative only. */
  provenance: z.record(z.string(), z.unknown()).optional(),
};

export const steelCardSchema = z.object({
  ...common,
  task: z.literal('steel'),
  /** The size the 1600×256 strip is resized to (any size for a fully convolutional model). */
  input: z.object({ width: size, height: size, channels: z.union([z.literal(1), z.literal(3)]) }),
  classNames: z.array(z.string().min(1)).length(4),
  /** Output tensor names: the four defect maps and, optionally, the image-level presence head. */
  outputs: z.object({ masks: z.string().min(1), presence: z.string().min(1).optional() }),
  /** Per class: a pixel is defect when its probability reaches the threshold … */
  thresholds: z.array(probability).length(4),
  /** … and a class's mask is dropped when it has fewer pixels than min-area (at 1600×256) … */
  minArea: z.array(z.number().int().min(0)).length(4),
  /** … or when the image-level presence probability is below this. */
  presenceThresholds: z.array(probability).length(4).optional(),
  /** An ONNX version's ONNX card as imported (its thresholds are the version's first; those above are in use). */
  onnx: steelOnnxCardSchema.optional(),
});

export const ctCardSchema = z.object({
  ...common,
  task: z.literal('ct'),
  /** Three channels, except for an ONNX model (which may take one window as one channel). */
  input: z.object({ width: size, height: size, channels: z.union([z.literal(1), z.literal(3)]) }),
  /** The windows (centre/width in HU) of the composite's channels, in order: three, except for an ONNX model. */
  windows: z.array(z.object({ center: z.number(), width: z.number().positive() })).min(1).max(3),
  /** The six outputs, in CT_LABELS order. */
  classNames: z.array(z.string().min(1)).length(CT_LABELS.length),
  outputs: z.object({ probabilities: z.string().min(1) }),
  /**
   * Per label (CT_LABELS order), where the model's draft says yes: p ≥ the threshold (0.5 each when absent).
   * The draft's `any` is the OR of its five subtypes, so the sixth value never decides a draft; it is kept so
   * that the list lines up with classNames.
   */
  thresholds: z.array(probability).length(CT_LABELS.length).optional(),
  /**
   * Per label, in CT_LABELS order: the model's probability p is reported as sigmoid(logit(p) / temperature
   * + bias). A temperature above 1 pulls an unsure model towards the bias's probability (e.g. a label's base
   * rate); absent, the model's own probabilities are used (temperature 1, bias 0).
   */
  calibration: z
    .object({
      temperature: z.array(z.number().positive()).length(CT_LABELS.length),
      bias: z.array(z.number()).length(CT_LABELS.length),
    })
    .optional(),
  /** An ONNX version's ONNX card as imported. */
  onnx: ctOnnxCardSchema.optional(),
});

export const modelCardSchema = z
  .discriminatedUnion('task', [steelCardSchema, ctCardSchema])
  .superRefine((card, ctx) => {
    if ((card.modelFormat === 'onnx') !== (card.onnx !== undefined)) {
      ctx.addIssue({ code: 'custom', path: ['onnx'], message: 'an ONNX model (modelFormat "onnx") needs its ONNX card here, and only it' });
    }
    if ((card.modelFormat === 'ensemble') !== (card.ensemble !== undefined)) {
      ctx.addIssue({ code: 'custom', path: ['ensemble'], message: 'an ensemble (modelFormat "ensemble") needs its members here, and only it' });
    }
    if (card.task === 'ct' && card.modelFormat !== 'onnx' && card.modelFormat !== 'ensemble' && (card.windows.length !== 3 || card.input.channels !== 3)) {
      ctx.addIssue({ code: 'custom', path: ['windows'], message: 'a TensorFlow.js CT model takes three windows as three channels' });
    }
  });

export type SteelModelCard = z.infer<typeof steelCardSchema>;
export type CtModelCard = z.infer<typeof ctCardSchema>;
export type CtCalibration = NonNullable<CtModelCard['calibration']>;
export type ModelCard = z.infer<typeof modelCardSchema>;
export type ModelTask = ModelCard['task'];

/**
 * What runs a version, as the registry shows it in the UI and in `loupe models`: an ONNX file through ONNX Runtime
 * ('onnx'), or a TensorFlow.js model of Loupe's own pipeline ('built-in': its architectures, and TensorFlow.js
 * folders imported beside them) — the kind training can start from; or an average of versions ('ensemble').
 */
export type ModelKind = 'onnx' | 'built-in' | 'ensemble';

export const modelKindOf = (card: Pick<ModelCard, 'modelFormat'>): ModelKind =>
  card.modelFormat === 'onnx' ? 'onnx' : card.modelFormat === 'ensemble' ? 'ensemble' : 'built-in';

/** The thresholds of a CT card without its own: 0.5 for every label. */
export const CT_DEFAULT_THRESHOLDS: readonly number[] = Object.freeze(CT_LABELS.map(() => 0.5));

/** A CT card's six thresholds (CT_LABELS order), the defaults where the card has none. */
export function ctThresholdsOf(card: Pick<CtModelCard, 'thresholds'>): number[] {
  return [...(card.thresholds ?? CT_DEFAULT_THRESHOLDS)];
}

/** Checks a parsed card.json; throws an Error that lists every problem by its field path. */
export function parseModelCard(value: unknown, where = 'card.json'): ModelCard {
  const result = modelCardSchema.safeParse(value);
  if (result.success) return result.data;
  const problems = result.error.issues.map((issue) => `${issue.path.length ? issue.path.join('.') : '(card)'}: ${issue.message}`);
  throw new Error(`${where} is not a valid Loupe model card: ${problems.join('; ')}`);
}

/** The same normalisation values for every channel. */
export function normalizationFor(channels: number, mean: number, std: number, scale = 1 / 255): ModelCard['normalization'] {
  return { scale, mean: new Array<number>(channels).fill(mean), std: new Array<number>(channels).fill(std) };
}
