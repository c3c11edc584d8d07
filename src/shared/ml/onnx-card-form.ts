// The ONNX import dialog's fields and the card they make: what the file says (names, shapes) is prefilled from a
// drafted card, and what it cannot say is asked as plain fields — layout, channels, size, scaling, the outputs'
// kind, the class of each output channel, the presence output, the CT windows, the default TTA set. Building the card names the
// dialog's control that is wrong; the card is then checked again in full (schema, model) when it is imported.
import { CT_LABELS } from '../domain';
import { ONNX_CARD_FORMAT, parseOnnxCard, type OnnxCard, type OnnxLayout, type OnnxOutputKind } from './onnx-card';
import type { TtaSet } from './tta';

export interface OnnxCardForm {
  name: string;
  inputName: string;
  layout: OnnxLayout;
  channels: 1 | 3;
  /** "" for any size (the item's own). */
  height: string;
  width: string;
  range: '0..1' | '0..255';
  /** Comma-separated, one value or one per channel; "" for none. */
  mean: string;
  std: string;
  outputName: string;
  kind: OnnxOutputKind;
  /** Steel: the class (1–4, or "-" for a channel Loupe ignores) of each output channel; CT: the label of each. */
  classes: string;
  /** Steel: the image-level output, "" for none. */
  presenceName: string;
  presenceKind: OnnxOutputKind;
  /** CT: "centre/width" per channel, comma-separated. */
  windows: string;
  /** The TTA set a prediction uses when it names none. */
  tta: TtaSet;
}

export const IMAGENET_SCALING = { mean: '0.485, 0.456, 0.406', std: '0.229, 0.224, 0.225' } as const;

const list = (values: readonly (number | string | null)[] | undefined) => (values ?? []).map((v) => (v === null ? '-' : String(v))).join(', ');
const split = (text: string) => text.split(',').map((s) => s.trim()).filter((s) => s !== '');

/** The fields of a drafted (or any) card. */
export function formFromCard(card: OnnxCard): OnnxCardForm {
  const size = card.input.size;
  const common = {
    name: card.name ?? '',
    inputName: card.input.name,
    layout: card.input.layout,
    channels: card.input.channels,
    height: size === 'any' ? '' : String(size.height),
    width: size === 'any' ? '' : String(size.width),
    range: card.input.scaling.range,
    mean: list(card.input.scaling.mean),
    std: list(card.input.scaling.std),
    tta: card.tta ?? 'none',
  };
  if (card.task === 'steel') {
    const presence = card.outputs.presence;
    return { ...common, outputName: card.outputs.masks.name, kind: card.outputs.masks.kind, classes: list(card.outputs.masks.classes), presenceName: presence?.name ?? '', presenceKind: presence?.kind ?? 'logits', windows: '' };
  }
  return {
    ...common,
    outputName: card.outputs.labels.name,
    kind: card.outputs.labels.kind,
    classes: list(card.outputs.labels.labels),
    presenceName: '',
    presenceKind: 'logits',
    windows: card.windows.map(([c, w]) => `${c}/${w}`).join(', '),
  };
}

function numbers(text: string, control: string): number[] | undefined {
  const parts = split(text);
  if (parts.length === 0) return undefined;
  const values = parts.map(Number);
  if (values.some((v) => !Number.isFinite(v))) throw new Error(`${control}: give numbers separated by commas, not "${text}"`);
  return values;
}

/** The card the fields make, or the problem with the first wrong field (named as the dialog labels it). */
export function cardFromForm(form: OnnxCardForm, task: 'steel' | 'ct'): { card: OnnxCard } | { problem: string } {
  try {
    const sized = form.height.trim() !== '' || form.width.trim() !== '';
    const [height, width] = [Number(form.height), Number(form.width)];
    if (sized && !(Number.isInteger(height) && height > 0 && Number.isInteger(width) && width > 0)) {
      throw new Error('Input size: give a height and a width in pixels, or leave both empty for any size');
    }
    const mean = numbers(form.mean, 'Mean');
    const std = numbers(form.std, 'Std');
    const input = {
      name: form.inputName,
      layout: form.layout,
      channels: form.channels,
      size: sized ? { height, width } : 'any',
      scaling: { range: form.range, ...(mean ? { mean } : {}), ...(std ? { std } : {}) },
    };
    const base = { format: ONNX_CARD_FORMAT, task, ...(form.name.trim() ? { name: form.name.trim() } : {}), input, ...(form.tta !== 'none' ? { tta: form.tta } : {}) };
    let draft: unknown;
    if (task === 'steel') {
      const classes = split(form.classes).map((c) => (c === '-' ? null : Number(c)));
      if (classes.some((c) => c !== null && ![1, 2, 3, 4].includes(c))) throw new Error(`Class of each output channel: use 1, 2, 3, 4 or - (ignored), not "${form.classes}"`);
      const presence = form.presenceName ? { presence: { name: form.presenceName, kind: form.presenceKind } } : {};
      draft = { ...base, outputs: { masks: { name: form.outputName, kind: form.kind, classes }, ...presence } };
    } else {
      const labels = split(form.classes).map((l) => (l === '-' ? null : l));
      const unknown = labels.find((l) => l !== null && !(CT_LABELS as readonly string[]).includes(l));
      if (unknown) throw new Error(`Label of each output channel: "${unknown}" is not one of ${CT_LABELS.join(', ')} or - (ignored)`);
      const windows = split(form.windows).map((w) => {
        const [c, width] = w.split('/').map((v) => Number(v.trim()));
        if (!Number.isFinite(c) || !(width > 0)) throw new Error(`Windows: give centre/width in HU per channel (e.g. 40/80, 80/200, 40/380), not "${w}"`);
        return [c, width];
      });
      draft = { ...base, windows, outputs: { labels: { name: form.outputName, kind: form.kind, labels } } };
    }
    return { card: parseOnnxCard(draft, 'the card') };
  } catch (error) {
    return { problem: (error as Error).message };
  }
}
