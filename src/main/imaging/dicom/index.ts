// DICOM reading and writing for Loupe (dicom-parser for the header, maintained codecs for compressed pixels).
//
// Codec init contract: decoding is synchronous, but the WASM codecs (JPEG 2000, JPEG-LS, 8- and 12-bit JPEG)
// load asynchronously. Call `await initDicomCodecs()` once (it is idempotent) before `decodeDicomFrame` on a
// compressed file. Uncompressed, deflated, RLE and JPEG-lossless files decode without it. A compressed file
// decoded before init fails with an Error that says to call initDicomCodecs().
//
//   readDicomMeta(bytes, fileName?)           header only; parsing stops at Pixel Data, so a file prefix is enough
//   decodeDicomFrame(bytes, frame?, fileName?) one frame in HU (Int16Array, row-major)
//   readStoredPixels(bytes, frame?, fileName?) one frame's stored values before rescale (for checks and tools)
//   writeDicom(options)                        a minimal uncompressed CT file (synthetic series, tests)

export type { DicomFrame, DicomMeta } from './types';
export { readDicomMeta } from './meta';
export { decodeDicomFrame, readStoredPixels } from './decode';
export { initDicomCodecs, dicomCodecsReady, needsDicomCodecs } from './codecs';
export { writeDicom, type WriteDicomOptions, type DicomEncoding } from './write';
export { transferSyntaxOf, type TransferSyntax } from './transfer-syntax';
export type { StoredFrame, StoredSamples } from './pixels';
