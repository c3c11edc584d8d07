// What a model sees of an item: the strip or the slice read from disk and resized to the card's input,
// as bytes (row-major, channels last). Bytes keep a training set in memory 4× smaller than floats;
// normaliseInto turns them into the model's float input.
import sharp from 'sharp';
import { readFile } from 'node:fs/promises';
import { sniffImageFormat } from '../imaging/image';
import { decodeDicomFrame, initDicomCodecs, needsDicomCodecs, readDicomMeta } from '../imaging/dicom';
import { COMPOSITE_WINDOWS, compositeRgb, windowToGray } from '../../shared/window-level';
import type { CtModelCard, ModelCard, SteelModelCard } from '../../shared/ml/model-card';

/** An item as a model job knows it: where its file is, its size and its group (patient or image). */
export interface ItemInput {
  itemId: number;
  key: string;
  file: string;
  width: number;
  height: number;
  group: string;
  /** CT: the slice's series (patient / study / series), for models over ordered series. */
  series?: string;
  /** CT: the slice's place in the dataset's display order (within a series, the anatomical order). */
  order?: number;
}

export interface ModelInput {
  /** Row-major, channels last: height × width × channels bytes. */
  bytes: Uint8Array;
  width: number;
  height: number;
  channels: number;
}

/** A strip (PNG or JPEG by content) as the card's input: gray, resized, repeated to 3 channels when asked. */
export async function readStripInput(file: string, card: SteelModelCard): Promise<ModelInput> {
  const data = await readFile(file);
  const format = sniffImageFormat(data);
  if (format !== 'png' && format !== 'jpeg') throw new Error(`${file}: not a PNG or JPEG image`);
  const { width, height, channels } = card.input;
  const gray = await sharp(data).extractChannel(0).resize(width, height, { fit: 'fill' }).raw().toBuffer();
  if (channels === 1) return { bytes: new Uint8Array(gray.buffer, gray.byteOffset, gray.length), width, height, channels };
  const rgb = new Uint8Array(width * height * 3);
  for (let i = 0, o = 0; i < gray.length; i++, o += 3) rgb[o] = rgb[o + 1] = rgb[o + 2] = gray[i];
  return { bytes: rgb, width, height, channels };
}

function isStandardComposite(card: CtModelCard): boolean {
  return card.windows.every((w, i) => w.center === COMPOSITE_WINDOWS[i].center && w.width === COMPOSITE_WINDOWS[i].width);
}

/** Hounsfield units → the card's three windows as interleaved 8-bit channels. */
export function windowedComposite(hu: Int16Array, card: CtModelCard): Uint8Array {
  if (isStandardComposite(card)) return compositeRgb(hu);
  const planes = card.windows.map((w) => windowToGray(hu, w.center, w.width));
  const rgb = new Uint8Array(hu.length * 3);
  for (let i = 0, o = 0; i < hu.length; i++, o += 3) {
    rgb[o] = planes[0][i];
    rgb[o + 1] = planes[1][i];
    rgb[o + 2] = planes[2][i];
  }
  return rgb;
}

/** A DICOM slice (frame 0) as the card's input: HU → 3-window composite → resized. */
export async function readSliceInput(file: string, card: CtModelCard): Promise<ModelInput> {
  const data = new Uint8Array(await readFile(file));
  if (needsDicomCodecs(readDicomMeta(data, file).transferSyntaxUid)) await initDicomCodecs();
  const frame = decodeDicomFrame(data, 0, file);
  return compositeInput(frame.hu, frame.width, frame.height, card);
}

/** HU pixels (row-major) as the card's input. */
export async function compositeInput(hu: Int16Array, width: number, height: number, card: CtModelCard): Promise<ModelInput> {
  const rgb = windowedComposite(hu, card);
  const { width: w, height: h } = card.input;
  const resized =
    w === width && h === height ? rgb : await sharp(rgb, { raw: { width, height, channels: 3 } }).resize(w, h, { fit: 'fill' }).raw().toBuffer();
  return { bytes: new Uint8Array(resized.buffer, resized.byteOffset, resized.length), width: w, height: h, channels: 3 };
}

export function readInput(item: ItemInput, card: ModelCard): Promise<ModelInput> {
  return card.task === 'steel' ? readStripInput(item.file, card) : readSliceInput(item.file, card);
}

/** Writes (byte × scale − mean[c]) / std[c] into `out` at `offset` (a batch slot). */
export function normaliseInto(input: ModelInput, card: ModelCard, out: Float32Array, offset = 0): void {
  const { scale, mean, std } = card.normalization;
  const c = input.channels;
  const bytes = input.bytes;
  for (let i = 0; i < bytes.length; i++) {
    const k = i % c;
    out[offset + i] = (bytes[i] * scale - (mean[k] ?? mean[0])) / (std[k] ?? std[0]);
  }
}
