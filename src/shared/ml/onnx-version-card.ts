// An ONNX model as a registry version: its Loupe model card (modelFormat "onnx") made from the ONNX card it was
// imported with, and back. The ONNX card alone says how inputs are made and outputs read; the model card's
// thresholds, min-areas, presence gates (steel) and calibration (CT) are the version's own — tuning and
// re-thresholding change those, exactly as for a built-in version — and start from the ONNX card's.
import { CT_LABELS } from '../domain';
import { MODEL_CARD_FORMAT, type CtModelCard, type ModelCard, type SteelModelCard } from './model-card';
import { ttaSetOf } from './tta';
import { ONNX_CARD_FORMAT, parseOnnxCard, type CtOnnxCard, type OnnxCard, type OnnxScaling, type SteelOnnxCard } from './onnx-card';

/** The strip's size, for cards whose input size is "any" (the item's own size is used). */
const STEEL_SIZE = { width: 1600, height: 256 };
/** An RSNA slice's usual size, for the same reason. */
const CT_SIZE = { width: 512, height: 512 };

/** The card's scaling in the model card's words: (byte × scale − mean[c]) / std[c]. */
function normalizationOf(scaling: OnnxScaling, channels: number): ModelCard['normalization'] {
  const scale = scaling.range === '0..1' ? 1 / 255 : 1;
  const fill = (values: number[] | undefined, fallback: number) => (values ? [...values] : new Array<number>(channels).fill(fallback));
  return { scale, mean: fill(scaling.mean, 0), std: fill(scaling.std, 1) };
}

/** What the registry shows as an ONNX version's architecture. */
export function onnxArchitecture(card: OnnxCard): string {
  return `ONNX ${card.architecture ?? (card.task === 'steel' ? 'segmentation model' : 'slice classifier')}`;
}

/** The model card of an ONNX version imported with `onnx`. */
export function modelCardFromOnnx(onnx: OnnxCard): ModelCard {
  const size = onnx.input.size === 'any' ? (onnx.task === 'steel' ? STEEL_SIZE : CT_SIZE) : onnx.input.size;
  const common = {
    format: MODEL_CARD_FORMAT as typeof MODEL_CARD_FORMAT,
    ...(onnx.name ? { name: onnx.name } : {}),
    ...(onnx.description ? { description: onnx.description } : {}),
    architecture: onnxArchitecture(onnx),
    modelFormat: 'onnx' as const,
    normalization: normalizationOf(onnx.input.scaling, onnx.input.channels),
    // The model's default TTA set; the version's own from then on (as a built-in card's `tta`).
    tta: onnx.tta ?? 'none',
  };
  if (onnx.task === 'steel') {
    const card: SteelModelCard = {
      ...common,
      task: 'steel',
      input: { width: size.width, height: size.height, channels: onnx.input.channels },
      classNames: ['1', '2', '3', '4'],
      outputs: { masks: onnx.outputs.masks.name, ...(onnx.outputs.presence ? { presence: onnx.outputs.presence.name } : {}) },
      thresholds: [...onnx.thresholds],
      minArea: [...onnx.minArea],
      ...(onnx.presenceThresholds ? { presenceThresholds: [...onnx.presenceThresholds] } : {}),
      onnx,
    };
    return card;
  }
  const card: CtModelCard = {
    ...common,
    task: 'ct',
    input: { width: size.width, height: size.height, channels: onnx.input.channels },
    windows: onnx.windows.map(([center, width]) => ({ center, width })),
    classNames: [...CT_LABELS],
    outputs: { probabilities: onnx.outputs.labels.name },
    onnx,
  };
  return card;
}

/** The ONNX card of an ONNX version as it stands (with the version's thresholds and TTA set now), e.g. for an export. */
export function onnxCardOfVersion(card: ModelCard): OnnxCard {
  if (!card.onnx) throw new Error(`the card of ${card.name ?? 'this version'} is not an ONNX model's`);
  const tta = ttaSetOf(card.tta);
  // A card imported without a set, whose version still has none, is written back as it came.
  const ttaField = tta !== 'none' || card.onnx.tta !== undefined ? { tta } : {};
  if (card.task === 'steel') {
    const onnx: SteelOnnxCard = { ...card.onnx, ...ttaField, thresholds: [...card.thresholds], minArea: [...card.minArea] };
    if (card.presenceThresholds && onnx.outputs.presence) onnx.presenceThresholds = [...card.presenceThresholds];
    return parseOnnxCard({ ...onnx, format: ONNX_CARD_FORMAT });
  }
  const onnx: CtOnnxCard = { ...card.onnx, ...ttaField };
  return parseOnnxCard(onnx);
}
