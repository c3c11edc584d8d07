// Parses DICOM bytes with dicom-parser and turns its thrown strings into Errors that name the file.

import { createRequire } from 'node:module';
import { constants as zlibConstants, inflateRawSync } from 'node:zlib';
import type { DataSet, Element } from 'dicom-parser';
import { IMPLICIT_VR_LITTLE_ENDIAN } from './transfer-syntax';

// dicom-parser ships a UMD bundle whose named exports Node's ESM loader cannot see, so load it through require.
const require = createRequire(import.meta.url);
export const dicomParser = require('dicom-parser') as typeof import('dicom-parser');

export type { DataSet, Element };

export const PIXEL_DATA = 'x7fe00010';

/** How a file is called in error messages. */
export function fileLabel(fileName?: string): string {
  return fileName ?? '(unnamed DICOM bytes)';
}

/** 'DICM' at offset 128: a DICOM Part 10 file. */
export function hasPart10Prefix(bytes: Uint8Array): boolean {
  return bytes.length >= 132 && bytes[128] === 0x44 && bytes[129] === 0x49 && bytes[130] === 0x43 && bytes[131] === 0x4d;
}

/**
 * A bare data set without the Part 10 preamble (old ACR-NEMA style files) starts with a group 0008 element in
 * implicit little endian: tag (0008,xxxx) followed by a 32-bit length that is small and even.
 */
export function looksLikeBareDataSet(bytes: Uint8Array): boolean {
  if (bytes.length < 8 || bytes[0] !== 0x08 || bytes[1] !== 0x00) return false;
  const length = bytes[4] | (bytes[5] << 8) | (bytes[6] << 16) | (bytes[7] << 24);
  return length >= 0 && length < 1024 && length % 2 === 0;
}

/**
 * Inflates a Deflated Explicit VR Little Endian body. Z_SYNC_FLUSH lets a header-only read work on the first
 * bytes of a file: a truncated stream yields what it has instead of throwing.
 */
function inflateDeflatedBody(byteArray: Uint8Array, position: number): Uint8Array {
  return withInflatedBody(byteArray, position, inflateRawSync(byteArray.subarray(position), { finishFlush: zlibConstants.Z_SYNC_FLUSH }));
}

/** The same, but a deflate stream that is cut short or corrupt throws: the import's check of a whole file. */
function inflateWholeDeflatedBody(byteArray: Uint8Array, position: number): Uint8Array {
  let inflated: Buffer;
  try {
    inflated = inflateRawSync(byteArray.subarray(position));
  } catch (error) {
    throw new Error(`the deflated data set cannot be inflated, so the file is truncated or corrupt (${(error as Error).message})`);
  }
  return withInflatedBody(byteArray, position, inflated);
}

function withInflatedBody(byteArray: Uint8Array, position: number, inflated: Uint8Array): Uint8Array {
  const whole = new Uint8Array(position + inflated.length);
  whole.set(byteArray.subarray(0, position), 0);
  whole.set(inflated, position);
  return whole;
}

function describeThrown(thrown: unknown): string {
  if (thrown instanceof Error) return thrown.message;
  if (typeof thrown === 'string') return thrown;
  if (thrown && typeof thrown === 'object' && 'exception' in thrown) return String((thrown as { exception: unknown }).exception);
  return String(thrown);
}

/**
 * Parses a DICOM file. With `headerOnly`, parsing stops at Pixel Data (7FE0,0010), so `bytes` may be just the
 * first part of a file as long as it holds every element before the pixels. With `strictInflate`, a deflated
 * data set must inflate completely (a header-only read of a file's first bytes cannot ask for that).
 */
export function parseDicomBytes(bytes: Uint8Array, fileName: string | undefined, headerOnly: boolean, strictInflate = false): DataSet {
  const label = fileLabel(fileName);
  const part10 = hasPart10Prefix(bytes);
  if (!part10 && !looksLikeBareDataSet(bytes)) {
    throw new Error(`${label}: not a DICOM file (no 'DICM' prefix at byte 128 and no bare data set)`);
  }
  try {
    return dicomParser.parseDicom(bytes, {
      ...(headerOnly ? { untilTag: PIXEL_DATA } : {}),
      ...(part10 ? {} : { TransferSyntaxUID: IMPLICIT_VR_LITTLE_ENDIAN }),
      inflater: strictInflate ? inflateWholeDeflatedBody : inflateDeflatedBody,
    });
  } catch (thrown) {
    throw new Error(`${label}: cannot parse DICOM: ${describeThrown(thrown)}`);
  }
}

/** The transfer syntax UID of a parsed data set (bare data sets are implicit little endian). */
export function transferSyntaxUidOf(ds: DataSet): string {
  return ds.string('x00020010')?.replace(/\0/g, '').trim() || IMPLICIT_VR_LITTLE_ENDIAN;
}
