// Reads the header fields Loupe uses (DicomMeta) from a parsed data set, including the enhanced multi-frame
// functional groups where CT0012-style files keep their rescale and window values.

import type { DicomMeta } from './types';
import { type DataSet, fileLabel, parseDicomBytes, PIXEL_DATA, transferSyntaxUidOf } from './parse';
import { transferSyntaxOf } from './transfer-syntax';

const SHARED_FUNCTIONAL_GROUPS = 'x52009229';
const PER_FRAME_FUNCTIONAL_GROUPS = 'x52009230';
const PIXEL_VALUE_TRANSFORMATION = 'x00289145';
const FRAME_VOI_LUT = 'x00289132';
const PLANE_POSITION = 'x00209113';
const PLANE_ORIENTATION = 'x00209116';
const PIXEL_MEASURES = 'x00289110';

function text(ds: DataSet, tag: string): string {
  return ds.string(tag)?.replace(/\0/g, '').trim() ?? '';
}

/** Every value of a backslash-separated numeric string (DS / IS), skipping empty or malformed ones. */
function numbers(ds: DataSet, tag: string): number[] {
  const raw = ds.elements[tag] ? text(ds, tag) : '';
  if (raw === '') return [];
  return raw
    .split('\\')
    .map((part) => Number.parseFloat(part))
    .filter((value) => Number.isFinite(value));
}

function firstNumber(ds: DataSet, tag: string): number | null {
  const values = numbers(ds, tag);
  return values.length > 0 ? values[0] : null;
}

function uint16(ds: DataSet, tag: string, fallback: number): number {
  const element = ds.elements[tag];
  if (!element || element.length < 2) return fallback;
  return ds.uint16(tag) ?? fallback;
}

/** The first item of a sequence inside `ds`, or undefined. */
function firstItem(ds: DataSet | undefined, sequenceTag: string): DataSet | undefined {
  return ds?.elements[sequenceTag]?.items?.[0]?.dataSet;
}

/**
 * The functional-group macro items that apply to a frame, most specific first: the frame's own per-frame item,
 * then the shared item. Plain (non-enhanced) files have none.
 */
function functionalGroups(ds: DataSet, frame: number): DataSet[] {
  const groups: DataSet[] = [];
  const perFrame = ds.elements[PER_FRAME_FUNCTIONAL_GROUPS]?.items?.[frame]?.dataSet;
  if (perFrame) groups.push(perFrame);
  const shared = firstItem(ds, SHARED_FUNCTIONAL_GROUPS);
  if (shared) groups.push(shared);
  return groups;
}

/** Looks for `tag` at the top level, then inside `macroTag` of the frame's functional groups. */
function findWithMacro(ds: DataSet, frame: number, macroTag: string, tag: string): DataSet | undefined {
  if (ds.elements[tag]) return ds;
  for (const group of functionalGroups(ds, frame)) {
    const macro = firstItem(group, macroTag);
    if (macro?.elements[tag]) return macro;
  }
  return undefined;
}

export interface FrameRescale {
  slope: number;
  intercept: number;
}

/** RescaleSlope / RescaleIntercept for one frame: top level, else the frame's Pixel Value Transformation. */
export function frameRescale(ds: DataSet, frame: number): FrameRescale {
  const slopeSource = findWithMacro(ds, frame, PIXEL_VALUE_TRANSFORMATION, 'x00281053');
  const interceptSource = findWithMacro(ds, frame, PIXEL_VALUE_TRANSFORMATION, 'x00281052');
  const slope = slopeSource ? firstNumber(slopeSource, 'x00281053') : null;
  const intercept = interceptSource ? firstNumber(interceptSource, 'x00281052') : null;
  return { slope: slope === null || slope === 0 ? 1 : slope, intercept: intercept ?? 0 };
}

function frameWindows(ds: DataSet, frame: number): { centers: number[]; widths: number[] } {
  const centerSource = findWithMacro(ds, frame, FRAME_VOI_LUT, 'x00281050');
  const widthSource = findWithMacro(ds, frame, FRAME_VOI_LUT, 'x00281051');
  return {
    centers: centerSource ? numbers(centerSource, 'x00281050') : [],
    widths: widthSource ? numbers(widthSource, 'x00281051') : [],
  };
}

function tuple<T extends number[]>(values: number[], length: T['length']): T | null {
  return values.length >= length ? (values.slice(0, length) as T) : null;
}

/** Builds DicomMeta from a parsed data set; `frame` picks the per-frame functional group (default 0). */
export function metaFromDataSet(ds: DataSet, frame = 0): DicomMeta {
  const transferSyntaxUid = transferSyntaxUidOf(ds);
  const { slope, intercept } = frameRescale(ds, frame);
  const { centers, widths } = frameWindows(ds, frame);
  const positionSource = findWithMacro(ds, frame, PLANE_POSITION, 'x00200032');
  const orientationSource = findWithMacro(ds, frame, PLANE_ORIENTATION, 'x00200037');
  const spacingSource = findWithMacro(ds, frame, PIXEL_MEASURES, 'x00280030');
  const thicknessSource = findWithMacro(ds, frame, PIXEL_MEASURES, 'x00180050');
  const bitsAllocated = uint16(ds, 'x00280100', 16);
  const bitsStored = uint16(ds, 'x00280101', bitsAllocated);
  const framesValue = firstNumber(ds, 'x00280008');
  return {
    sopInstanceUid: text(ds, 'x00080018'),
    patientId: text(ds, 'x00100020'),
    studyInstanceUid: text(ds, 'x0020000d'),
    seriesInstanceUid: text(ds, 'x0020000e'),
    seriesDescription: text(ds, 'x0008103e'),
    studyDescription: text(ds, 'x00081030'),
    modality: text(ds, 'x00080060'),
    bodyPartExamined: text(ds, 'x00180015'),
    sopClassUid: text(ds, 'x00080016'),
    instanceNumber: firstNumber(ds, 'x00200013'),
    imagePosition: positionSource ? tuple<[number, number, number]>(numbers(positionSource, 'x00200032'), 3) : null,
    imageOrientation: orientationSource
      ? tuple<[number, number, number, number, number, number]>(numbers(orientationSource, 'x00200037'), 6)
      : null,
    pixelSpacing: spacingSource ? tuple<[number, number]>(numbers(spacingSource, 'x00280030'), 2) : null,
    sliceThickness: thicknessSource ? firstNumber(thicknessSource, 'x00180050') : null,
    rows: uint16(ds, 'x00280010', 0),
    columns: uint16(ds, 'x00280011', 0),
    frames: framesValue !== null && framesValue >= 1 ? Math.floor(framesValue) : 1,
    bitsAllocated,
    bitsStored,
    highBit: uint16(ds, 'x00280102', bitsStored - 1),
    pixelRepresentation: uint16(ds, 'x00280103', 0),
    samplesPerPixel: uint16(ds, 'x00280002', 1),
    photometricInterpretation: text(ds, 'x00280004') || 'MONOCHROME2',
    rescaleSlope: slope,
    rescaleIntercept: intercept,
    windowCenters: centers,
    windowWidths: widths,
    transferSyntaxUid,
    transferSyntaxName: transferSyntaxOf(transferSyntaxUid).name,
  };
}

/**
 * Reads the header of a DICOM image file without touching its pixels. `bytes` may be only the first part of the
 * file, as long as it reaches the Pixel Data (7FE0,0010) element header. Throws an Error naming the file when it
 * is not DICOM, or when the bytes end before Pixel Data (a prefix that is too short, a truncated file, or a DICOM
 * object without an image): a prefix cut short must never yield a half-read header.
 */
export function readDicomMeta(bytes: Uint8Array, fileName?: string): DicomMeta {
  const ds = parseDicomBytes(bytes, fileName, true);
  if (!ds.elements[PIXEL_DATA]) {
    throw new Error(`${fileLabel(fileName)}: the header bytes end before Pixel Data (7FE0,0010); the file is truncated, has no image, or more bytes are needed`);
  }
  return metaFromDataSet(ds);
}
