// Plain images (Severstal strips): format by magic bytes, never by extension (the samples are PNG named .jpg),
// decoding and size through sharp.

import { open, readFile } from 'node:fs/promises';
import sharp from 'sharp';
import { hasPart10Prefix } from './dicom/parse';
import { errorMessage } from '../../shared/errors';

export type ImageFormat = 'png' | 'jpeg' | 'dicom';

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

/** The format of a file from its first bytes (16 are enough for PNG and JPEG, 132 for DICOM), or null. */
export function sniffImageFormat(bytes: Uint8Array): ImageFormat | null {
  if (bytes.length >= PNG_SIGNATURE.length && PNG_SIGNATURE.every((b, i) => bytes[i] === b)) return 'png';
  if (bytes.length >= 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return 'jpeg';
  if (hasPart10Prefix(bytes)) return 'dicom';
  return null;
}

export interface GrayImage {
  width: number;
  height: number;
  /** Row-major, one byte per pixel: the first channel (the strips are R = G = B) or the gray channel. */
  gray: Uint8Array;
  format: 'png' | 'jpeg';
}

function notAnImage(path: string, format: ImageFormat | null): Error {
  const found = format === 'dicom' ? 'a DICOM file' : 'neither PNG nor JPEG data';
  return new Error(`${path}: ${found}; expected a PNG or JPEG image (the format is read from the bytes, not the extension)`);
}

function withFileName(path: string, error: unknown): Error {
  return new Error(`${path}: cannot read image: ${errorMessage(error)}`);
}

/** Decodes a PNG or JPEG file to 8-bit gray (its first channel). Throws an Error naming the file otherwise. */
export async function readGrayImage(path: string): Promise<GrayImage> {
  const bytes = await readFile(path);
  const format = sniffImageFormat(bytes);
  if (format !== 'png' && format !== 'jpeg') throw notAnImage(path, format);
  try {
    const { data, info } = await sharp(bytes, { sequentialRead: true }).extractChannel(0).raw().toBuffer({ resolveWithObject: true });
    const gray = new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
    return { width: info.width, height: info.height, gray, format };
  } catch (error) {
    throw withFileName(path, error);
  }
}

async function readHead(path: string, length: number): Promise<Uint8Array> {
  const file = await open(path, 'r');
  try {
    const head = new Uint8Array(length);
    const { bytesRead } = await file.read(head, 0, length, 0);
    return head.subarray(0, bytesRead);
  } finally {
    await file.close();
  }
}

/**
 * How strict the import's full decode is (sharp's `failOn`): a truncated image, corrupt data and even a decoder
 * warning fail. That is sharp's default, with which the viewer, thumbnails and models read strips: an image
 * that imports is one they can show.
 */
export const DECODE_FAIL_ON = 'warning' as const;

/**
 * Decodes every pixel of a PNG or JPEG file (or of its bytes, when given), so an image cut short or with corrupt
 * data fails here rather than in the viewer. Returns its size; throws an Error naming the file otherwise.
 */
export async function decodeImageFully(path: string, bytes?: Uint8Array): Promise<{ width: number; height: number; format: 'png' | 'jpeg' }> {
  const format = sniffImageFormat(bytes ?? (await readHead(path, 132)));
  if (format !== 'png' && format !== 'jpeg') throw notAnImage(path, format);
  try {
    const { info } = await sharp(bytes ?? path, { failOn: DECODE_FAIL_ON }).extractChannel(0).raw().toBuffer({ resolveWithObject: true });
    return { width: info.width, height: info.height, format };
  } catch (error) {
    // libvips can report several lines at once (its error buffer): one line here, as every error is.
    throw new Error(`${path}: the ${format === 'png' ? 'PNG' : 'JPEG'} image cannot be decoded, it is truncated or corrupt (${errorMessage(error)})`);
  }
}

/** Width and height of a PNG or JPEG file from its header only (sharp metadata; no pixel decoding). */
export async function readImageSize(path: string): Promise<{ width: number; height: number; format: 'png' | 'jpeg' }> {
  const format = sniffImageFormat(await readHead(path, 132));
  if (format !== 'png' && format !== 'jpeg') throw notAnImage(path, format);
  let metadata: sharp.Metadata;
  try {
    metadata = await sharp(path).metadata();
  } catch (error) {
    throw withFileName(path, error);
  }
  if (!metadata.width || !metadata.height) throw new Error(`${path}: the ${format} header has no size`);
  return { width: metadata.width, height: metadata.height, format };
}
