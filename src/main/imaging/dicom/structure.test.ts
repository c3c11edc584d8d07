import { describe, expect, it } from 'vitest';
import { bytesSource } from './byte-source';
import { checkSliceStructure } from './structure';
import { writeDicom, type WriteDicomOptions } from './write';
import {
  dicomLayout,
  unknownTransferSyntax,
  withBytes,
  withFragmentCut,
  withFragmentLength,
  withPixelDataLength,
  withString,
  withUint16,
} from '../../../../tests/helpers/dicom-mutate';

const BASE: WriteDicomOptions = {
  sopInstanceUid: '1.2.3.4',
  patientId: 'P',
  studyInstanceUid: '1.2.3',
  seriesInstanceUid: '1.2.3.1',
  rows: 8,
  columns: 8,
  pixels: new Int16Array(64).map((_, i) => i * 10),
};
const check = (bytes: Uint8Array) => checkSliceStructure(bytesSource(bytes), '/data/ID_x.dcm');
const ROWS = 'x00280010';
const COLUMNS = 'x00280011';

/** A JPEG-LS frame header (SOF55) and an end marker around a token scan: enough for the structural check. */
function fakeJpegLs(width: number, height: number, precision = 16): Uint8Array {
  return Uint8Array.from([0xff, 0xd8, 0xff, 0xf7, 0, 11, precision, height >> 8, height & 255, width >> 8, width & 255, 1, 1, 0x11, 0, 0xff, 0xda, 0, 8, 1, 1, 0, 0, 0, 0x12, 0x34, 0xff, 0xd9]);
}

function fakeJ2k(width: number, height: number): Uint8Array {
  const siz = new Uint8Array(43);
  const view = new DataView(siz.buffer);
  view.setUint16(0, 0xff51);
  view.setUint16(2, 41);
  view.setUint32(6, width);
  view.setUint32(10, height);
  view.setUint32(22, width);
  view.setUint32(26, height);
  view.setUint16(38, 1);
  siz[40] = 15; // 16-bit unsigned
  return Uint8Array.from([0xff, 0x4f, ...siz, 0x12, 0x34, 0xff, 0xd9]);
}

const encapsulated = (uid: string, frames: Uint8Array[], extra: Partial<WriteDicomOptions> = {}) =>
  writeDicom({ ...BASE, pixels: undefined, frames: frames.length, encapsulated: { transferSyntaxUid: uid, frames }, ...extra });
const JPEG_LS = '1.2.840.10008.1.2.4.80';
const J2K = '1.2.840.10008.1.2.4.90';
const RLE = '1.2.840.10008.1.2.5';

describe('checkSliceStructure: sound files', () => {
  it('passes every native encoding the writer makes and returns the header', () => {
    for (const encoding of ['explicit-le', 'implicit-le', 'explicit-be', 'deflated'] as const) {
      expect(check(writeDicom({ ...BASE, encoding })), encoding).toMatchObject({ rows: 8, columns: 8, frames: 1 });
    }
    expect(check(writeDicom({ ...BASE, frames: 2, pixels: new Int16Array(128) })).frames).toBe(2);
  });

  it('passes encapsulated frames whose codestreams describe the header’s image', () => {
    expect(check(encapsulated(JPEG_LS, [fakeJpegLs(8, 8)])).transferSyntaxUid).toBe(JPEG_LS);
    expect(check(encapsulated(J2K, [fakeJ2k(8, 8)])).transferSyntaxUid).toBe(J2K);
    expect(check(encapsulated(JPEG_LS, [fakeJpegLs(8, 8), fakeJpegLs(8, 8)])).frames).toBe(2);
  });
});

describe('checkSliceStructure refuses, naming the file', () => {
  const sound = writeDicom(BASE);
  const cases: [string, () => Uint8Array, RegExp][] = [
    ['Rows 0', () => withUint16(sound, ROWS, 0), /Rows 0 × Columns 8: no image/],
    ['Rows set to half the image (the data length does not match)', () => withUint16(sound, ROWS, 4), /Pixel Data holds 128 bytes, but Rows × Columns × BitsAllocated\/8 × SamplesPerPixel × frames = 4 × 8 × 2 × 1 × 1 = 64/],
    ['Columns larger than the data', () => withUint16(sound, COLUMNS, 4000), /Pixel Data holds 128 bytes, but .* = 64,000/],
    ['BitsAllocated 12', () => withUint16(sound, 'x00280100', 12), /BitsAllocated 12 is not supported/],
    ['BitsAllocated 32', () => withUint16(sound, 'x00280100', 32), /BitsAllocated 32 is not supported/],
    ['BitsAllocated 8 on 16-bit data', () => withUint16(sound, 'x00280100', 8), /BitsStored 16 does not fit BitsAllocated 8/],
    ['BitsStored 0', () => withUint16(sound, 'x00280101', 0), /BitsStored 0 does not fit/],
    ['HighBit 16', () => withUint16(sound, 'x00280102', 16), /HighBit 16 does not fit BitsStored 16 within BitsAllocated 16/],
    ['SamplesPerPixel 3', () => withUint16(sound, 'x00280002', 3), /SamplesPerPixel 3: Loupe reads grayscale/],
    ['PixelRepresentation 2', () => withUint16(sound, 'x00280103', 2), /PixelRepresentation 2 is neither/],
    ['an unknown transfer syntax', () => withString(sound, 'x00020010', unknownTransferSyntax('1.2.840.10008.1.2.1'), '\0'), /transfer syntax 1\.2\.840\.10008\.1\.2\.9 \(unknown transfer syntax\) is not one Loupe decodes/],
    ['a Pixel Data length that is not the image’s', () => withPixelDataLength(sound, 126), /Pixel Data holds 126 bytes/],
    ['a file cut inside its Pixel Data', () => sound.subarray(0, sound.length - 10), /the file is truncated: its Pixel Data needs bytes/],
    ['a file cut inside the Pixel Data element header', () => sound.subarray(0, dicomLayout(sound).pixelData.dataOffset - 4), /cannot parse DICOM: .*past end of buffer/],
    ['a file cut just past the Pixel Data tag', () => sound.subarray(0, dicomLayout(sound).pixelData.dataOffset + 2), /the file is truncated: its Pixel Data needs bytes/],
    ['a file cut to a tenth', () => sound.subarray(0, Math.floor(sound.length / 10)), /not a DICOM file|cannot parse DICOM|ends before its Pixel Data/],
    ['a deflated file cut short', () => { const f = writeDicom({ ...BASE, encoding: 'deflated' }); return f.subarray(0, f.length - 4); }, /deflated data set cannot be inflated/],
    ['a deflated file whose header does not fit its data', () => withUint16(writeDicom({ ...BASE, encoding: 'deflated' }), ROWS, 16), /Pixel Data holds 128 bytes/],
    ['a big-endian file with Rows too large', () => withUint16(writeDicom({ ...BASE, encoding: 'explicit-be' }), ROWS, 9), /Pixel Data holds 128 bytes, but .* = 144/],
    ['NumberOfFrames 0', () => withString(writeDicom({ ...BASE, frames: 2, pixels: new Int16Array(128) }), 'x00280008', '0'), /NumberOfFrames "0" is not a whole number of at least 1/],
    ['a JPEG-LS frame of another size', () => encapsulated(JPEG_LS, [fakeJpegLs(8, 4)]), /the compressed frame holds a 8×4 JPEG-LS image, but Columns × Rows say 8×8/],
    ['a JPEG-LS frame of more bits than BitsAllocated', () => eightBit(encapsulated(JPEG_LS, [fakeJpegLs(8, 8, 16)])), /holds 16-bit samples, more than BitsAllocated \(8\)/],
    ['a J2K frame without its end marker', () => encapsulated(J2K, [fakeJ2k(8, 8).subarray(0, 45)]), /does not end with its end marker \(FFD9\)/],
    ['a JPEG-LS stream in a JPEG 2000 file', () => encapsulated(J2K, [fakeJpegLs(8, 8)]), /does not start with a JPEG 2000 codestream/],
    ['a fragment cut short with its length kept consistent', () => withFragmentCut(encapsulated(JPEG_LS, [fakeJpegLs(8, 8)]), 0, 20), /does not end with its end marker/],
    ['a fragment longer than the file', () => withFragmentLength(encapsulated(JPEG_LS, [fakeJpegLs(8, 8)]), 0, 4000), /truncated: .*fragment 1 declares 4,000 bytes/],
    ['a fragment shorter than its bytes', () => withFragmentLength(encapsulated(JPEG_LS, [fakeJpegLs(8, 8)]), 0, 26), /unexpected element .* inside the encapsulated Pixel Data/],
    ['encapsulated Pixel Data without its sequence delimiter', () => { const f = encapsulated(JPEG_LS, [fakeJpegLs(8, 8)]); return f.subarray(0, f.length - 8); }, /before its sequence delimiter/],
    ['an RLE frame with the wrong segment count', () => encapsulated(RLE, [withBytes(new Uint8Array(80), 0, [1, 0, 0, 0, 64])]), /has 1 RLE segments; 2 belong to 1 sample of 16 bits/],
    ['an RLE segment outside its frame', () => encapsulated(RLE, [withBytes(new Uint8Array(80), 0, [2, 0, 0, 0, 64, 0, 0, 0, 200])]), /RLE segment 2 at byte 200, outside its 80 bytes/],
  ];
  for (const [what, bytes, message] of cases) {
    it(what, () => {
      expect(() => check(bytes())).toThrow(message);
      expect(() => check(bytes())).toThrow(/^\/data\/ID_x\.dcm: /);
    });
  }

  it('refuses a multi-frame stream that cannot be split into its frames', () => {
    const two = encapsulated(JPEG_LS, [fakeJpegLs(8, 8), fakeJpegLs(8, 8)]);
    expect(() => check(withString(two, 'x00280008', '3'))).toThrow(/2 fragments for 3 frames/);
    // Three fragments for two frames and no offset table: frames end where a fragment ends with FFD9.
    const unended = fakeJpegLs(8, 8).subarray(0, 26);
    const three = (frames: Uint8Array[]) => withString(encapsulated(JPEG_LS, frames), 'x00280008', '2');
    expect(check(three([unended, fakeJpegLs(8, 8).subarray(4, 28), fakeJpegLs(8, 8)])).frames).toBe(2);
    expect(() => check(three([fakeJpegLs(8, 8), unended, unended]))).toThrow(/cannot split 3 fragments into 2 frames: 1 of them end with an end-of-image marker and the last frame has none/);
  });
});

/** BitsAllocated 8, BitsStored 8, HighBit 7. */
function eightBit(file: Uint8Array): Uint8Array {
  return withUint16(withUint16(withUint16(file, 'x00280100', 8), 'x00280101', 8), 'x00280102', 7);
}

describe('checkSliceStructure: end markers', () => {
  it('accepts a frame whose end marker is followed by a few zeros, refuses one followed by other bytes', () => {
    const withTail = (tail: number[]) => encapsulated(JPEG_LS, [Uint8Array.from([...fakeJpegLs(8, 8), ...tail])]);
    expect(check(withTail([0, 0, 0, 0, 0, 0])).rows).toBe(8);
    expect(() => check(withTail([0x12, 0x34]))).toThrow(/does not end with its end marker/);
  });
});
