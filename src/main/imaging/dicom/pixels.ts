// Gets one frame's stored pixel values (before rescale) out of a parsed data set: native little/big endian,
// or encapsulated and decoded by the codec its transfer syntax needs.

import type { DicomMeta } from './types';
import { type DataSet, type Element, dicomParser, fileLabel, PIXEL_DATA } from './parse';
import { transferSyntaxOf, type TransferSyntax } from './transfer-syntax';
import { type CodecOutput, decodeJpeg2000, decodeJpegDct, decodeJpegLossless, decodeJpegLs } from './codecs';
import { decodeRleFrame } from './rle';

export type StoredSamples = Int8Array | Uint8Array | Int16Array | Uint16Array | Int32Array | Uint32Array;

/** One frame of stored values: BitsStored extracted and sign-extended per PixelRepresentation, row-major. */
export interface StoredFrame {
  values: StoredSamples;
  width: number;
  height: number;
  /** Whether `values` are signed (the header's PixelRepresentation, unless a JPEG 2000 codestream says signed). */
  signed: boolean;
}

function checkImage(meta: DicomMeta, frame: number, label: string): void {
  if (meta.rows <= 0 || meta.columns <= 0) throw new Error(`${label}: no image (Rows ${meta.rows}, Columns ${meta.columns})`);
  if (meta.samplesPerPixel !== 1) {
    throw new Error(`${label}: ${meta.samplesPerPixel} samples per pixel (${meta.photometricInterpretation}); Loupe reads grayscale DICOM only`);
  }
  if (![8, 16, 32].includes(meta.bitsAllocated)) throw new Error(`${label}: BitsAllocated ${meta.bitsAllocated} is not 8, 16 or 32`);
  if (meta.bitsStored < 1 || meta.bitsStored > meta.bitsAllocated || meta.highBit >= meta.bitsAllocated) {
    throw new Error(`${label}: BitsStored ${meta.bitsStored} / HighBit ${meta.highBit} do not fit BitsAllocated ${meta.bitsAllocated}`);
  }
  if (!Number.isInteger(frame) || frame < 0 || frame >= meta.frames) {
    throw new Error(`${label}: frame ${frame} does not exist (the file has ${meta.frames} frame${meta.frames === 1 ? '' : 's'})`);
  }
}

/** Typed view (or aligned copy) of little-endian sample bytes. */
export function samplesFromBytes(bytes: Uint8Array, bitsAllocated: number, signed: boolean): StoredSamples {
  const width = bitsAllocated / 8;
  const aligned = bytes.byteOffset % width === 0 ? bytes : bytes.slice();
  const count = Math.floor(aligned.length / width);
  const { buffer, byteOffset } = aligned;
  if (width === 1) return signed ? new Int8Array(buffer, byteOffset, count) : new Uint8Array(buffer, byteOffset, count);
  if (width === 2) return signed ? new Int16Array(buffer, byteOffset, count) : new Uint16Array(buffer, byteOffset, count);
  return signed ? new Int32Array(buffer, byteOffset, count) : new Uint32Array(buffer, byteOffset, count);
}

function swapBytes(bytes: Uint8Array, width: number): Uint8Array {
  const out = new Uint8Array(bytes.length);
  for (let i = 0; i < bytes.length; i += width) {
    for (let b = 0; b < width; b++) out[i + b] = bytes[i + width - 1 - b];
  }
  return out;
}

/**
 * Applies BitsStored / HighBit / PixelRepresentation to raw samples: shifts the stored bits down, masks away
 * the bits above them, and sign-extends from the top stored bit when signed. Full-width samples are returned as is.
 */
export function extractStoredBits(bytes: Uint8Array, meta: DicomMeta, signed: boolean): StoredSamples {
  const { bitsAllocated, bitsStored } = meta;
  const shift = Math.max(0, meta.highBit + 1 - bitsStored);
  if (bitsStored === bitsAllocated && shift === 0) return samplesFromBytes(bytes, bitsAllocated, signed);
  const raw = samplesFromBytes(bytes, bitsAllocated, false);
  const out = samplesFromBytes(new Uint8Array(raw.length * (bitsAllocated / 8)), bitsAllocated, signed);
  if (signed) {
    const up = 32 - bitsStored;
    for (let i = 0; i < raw.length; i++) out[i] = ((raw[i] >>> shift) << up) >> up;
  } else {
    const mask = bitsStored === 32 ? 0xffffffff : 2 ** bitsStored - 1;
    for (let i = 0; i < raw.length; i++) out[i] = (raw[i] >>> shift) & mask;
  }
  return out;
}

function nativeFrameBytes(ds: DataSet, element: Element, meta: DicomMeta, frame: number, label: string): Uint8Array {
  const frameBytes = meta.rows * meta.columns * (meta.bitsAllocated / 8);
  const start = element.dataOffset + frame * frameBytes;
  const end = start + frameBytes;
  if (end > element.dataOffset + element.length || end > ds.byteArray.length) {
    throw new Error(`${label}: Pixel Data is truncated (frame ${frame} needs bytes ${start}..${end}, the file has ${ds.byteArray.length})`);
  }
  return ds.byteArray.subarray(start, end);
}

function encapsulatedFrame(ds: DataSet, element: Element, meta: DicomMeta, frame: number, syntax: TransferSyntax): Uint8Array {
  const fragments = element.fragments ?? [];
  if (fragments.length === 0) throw new Error('encapsulated Pixel Data has no fragments');
  if (meta.frames === 1) return dicomParser.readEncapsulatedPixelDataFromFragments(ds, element, 0, fragments.length);
  if ((element.basicOffsetTable ?? []).length > 0) return dicomParser.readEncapsulatedImageFrame(ds, element, frame);
  if (fragments.length === meta.frames) return dicomParser.readEncapsulatedPixelDataFromFragments(ds, element, frame, 1);
  if (syntax.encoding === 'rle') throw new Error('multi-fragment RLE frames without a Basic Offset Table cannot be split');
  // No Basic Offset Table and several fragments per frame: find frame ends by their EOI/EOC marker.
  const offsets = dicomParser.createJPEGBasicOffsetTable(ds, element);
  return dicomParser.readEncapsulatedImageFrame(ds, element, frame, offsets);
}

function decodeEncapsulated(encoded: Uint8Array, meta: DicomMeta, syntax: TransferSyntax): CodecOutput {
  const { columns: width, rows: height } = meta;
  const bytesPerSample = meta.bitsAllocated / 8;
  switch (syntax.encoding) {
    case 'jpeg-2000':
      return decodeJpeg2000(encoded);
    case 'jpeg-ls':
      return decodeJpegLs(encoded);
    case 'jpeg-dct':
      return decodeJpegDct(encoded, width, height);
    case 'jpeg-lossless':
      return decodeJpegLossless(encoded, width, height, bytesPerSample);
    case 'rle':
      return { bytes: decodeRleFrame(encoded, width * height, bytesPerSample), width, height, components: 1, bitsPerSample: meta.bitsAllocated, signed: null };
    default:
      throw new Error(`no decoder for ${syntax.encoding}`);
  }
}

/** Re-packs codec output into BitsAllocated-wide little-endian samples (8-bit codec output in 16-bit files). */
function toAllocatedWidth(output: CodecOutput, meta: DicomMeta): Uint8Array {
  const pixelCount = meta.rows * meta.columns;
  const allocatedBytes = meta.bitsAllocated / 8;
  if (output.width !== meta.columns || output.height !== meta.rows || output.components !== 1) {
    throw new Error(`codestream is ${output.width}x${output.height}x${output.components}, header says ${meta.columns}x${meta.rows}x1`);
  }
  const codecBytes = Math.floor(output.bytes.length / pixelCount);
  if (codecBytes === allocatedBytes) return output.bytes;
  if (codecBytes === 1 && allocatedBytes === 2) {
    const widened = new Uint16Array(pixelCount);
    widened.set(output.bytes.subarray(0, pixelCount));
    return new Uint8Array(widened.buffer);
  }
  throw new Error(`codec produced ${codecBytes} bytes per sample, BitsAllocated is ${meta.bitsAllocated}`);
}

/**
 * One frame's samples before BitsStored / HighBit are applied: BitsAllocated wide, little-endian, row-major.
 * `extract` says whether they still hold the stored bits to shift, mask and sign-extend (extractStoredBits), or
 * are already real values (a signed JPEG 2000 codestream).
 */
export interface RawFrame {
  bytes: Uint8Array;
  width: number;
  height: number;
  signed: boolean;
  extract: boolean;
}

/** The stored values of one frame. `meta` must come from the same data set (metaFromDataSet). */
export function readStoredFrame(ds: DataSet, meta: DicomMeta, frame: number, fileName?: string): StoredFrame {
  const raw = readRawFrame(ds, meta, frame, fileName);
  const values = raw.extract ? extractStoredBits(raw.bytes, meta, raw.signed) : samplesFromBytes(raw.bytes, meta.bitsAllocated, raw.signed);
  return { values, width: raw.width, height: raw.height, signed: raw.signed };
}

/** One frame's raw samples (see RawFrame); decoding to HU reads these, with the bit extraction in its table. */
export function readRawFrame(ds: DataSet, meta: DicomMeta, frame: number, fileName?: string): RawFrame {
  const label = fileLabel(fileName);
  checkImage(meta, frame, label);
  const syntax = transferSyntaxOf(meta.transferSyntaxUid);
  if (syntax.encoding === 'unsupported') {
    throw new Error(`${label}: transfer syntax ${syntax.name} (${syntax.uid}) is not supported`);
  }
  const element = ds.elements[PIXEL_DATA];
  if (!element) throw new Error(`${label}: no Pixel Data (7FE0,0010)`);
  const headerSigned = meta.pixelRepresentation === 1;
  const base = { width: meta.columns, height: meta.rows };

  if (syntax.encoding === 'native-le' || syntax.encoding === 'native-be') {
    let bytes = nativeFrameBytes(ds, element, meta, frame, label);
    if (syntax.encoding === 'native-be' && meta.bitsAllocated > 8) bytes = swapBytes(bytes, meta.bitsAllocated / 8);
    return { ...base, bytes, signed: headerSigned, extract: true };
  }

  let output: CodecOutput;
  try {
    output = decodeEncapsulated(encapsulatedFrame(ds, element, meta, frame, syntax), meta, syntax);
  } catch (thrown) {
    const reason = thrown instanceof Error ? thrown.message : String(thrown);
    throw new Error(`${label}: cannot decode frame ${frame} (${syntax.name}, ${syntax.uid}): ${reason}`);
  }
  let bytes: Uint8Array;
  try {
    bytes = toAllocatedWidth(output, meta);
  } catch (thrown) {
    throw new Error(`${label}: ${(thrown as Error).message}`);
  }
  if (output.signed === true) {
    // A signed JPEG 2000 codestream carries real two's-complement samples: take them as decoded.
    return { ...base, bytes, signed: true, extract: false };
  }
  // Unsigned codestreams (all JPEG / JPEG-LS, most JPEG 2000) hold the stored bit patterns; the header says how
  // to read them. This is also what makes J2K_pixelrep_mismatch come out as pydicom reads it on a fresh dataset.
  return { ...base, bytes, signed: headerSigned, extract: true };
}
