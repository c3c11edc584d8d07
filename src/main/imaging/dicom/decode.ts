// decodeDicomFrame: one frame of a DICOM file as HU (see index.ts for the codec init contract).

import type { DicomFrame, DicomMeta } from './types';
import { parseDicomBytes } from './parse';
import { metaFromDataSet } from './meta';
import { readStoredFrame, type StoredFrame } from './pixels';
import { storedToHu } from './hu';

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
 */
export function decodeDicomFrame(bytes: Uint8Array, frame = 0, fileName?: string): DicomFrame {
  const { meta, stored } = readStoredPixels(bytes, frame, fileName);
  const { hu, rsnaFixApplied } = storedToHu(stored.values, {
    slope: meta.rescaleSlope,
    intercept: meta.rescaleIntercept,
    bitsStored: meta.bitsStored,
    signed: stored.signed,
    pixelRepresentation: meta.pixelRepresentation,
    photometricInterpretation: meta.photometricInterpretation,
  });
  return { meta, frame, width: stored.width, height: stored.height, hu, rsnaFixApplied };
}
