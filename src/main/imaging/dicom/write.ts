// writeDicom: a minimal valid CT Image Storage file (Part 10 preamble, file meta group, one or more frames),
// for synthetic RSNA-style series in tests and the demo generator. Uncompressed Explicit VR Little Endian by
// default; other encodings and pre-encoded (encapsulated) frames exist so tests can cover the decoder's paths.

import { deflateRawSync } from 'node:zlib';
import { concat, ElementWriter } from './write-elements';
import {
  DEFLATED_EXPLICIT_VR_LITTLE_ENDIAN,
  EXPLICIT_VR_BIG_ENDIAN,
  EXPLICIT_VR_LITTLE_ENDIAN,
  IMPLICIT_VR_LITTLE_ENDIAN,
} from './transfer-syntax';

export type DicomEncoding = 'explicit-le' | 'implicit-le' | 'explicit-be' | 'deflated';

export interface WriteDicomOptions {
  sopInstanceUid: string;
  patientId: string;
  studyInstanceUid: string;
  seriesInstanceUid: string;
  instanceNumber?: number;
  /** ImagePositionPatient (x, y, z) in mm. */
  imagePosition?: [number, number, number];
  /** ImageOrientationPatient: row cosines then column cosines. Default axial [1,0,0, 0,1,0]. */
  imageOrientation?: [number, number, number, number, number, number];
  rows: number;
  columns: number;
  /** PixelSpacing (row spacing, column spacing) in mm. */
  pixelSpacing?: [number, number];
  sliceThickness?: number;
  /** Default 16. BitsAllocated is always 16; HighBit is bitsStored − 1. */
  bitsStored?: number;
  /** Default 1 (signed). The RSNA trap is bitsStored 12, pixelRepresentation 0, rescaleIntercept 0. */
  pixelRepresentation?: 0 | 1;
  /** Default 1. */
  rescaleSlope?: number;
  /** Default 0 (stored values are HU). CT files usually store HU + 1024 with intercept -1024. */
  rescaleIntercept?: number;
  /** One value or several (written multi-valued). */
  windowCenter?: number | readonly number[];
  windowWidth?: number | readonly number[];
  /** Stored values, rows × columns × frames, row-major, frame after frame. Written as 16-bit words. */
  pixels?: Int16Array | Uint16Array;
  /** Default 1; more than 1 writes NumberOfFrames. */
  frames?: number;
  /** Default MONOCHROME2. */
  photometricInterpretation?: 'MONOCHROME1' | 'MONOCHROME2';
  /** Default 'CT'. */
  modality?: string;
  studyDescription?: string;
  seriesDescription?: string;
  bodyPartExamined?: string;
  /** Default 'explicit-le' (Explicit VR Little Endian). */
  encoding?: DicomEncoding;
  /**
   * Already-encoded frames (one fragment each) to store encapsulated under `transferSyntaxUid`, instead of
   * `pixels`. The data set is then Explicit VR Little Endian; Loupe does not encode these itself.
   */
  encapsulated?: { transferSyntaxUid: string; frames: readonly Uint8Array[] };
}

const CT_IMAGE_STORAGE = '1.2.840.10008.5.1.4.1.1.2';
const IMPLEMENTATION_CLASS_UID = '2.25.168102458121342790551216403296430218765';
const IMPLEMENTATION_VERSION = 'LOUPE_0_1';

const TRANSFER_SYNTAX_OF: Record<DicomEncoding, string> = {
  'explicit-le': EXPLICIT_VR_LITTLE_ENDIAN,
  'implicit-le': IMPLICIT_VR_LITTLE_ENDIAN,
  'explicit-be': EXPLICIT_VR_BIG_ENDIAN,
  deflated: DEFLATED_EXPLICIT_VR_LITTLE_ENDIAN,
};

function asList(value: number | readonly number[] | undefined): readonly number[] {
  if (value === undefined) return [];
  return typeof value === 'number' ? [value] : value;
}

function checkOptions(o: WriteDicomOptions, frames: number, bitsStored: number): void {
  if (!Number.isInteger(o.rows) || !Number.isInteger(o.columns) || o.rows <= 0 || o.columns <= 0 || o.rows > 65535 || o.columns > 65535) {
    throw new Error(`writeDicom: rows ${o.rows} and columns ${o.columns} must be integers in 1..65535`);
  }
  if (!Number.isInteger(bitsStored) || bitsStored < 1 || bitsStored > 16) throw new Error(`writeDicom: bitsStored ${bitsStored} must be 1..16`);
  if (!Number.isInteger(frames) || frames < 1) throw new Error(`writeDicom: frames ${frames} must be a positive integer`);
  if (o.encapsulated) {
    if (o.encapsulated.frames.length !== frames) throw new Error(`writeDicom: ${o.encapsulated.frames.length} encapsulated frames for ${frames} frames`);
  } else if (!o.pixels || o.pixels.length !== o.rows * o.columns * frames) {
    throw new Error(`writeDicom: pixels must hold rows × columns × frames = ${o.rows * o.columns * frames} values, got ${o.pixels?.length ?? 'none'}`);
  }
}

function fileMetaGroup(o: WriteDicomOptions, transferSyntaxUid: string): Uint8Array {
  const meta = new ElementWriter({ explicitVr: true, littleEndian: true });
  meta.bytes(0x0002, 0x0001, 'OB', new Uint8Array([0, 1]));
  meta.string(0x0002, 0x0002, 'UI', CT_IMAGE_STORAGE);
  meta.string(0x0002, 0x0003, 'UI', o.sopInstanceUid);
  meta.string(0x0002, 0x0010, 'UI', transferSyntaxUid);
  meta.string(0x0002, 0x0012, 'UI', IMPLEMENTATION_CLASS_UID);
  meta.string(0x0002, 0x0013, 'SH', IMPLEMENTATION_VERSION);
  const groupLength = new ElementWriter({ explicitVr: true, littleEndian: true });
  groupLength.uint32(0x0002, 0x0000, meta.byteLength);
  return concat([groupLength.toBytes(), meta.toBytes()]);
}

function dataSet(o: WriteDicomOptions, writer: ElementWriter, frames: number, bitsStored: number): void {
  const optionalText = (group: number, element: number, vr: string, value: string | undefined): void => {
    if (value !== undefined && value !== '') writer.string(group, element, vr, value);
  };
  writer.string(0x0008, 0x0016, 'UI', CT_IMAGE_STORAGE);
  writer.string(0x0008, 0x0018, 'UI', o.sopInstanceUid);
  writer.string(0x0008, 0x0060, 'CS', o.modality ?? 'CT');
  optionalText(0x0008, 0x1030, 'LO', o.studyDescription);
  optionalText(0x0008, 0x103e, 'LO', o.seriesDescription);
  writer.string(0x0010, 0x0020, 'LO', o.patientId);
  optionalText(0x0018, 0x0015, 'CS', o.bodyPartExamined);
  if (o.sliceThickness !== undefined) writer.decimals(0x0018, 0x0050, [o.sliceThickness]);
  writer.string(0x0020, 0x000d, 'UI', o.studyInstanceUid);
  writer.string(0x0020, 0x000e, 'UI', o.seriesInstanceUid);
  if (o.instanceNumber !== undefined) writer.string(0x0020, 0x0013, 'IS', String(Math.trunc(o.instanceNumber)));
  if (o.imagePosition) writer.decimals(0x0020, 0x0032, o.imagePosition);
  writer.decimals(0x0020, 0x0037, o.imageOrientation ?? [1, 0, 0, 0, 1, 0]);
  writer.uint16(0x0028, 0x0002, 1);
  writer.string(0x0028, 0x0004, 'CS', o.photometricInterpretation ?? 'MONOCHROME2');
  if (frames > 1) writer.string(0x0028, 0x0008, 'IS', String(frames));
  writer.uint16(0x0028, 0x0010, o.rows);
  writer.uint16(0x0028, 0x0011, o.columns);
  if (o.pixelSpacing) writer.decimals(0x0028, 0x0030, o.pixelSpacing);
  writer.uint16(0x0028, 0x0100, 16);
  writer.uint16(0x0028, 0x0101, bitsStored);
  writer.uint16(0x0028, 0x0102, bitsStored - 1);
  writer.uint16(0x0028, 0x0103, o.pixelRepresentation ?? 1);
  const centers = asList(o.windowCenter);
  const widths = asList(o.windowWidth);
  if (centers.length > 0) writer.decimals(0x0028, 0x1050, centers);
  if (widths.length > 0) writer.decimals(0x0028, 0x1051, widths);
  writer.decimals(0x0028, 0x1052, [o.rescaleIntercept ?? 0]);
  writer.decimals(0x0028, 0x1053, [o.rescaleSlope ?? 1]);
  if (o.encapsulated) writer.encapsulatedPixelData(o.encapsulated.frames);
  else writer.words(0x7fe0, 0x0010, o.pixels as Int16Array | Uint16Array);
}

/** Writes a CT Image Storage Part 10 file. Throws on inconsistent options (pixel count, sizes, bits). */
export function writeDicom(options: WriteDicomOptions): Uint8Array {
  const frames = options.frames ?? 1;
  const bitsStored = options.bitsStored ?? 16;
  checkOptions(options, frames, bitsStored);
  const encoding = options.encapsulated ? 'explicit-le' : (options.encoding ?? 'explicit-le');
  const transferSyntaxUid = options.encapsulated?.transferSyntaxUid ?? TRANSFER_SYNTAX_OF[encoding];
  const writer = new ElementWriter({ explicitVr: encoding !== 'implicit-le', littleEndian: encoding !== 'explicit-be' });
  dataSet(options, writer, frames, bitsStored);
  const body = encoding === 'deflated' ? new Uint8Array(deflateRawSync(writer.toBytes())) : writer.toBytes();
  const preamble = new Uint8Array(132);
  preamble.set([0x44, 0x49, 0x43, 0x4d], 128); // 'DICM'
  return concat([preamble, fileMetaGroup(options, transferSyntaxUid), body]);
}
