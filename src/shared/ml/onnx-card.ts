// The ONNX model card: what Loupe must know to run a model exported from PyTorch (or anything else) that the
// .onnx file cannot say — the task, how the input is laid out and scaled, the CT windows, what the outputs
// hold and in which class order, the steel thresholds. Kept as <model>.card.json beside the model; a card
// brought in by a user is checked against this schema, then against the model's declared inputs and outputs
// (onnx-card-check.ts), before the model runs.
import { z } from 'zod';
import { CT_LABELS, CT_SUBTYPES } from '../domain';
import { TTA_SETS } from './tta';

export const ONNX_CARD_FORMAT = 'loupe-onnx-card/1';

const size = z.number().int().positive();
const probability = z.number().min(0).max(1);
const layout = z.enum(['NCHW', 'NHWC']);
/** Logits go through a sigmoid; probabilities are taken as they are. */
const outputKind = z.enum(['logits', 'probabilities']);

/**
 * How the input values are made, in this order: (1) each channel as a value in 0..1 (steel: byte / 255;
 * CT: the window), (2) × 255 when range is "0..255", (3) (x − mean[c]) / std[c] when mean and std are given.
 */
const scaling = z
  .object({
    range: z.enum(['0..1', '0..255']),
    mean: z.array(z.number()).min(1).optional(),
    std: z.array(z.number().positive()).min(1).optional(),
  })
  .refine((s) => (s.mean === undefined) === (s.std === undefined), { message: 'give both mean and std, or neither' });

const input = z.object({
  /** The model's input tensor (float32, rank 4 with the batch first). */
  name: z.string().min(1),
  layout,
  /** 1: gray; 3: the strip's RGB as decoded (equal channels for a gray strip) or the three CT windows. */
  channels: z.union([z.literal(1), z.literal(3)]),
  /** The size the strip or slice is resized to, or "any": the item's own size (the model's axes must be dynamic). */
  size: z.union([z.literal('any'), z.object({ height: size, width: size })]),
  scaling,
}).refine((i) => [i.scaling.mean, i.scaling.std].every((values) => values === undefined || values.length === 1 || values.length === i.channels), {
  message: 'scaling.mean and scaling.std need one value, or one per channel',
  path: ['scaling'],
});

const common = {
  format: z.literal(ONNX_CARD_FORMAT),
  /** Shown in lists; the registry's version is the model's identity. */
  name: z.string().min(1).optional(),
  description: z.string().optional(),
  /** Free text for people: "U-Net, ResNet-34 encoder". */
  architecture: z.string().min(1).optional(),
  input,
  /** The TTA set (tta.ts) a prediction uses when it names none; absent: none. */
  tta: z.enum(TTA_SETS).optional(),
};

/** Loupe's defect class (1–4) of each model output channel, in the model's order; null: a channel Loupe ignores. */
const steelClasses = z
  .array(z.union([z.literal(1), z.literal(2), z.literal(3), z.literal(4), z.null()]))
  .min(4)
  .refine((classes) => [1, 2, 3, 4].every((c) => classes.filter((k) => k === c).length === 1), {
    message: 'must name each of the classes 1, 2, 3 and 4 exactly once (null for channels Loupe ignores)',
  });

export const steelOnnxCardSchema = z
  .object({
    ...common,
    task: z.literal('steel'),
    outputs: z.object({
      /** Per-pixel maps [N, K, H, W] (NCHW) or [N, H, W, K] (NHWC), at the model's output resolution. */
      masks: z.object({ name: z.string().min(1), kind: outputKind, layout: layout.optional(), classes: steelClasses }),
      /** An optional image-level output [N, K]: the probability that each class is present at all. */
      presence: z.object({ name: z.string().min(1), kind: outputKind, classes: steelClasses.optional() }).optional(),
    }),
    /** Per class 1–4: a pixel is defect when its probability reaches the threshold … */
    thresholds: z.array(probability).length(4).default([0.5, 0.5, 0.5, 0.5]),
    /** … a class's mask is dropped when it has fewer pixels than min-area (at 1600×256) … */
    minArea: z.array(z.number().int().min(0)).length(4).default([0, 0, 0, 0]),
    /** … or when the presence output's probability is below this. */
    presenceThresholds: z.array(probability).length(4).optional(),
  })
  .refine((card) => card.outputs.presence !== undefined || card.presenceThresholds === undefined, {
    message: 'presenceThresholds need a presence output (outputs.presence)',
    path: ['presenceThresholds'],
  });

const ctLabel = z.enum(CT_LABELS);

/** Loupe's CT label of each output channel, in the model's order; null: ignored. `any` may be absent (then derived). */
const ctLabels = z
  .array(z.union([ctLabel, z.null()]))
  .min(CT_SUBTYPES.length)
  .refine((labels) => CT_SUBTYPES.every((s) => labels.filter((l) => l === s).length === 1), {
    message: `must name each of ${CT_SUBTYPES.join(', ')} exactly once`,
  })
  .refine((labels) => labels.filter((l) => l === 'any').length <= 1, { message: 'names "any" more than once' });

/** A CT window: [centre, width] in HU. */
const ctWindow = z.tuple([z.number(), z.number().positive()]);

export const ctOnnxCardSchema = z
  .object({
    ...common,
    task: z.literal('ct'),
    /**
     * One window per input channel, applied to HU in floating point after resizing:
     * clip((HU − (C − W/2)) / W, 0, 1).
     */
    windows: z.array(ctWindow).min(1).max(3),
    outputs: z.object({
      /** [N, K] per slice. */
      labels: z.object({ name: z.string().min(1), kind: outputKind, labels: ctLabels }),
    }),
  })
  .refine((card) => card.windows.length === card.input.channels, {
    message: 'give one window per input channel',
    path: ['windows'],
  });

export const onnxCardSchema = z.union([steelOnnxCardSchema, ctOnnxCardSchema]);

export type SteelOnnxCard = z.infer<typeof steelOnnxCardSchema>;
export type CtOnnxCard = z.infer<typeof ctOnnxCardSchema>;
export type OnnxCard = SteelOnnxCard | CtOnnxCard;
export type OnnxInputSpec = OnnxCard['input'];
export type OnnxScaling = OnnxInputSpec['scaling'];
export type OnnxLayout = OnnxInputSpec['layout'];
export type OnnxOutputKind = z.infer<typeof outputKind>;

function problemsOf(error: z.ZodError): string {
  return error.issues.map((issue) => `${issue.path.length ? issue.path.join('.') : '(card)'}: ${issue.message}`).join('; ');
}

/** Checks a parsed card.json; throws an Error that names `where` and lists every problem by its field path. */
export function parseOnnxCard(value: unknown, where = 'the ONNX model card'): OnnxCard {
  const task = (value as { task?: unknown } | null)?.task;
  const schema = task === 'steel' ? steelOnnxCardSchema : task === 'ct' ? ctOnnxCardSchema : null;
  if (!schema) throw new Error(`${where} is not a valid Loupe ONNX model card: task: must be "steel" or "ct"`);
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  throw new Error(`${where} is not a valid Loupe ONNX model card: ${problemsOf(result.error)}`);
}

/** The scaling's mean and std for channel c (one value given applies to every channel). */
export function channelMeanStd(scaling: OnnxScaling, c: number): { mean: number; std: number } {
  if (!scaling.mean || !scaling.std) return { mean: 0, std: 1 };
  return { mean: scaling.mean[c] ?? scaling.mean[0], std: scaling.std[c] ?? scaling.std[0] };
}
