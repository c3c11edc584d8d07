// The DICOM transfer syntaxes Loupe knows by name, and how each one stores its pixels.

/** How the pixel data of a transfer syntax is laid out, which decides the decoder. */
export type PixelEncoding =
  | 'native-le'
  | 'native-be'
  | 'jpeg-dct'
  | 'jpeg-lossless'
  | 'jpeg-ls'
  | 'jpeg-2000'
  | 'rle'
  | 'unsupported';

export interface TransferSyntax {
  uid: string;
  name: string;
  encoding: PixelEncoding;
}

const KNOWN: Array<[string, string, PixelEncoding]> = [
  ['1.2.840.10008.1.2', 'Implicit VR Little Endian', 'native-le'],
  ['1.2.840.10008.1.2.1', 'Explicit VR Little Endian', 'native-le'],
  ['1.2.840.10008.1.2.1.99', 'Deflated Explicit VR Little Endian', 'native-le'],
  ['1.2.840.10008.1.2.2', 'Explicit VR Big Endian', 'native-be'],
  ['1.2.840.10008.1.2.4.50', 'JPEG Baseline (Process 1)', 'jpeg-dct'],
  ['1.2.840.10008.1.2.4.51', 'JPEG Extended (Process 2 and 4)', 'jpeg-dct'],
  ['1.2.840.10008.1.2.4.57', 'JPEG Lossless, Non-Hierarchical (Process 14)', 'jpeg-lossless'],
  ['1.2.840.10008.1.2.4.70', 'JPEG Lossless, Non-Hierarchical, First-Order Prediction (Process 14 [Selection Value 1])', 'jpeg-lossless'],
  ['1.2.840.10008.1.2.4.80', 'JPEG-LS Lossless Image Compression', 'jpeg-ls'],
  ['1.2.840.10008.1.2.4.81', 'JPEG-LS Lossy (Near-Lossless) Image Compression', 'jpeg-ls'],
  ['1.2.840.10008.1.2.4.90', 'JPEG 2000 Image Compression (Lossless Only)', 'jpeg-2000'],
  ['1.2.840.10008.1.2.4.91', 'JPEG 2000 Image Compression', 'jpeg-2000'],
  ['1.2.840.10008.1.2.5', 'RLE Lossless', 'rle'],
  // Known by name so that errors can say what the file is, but not decoded by Loupe.
  ['1.2.840.10008.1.2.4.52', 'JPEG Extended (Process 3 and 5) (Retired)', 'unsupported'],
  ['1.2.840.10008.1.2.4.53', 'JPEG Spectral Selection, Non-Hierarchical (Process 6 and 8) (Retired)', 'unsupported'],
  ['1.2.840.10008.1.2.4.55', 'JPEG Full Progression, Non-Hierarchical (Process 10 and 12) (Retired)', 'unsupported'],
  ['1.2.840.10008.1.2.4.92', 'JPEG 2000 Part 2 Multi-component Image Compression (Lossless Only)', 'unsupported'],
  ['1.2.840.10008.1.2.4.93', 'JPEG 2000 Part 2 Multi-component Image Compression', 'unsupported'],
  ['1.2.840.10008.1.2.4.94', 'JPIP Referenced', 'unsupported'],
  ['1.2.840.10008.1.2.4.95', 'JPIP Referenced Deflate', 'unsupported'],
  ['1.2.840.10008.1.2.4.100', 'MPEG2 Main Profile / Main Level', 'unsupported'],
  ['1.2.840.10008.1.2.4.101', 'MPEG2 Main Profile / High Level', 'unsupported'],
  ['1.2.840.10008.1.2.4.102', 'MPEG-4 AVC/H.264 High Profile / Level 4.1', 'unsupported'],
  ['1.2.840.10008.1.2.4.103', 'MPEG-4 AVC/H.264 BD-compatible High Profile / Level 4.1', 'unsupported'],
  ['1.2.840.10008.1.2.4.104', 'MPEG-4 AVC/H.264 High Profile / Level 4.2 For 2D Video', 'unsupported'],
  ['1.2.840.10008.1.2.4.105', 'MPEG-4 AVC/H.264 High Profile / Level 4.2 For 3D Video', 'unsupported'],
  ['1.2.840.10008.1.2.4.106', 'MPEG-4 AVC/H.264 Stereo High Profile / Level 4.2', 'unsupported'],
  ['1.2.840.10008.1.2.4.107', 'HEVC/H.265 Main Profile / Level 5.1', 'unsupported'],
  ['1.2.840.10008.1.2.4.108', 'HEVC/H.265 Main 10 Profile / Level 5.1', 'unsupported'],
  ['1.2.840.10008.1.2.4.110', 'JPEG XL Lossless', 'unsupported'],
  ['1.2.840.10008.1.2.4.111', 'JPEG XL JPEG Recompression', 'unsupported'],
  ['1.2.840.10008.1.2.4.112', 'JPEG XL', 'unsupported'],
  ['1.2.840.10008.1.2.4.201', 'High-Throughput JPEG 2000 Image Compression (Lossless Only)', 'unsupported'],
  ['1.2.840.10008.1.2.4.202', 'High-Throughput JPEG 2000 with RPCL Options Image Compression (Lossless Only)', 'unsupported'],
  ['1.2.840.10008.1.2.4.203', 'High-Throughput JPEG 2000 Image Compression', 'unsupported'],
];

const BY_UID = new Map(KNOWN.map(([uid, name, encoding]) => [uid, { uid, name, encoding }]));

export const IMPLICIT_VR_LITTLE_ENDIAN = '1.2.840.10008.1.2';
export const EXPLICIT_VR_LITTLE_ENDIAN = '1.2.840.10008.1.2.1';
export const DEFLATED_EXPLICIT_VR_LITTLE_ENDIAN = '1.2.840.10008.1.2.1.99';
export const EXPLICIT_VR_BIG_ENDIAN = '1.2.840.10008.1.2.2';

/** The transfer syntax for a UID; an unknown UID is named 'unknown transfer syntax' and is unsupported. */
export function transferSyntaxOf(uid: string): TransferSyntax {
  return BY_UID.get(uid) ?? { uid, name: 'unknown transfer syntax', encoding: 'unsupported' };
}
