// The structural check of one slice at import: every field the decoder needs is present and in range, the
// transfer syntax is one Loupe decodes, and the pixel data is all there — as long as Rows × Columns ×
// BitsAllocated/8 × SamplesPerPixel × frames for native syntaxes (after inflating a deflated one), and for
// encapsulated ones every fragment inside the file, the sequence terminated, and each frame's codestream
// describing the image the header describes. Reads the header, the file's size and a few item headers, not
// the pixels (decoding them is the import's separate verify step).
import type { DicomMeta } from './types';
import { type ByteSource, bytesSource } from './byte-source';
import { type DataSet, fileLabel, parseDicomBytes, PIXEL_DATA, transferSyntaxUidOf } from './parse';
import { metaFromDataSet } from './meta';
import { DEFLATED_EXPLICIT_VR_LITTLE_ENDIAN, transferSyntaxOf, type TransferSyntax } from './transfer-syntax';
import { fragmentsPerFrame, readEncapsulatedLayout, SliceFlaw } from './fragments';
import { checkFrameCodestream } from './codestream';

/** The header is usually in the first 64 KiB; a file whose header runs longer is read whole. */
const HEAD_BYTES = 64 * 1024;
const SUPPORTED_BITS = [8, 16];

function present(ds: DataSet, tag: string): boolean {
  const element = ds.elements[tag];
  return element !== undefined && element.length > 0;
}

/** The header up to Pixel Data, from the file's first bytes when they hold it, else from the whole file. */
function parseHeader(source: ByteSource, label: string): DataSet {
  const head = source.read(0, HEAD_BYTES);
  if (head.length < source.size) {
    try {
      const ds = parseDicomBytes(head, label, true);
      if (ds.elements[PIXEL_DATA]) return ds;
    } catch {
      // an element runs past the first bytes: read on
    }
  }
  return parseDicomBytes(head.length >= source.size ? head : source.read(0, source.size), label, true);
}

function checkTransferSyntax(uid: string): TransferSyntax {
  const syntax = transferSyntaxOf(uid);
  if (syntax.encoding === 'unsupported') {
    throw new SliceFlaw(`transfer syntax ${uid} (${syntax.name}) is not one Loupe decodes`);
  }
  return syntax;
}

/** The fields the decoder reads, each in the range it handles. */
function checkImageFields(ds: DataSet, meta: DicomMeta): void {
  if (meta.rows <= 0 || meta.columns <= 0) throw new SliceFlaw(`Rows ${meta.rows} × Columns ${meta.columns}: no image`);
  if (!present(ds, 'x00280100')) throw new SliceFlaw('BitsAllocated (0028,0100) is missing');
  if (!SUPPORTED_BITS.includes(meta.bitsAllocated)) {
    throw new SliceFlaw(`BitsAllocated ${meta.bitsAllocated} is not supported (Loupe reads 8- or 16-bit slices)`);
  }
  if (meta.bitsStored < 1 || meta.bitsStored > meta.bitsAllocated) {
    throw new SliceFlaw(`BitsStored ${meta.bitsStored} does not fit BitsAllocated ${meta.bitsAllocated}`);
  }
  if (meta.highBit < meta.bitsStored - 1 || meta.highBit >= meta.bitsAllocated) {
    throw new SliceFlaw(`HighBit ${meta.highBit} does not fit BitsStored ${meta.bitsStored} within BitsAllocated ${meta.bitsAllocated}`);
  }
  if (meta.samplesPerPixel !== 1) {
    throw new SliceFlaw(`SamplesPerPixel ${meta.samplesPerPixel}: Loupe reads grayscale slices (one sample per pixel)`);
  }
  if (meta.pixelRepresentation !== 0 && meta.pixelRepresentation !== 1) {
    throw new SliceFlaw(`PixelRepresentation ${meta.pixelRepresentation} is neither 0 (unsigned) nor 1 (signed)`);
  }
  const photometric = meta.photometricInterpretation.toUpperCase();
  if (photometric !== 'MONOCHROME1' && photometric !== 'MONOCHROME2') {
    throw new SliceFlaw(`PhotometricInterpretation ${meta.photometricInterpretation} is not MONOCHROME1 or MONOCHROME2`);
  }
  if (present(ds, 'x00280008')) {
    const text = (ds.string('x00280008') ?? '').replace(/\0/g, '').trim();
    if (!/^\+?\d+$/.test(text) || Number(text) < 1) throw new SliceFlaw(`NumberOfFrames "${text}" is not a whole number of at least 1`);
  }
}

const formatBytes = (n: number) => n.toLocaleString('en');

function checkNativePixels(data: ByteSource, ds: DataSet, meta: DicomMeta): void {
  const element = ds.elements[PIXEL_DATA];
  if (element.hadUndefinedLength) throw new SliceFlaw('native (uncompressed) Pixel Data has an undefined length');
  const expected = meta.rows * meta.columns * (meta.bitsAllocated / 8) * meta.samplesPerPixel * meta.frames;
  if (element.length !== expected && !(expected % 2 === 1 && element.length === expected + 1)) {
    const product = `Rows × Columns × BitsAllocated/8 × SamplesPerPixel × frames = ${meta.rows} × ${meta.columns} × ${meta.bitsAllocated / 8} × ${meta.samplesPerPixel} × ${meta.frames} = ${formatBytes(expected)}`;
    throw new SliceFlaw(`Pixel Data holds ${formatBytes(element.length)} bytes, but ${product}: the header does not describe these pixels`);
  }
  const end = element.dataOffset + element.length;
  if (end > data.size) {
    throw new SliceFlaw(`the file is truncated: its Pixel Data needs bytes ${formatBytes(element.dataOffset)}–${formatBytes(end)}, the file ends at ${formatBytes(data.size)}`);
  }
}

function checkEncapsulatedPixels(data: ByteSource, ds: DataSet, meta: DicomMeta, syntax: TransferSyntax): void {
  const element = ds.elements[PIXEL_DATA];
  if (!element.hadUndefinedLength) throw new SliceFlaw(`Pixel Data of a compressed transfer syntax (${syntax.name}) must be encapsulated, but it has a defined length`);
  const layout = readEncapsulatedLayout(data, element.dataOffset);
  const frames = fragmentsPerFrame(data, layout, meta.frames, syntax.encoding);
  frames.forEach((fragments, frame) => checkFrameCodestream(data, fragments, frame, meta, syntax.encoding));
}

/**
 * Checks the structure of one DICOM slice (see the module comment) and returns its header. Throws an Error
 * `<file>: <what is wrong>` otherwise.
 */
export function checkSliceStructure(source: ByteSource, fileName?: string): DicomMeta {
  const label = fileLabel(fileName);
  try {
    let ds = parseHeader(source, label);
    let data = source;
    const uid = transferSyntaxUidOf(ds);
    const syntax = checkTransferSyntax(uid);
    if (uid === DEFLATED_EXPLICIT_VR_LITTLE_ENDIAN) {
      // The lengths to check are those of the inflated data set: inflate it all, failing on a cut stream.
      ds = parseDicomBytes(source.read(0, source.size), label, false, true);
      data = bytesSource(ds.byteArray);
    }
    if (!ds.elements[PIXEL_DATA]) throw new SliceFlaw('the file ends before its Pixel Data (7FE0,0010): it is truncated, or holds no image');
    const meta = metaFromDataSet(ds);
    checkImageFields(ds, meta);
    if (syntax.encoding === 'native-le' || syntax.encoding === 'native-be') checkNativePixels(data, ds, meta);
    else checkEncapsulatedPixels(data, ds, meta, syntax);
    return meta;
  } catch (error) {
    // Every failure names the file, even one the checks did not foresee.
    const message = error instanceof Error ? error.message : String(error);
    throw new Error(message.startsWith(`${label}: `) ? message : `${label}: ${message}`);
  }
}
