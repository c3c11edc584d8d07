// What an ONNX model sees of an item, in floating point from the file (see shared/ml/preprocess.ts for the exact
// steps): a strip's pixels as sharp decodes them, a slice's HU from Loupe's DICOM decode (RSNA intercept fix
// included), never an 8-bit composite.
import { readFile } from 'node:fs/promises';
import sharp from 'sharp';
import { decodeDicomFrame, initDicomCodecs, needsDicomCodecs, readDicomMeta } from '../../imaging/dicom';
import { sniffImageFormat } from '../../imaging/image';
import type { CtOnnxCard, OnnxCard, SteelOnnxCard } from '../../../shared/ml/onnx-card';
import { ctInputPlanes, steelInputPlanes, type PlanarImage } from '../../../shared/ml/preprocess';

/** A strip (PNG or JPEG by content) as the card's input planes. */
export async function readStripPlanes(file: string, card: SteelOnnxCard): Promise<PlanarImage> {
  const bytes = await readFile(file);
  const format = sniffImageFormat(bytes);
  if (format !== 'png' && format !== 'jpeg') throw new Error(`${file}: not a PNG or JPEG image`);
  let decoded: { data: Buffer; info: sharp.OutputInfo };
  try {
    decoded = await sharp(bytes).raw().toBuffer({ resolveWithObject: true });
  } catch (error) {
    throw new Error(`${file}: cannot decode the image (${(error as Error).message})`);
  }
  const { data, info } = decoded;
  return steelInputPlanes(new Uint8Array(data.buffer, data.byteOffset, data.length), info.width, info.height, info.channels, card.input);
}

/** A DICOM slice (frame 0) as the card's input planes: HU → resize → windows. */
export async function readSlicePlanes(file: string, card: CtOnnxCard): Promise<PlanarImage> {
  const bytes = new Uint8Array(await readFile(file));
  if (needsDicomCodecs(readDicomMeta(bytes, file).transferSyntaxUid)) await initDicomCodecs();
  const frame = decodeDicomFrame(bytes, 0, file);
  return ctInputPlanes(frame.hu, frame.width, frame.height, card.input, card.windows);
}

/** An item's file as the card's input planes. */
export function readOnnxInput(file: string, card: OnnxCard): Promise<PlanarImage> {
  return card.task === 'steel' ? readStripPlanes(file, card) : readSlicePlanes(file, card);
}
