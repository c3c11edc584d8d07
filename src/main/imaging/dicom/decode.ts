// decodeDicomFrame: one frame of a DICOM file as HU (see index.ts for the codec init contract).

import type { DicomFrame, DicomMeta } from './types';
import { parseDicomBytes } from './parse';
import { metaFromDataSet } from './meta';
import { extractStoredBits, readRawFrame, readStoredFrame, samplesFromBytes, type StoredFrame } from './pixels';
import { needsRsnaFix, samplesToHu, storedToHu, type HuTransform, type SampleLayout } from './hu';

/** Parses a whole file and returns one frame's stored values (before rescale), with the header for that frame. */
export function readStoredPixels(bytes: Uint8Array, frame = 0, fileName?: string): { meta: DicomMeta; stored: StoredFrame } {
  const ds = parseDicomBytes(bytes, fileName, false);
  const meta = metaFromDataSet(ds, frame);
  return { meta, stored: readStoredFrame(ds, meta, frame, fileName) };
}

/**
 * Decodes frame `frame` (0-based) of a DICOM file to HU: BitsStored masked and sign-extended per
 * PixelRepresentation, RSNA intercept fix, MONOCHROME1 inverted, rescale applied, rounded and clamped to int16.
 * Compressed transfer syntaxes need `await initDicomCodecs()` first. Throws an Error naming the file.
 * `into`, when it holds exactly one value per pixel, receives the HU (no allocation per slice).
 */
export function decodeDicomFrame(bytes: Uint8Array, frame = 0, fileName?: string, into?: Int16Array): DicomFrame {
  const ds = parseDicomBytes(bytes, fileName, false);
  const meta = metaFromDataSet(ds, frame);
  const raw = readRawFrame(ds, meta, frame, fileName);
  const transform: HuTransform = {
    slope: meta.rescaleSlope,
    intercept: meta.rescaleIntercept,
    bitsStored: meta.bitsStored,
    signed: raw.signed,
    pixelRepresentation: meta.pixelRepresentation,
    photometricInterpretation: meta.photometricInterpretation,
  };
  const rsnaFixApplied = needsRsnaFix(transform);
  let hu: Int16Array;
  if (meta.bitsAllocated <= 16) {
    // 8- and 16-bit samples go straight to HU through one table (bit extraction included): one pass per pixel.
    const layout: SampleLayout = { bytesPerSample: (meta.bitsAllocated / 8) as 1 | 2, signed: raw.signed, extract: raw.extract, bitsStored: meta.bitsStored, highBit: meta.highBit };
    hu = samplesToHu(raw.bytes, layout, transform, into);
  } else {
    const values = raw.extract ? extractStoredBits(raw.bytes, meta, raw.signed) : samplesFromBytes(raw.bytes, meta.bitsAllocated, raw.signed);
    hu = storedToHu(values, transform, into).hu;
  }
  return { meta, frame, width: raw.width, height: raw.height, hu, rsnaFixApplied };
}
