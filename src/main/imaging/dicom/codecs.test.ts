// Encapsulated pixel paths on synthetic files: hand-checked RLE, 8-bit JPEG (libjpeg-turbo), codestream sniffing.
import sharp from 'sharp';
import { beforeAll, describe, expect, it } from 'vitest';
import { decodeDicomFrame, initDicomCodecs, readStoredPixels, writeDicom, type WriteDicomOptions } from './index';
import { jpegSamplePrecision } from './codecs';
import { decodeRleFrame } from './rle';

const RLE = '1.2.840.10008.1.2.5';
const JPEG_BASELINE = '1.2.840.10008.1.2.4.50';

const options = (rows: number, columns: number, extra: Partial<WriteDicomOptions>): WriteDicomOptions => ({
  sopInstanceUid: '1.2.3.4.5',
  patientId: 'ID_p',
  studyInstanceUid: '1.2.3.4.6',
  seriesInstanceUid: '1.2.3.4.7',
  rows,
  columns,
  ...extra,
});

/** PackBits for the test: runs of 3+ equal bytes as repeats, everything else as literals (≤ 128 bytes each). */
function packBits(bytes: number[]): number[] {
  const out: number[] = [];
  let i = 0;
  while (i < bytes.length) {
    let run = 1;
    while (i + run < bytes.length && bytes[i + run] === bytes[i] && run < 128) run++;
    if (run >= 3) {
      out.push(257 - run, bytes[i]); // header as an unsigned byte: -(run − 1)
      i += run;
      continue;
    }
    const start = i;
    while (i < bytes.length && i - start < 128 && !(bytes[i + 1] === bytes[i] && bytes[i + 2] === bytes[i])) i++;
    if (i === start) i++;
    out.push(i - start - 1, ...bytes.slice(start, i));
  }
  return out;
}

/** One RLE frame of 16-bit samples: header, then the high-byte segment, then the low-byte segment. */
function rleFrame(samples: Int16Array | Uint16Array): Uint8Array {
  const high = packBits(Array.from(samples, (v) => (v >> 8) & 0xff));
  const low = packBits(Array.from(samples, (v) => v & 0xff));
  const frame = new Uint8Array(64 + high.length + low.length);
  const view = new DataView(frame.buffer);
  view.setUint32(0, 2, true);
  view.setUint32(4, 64, true);
  view.setUint32(8, 64 + high.length, true);
  frame.set(high, 64);
  frame.set(low, 64 + high.length);
  return frame;
}

describe('DICOM RLE', () => {
  it('decodes literal, repeat and no-op (-128) PackBits runs', () => {
    // One 8-bit segment: literal [1 2 3], repeat 5 × 9, a -128 no-op, literal [4].
    const frame = new Uint8Array(64 + 9);
    new DataView(frame.buffer).setUint32(0, 1, true);
    new DataView(frame.buffer).setUint32(4, 64, true);
    frame.set([2, 1, 2, 3, 256 - 4, 9, 128, 0, 4], 64);
    expect(Array.from(decodeRleFrame(frame, 9, 1))).toEqual([1, 2, 3, 9, 9, 9, 9, 9, 4]);
  });

  it('round-trips a two-frame signed 16-bit file', () => {
    const frame0 = Int16Array.from({ length: 64 }, (_, i) => (i < 20 ? -2000 : i * 37 - 1000));
    const frame1 = Int16Array.from({ length: 64 }, (_, i) => (i % 7) * 300 - 32768 * (i === 63 ? 1 : 0));
    const bytes = writeDicom(options(8, 8, { encapsulated: { transferSyntaxUid: RLE, frames: [rleFrame(frame0), rleFrame(frame1)] }, frames: 2, rescaleIntercept: -1024 }));
    expect(Array.from(readStoredPixels(bytes, 0).stored.values)).toEqual(Array.from(frame0));
    expect(Array.from(readStoredPixels(bytes, 1).stored.values)).toEqual(Array.from(frame1));
    expect(decodeDicomFrame(bytes, 0).hu[0]).toBe(-3024);
  });

  it('refuses a short segment, naming the file and the syntax', () => {
    const frame = rleFrame(new Int16Array(64).fill(5)).subarray(0, 66);
    const bytes = writeDicom(options(8, 8, { encapsulated: { transferSyntaxUid: RLE, frames: [frame] } }));
    expect(() => decodeDicomFrame(bytes, 0, 'bad-rle.dcm')).toThrow(/^bad-rle\.dcm: cannot decode frame 0 \(RLE Lossless, 1\.2\.840\.10008\.1\.2\.5\): RLE/);
  });
});

describe('JPEG baseline 8-bit (libjpeg-turbo)', () => {
  beforeAll(async () => {
    await initDicomCodecs();
  });

  it('decodes to the same pixels sharp decodes from the same JPEG', async () => {
    const width = 32;
    const height = 24;
    const gray = Uint8Array.from({ length: width * height }, (_, i) => (i % width) * 7 + Math.floor(i / width) * 2);
    const jpeg = new Uint8Array(await sharp(gray, { raw: { width, height, channels: 1 } }).toColourspace('b-w').jpeg({ quality: 90 }).toBuffer());
    expect(jpegSamplePrecision(jpeg)).toBe(8);
    const reference = await sharp(jpeg).extractChannel(0).raw().toBuffer();
    const bytes = writeDicom(options(height, width, { bitsStored: 8, pixelRepresentation: 0, encapsulated: { transferSyntaxUid: JPEG_BASELINE, frames: [jpeg] } }));
    const decoded = readStoredPixels(bytes, 0, 'jpeg.dcm').stored.values;
    let maxDiff = 0;
    for (let i = 0; i < decoded.length; i++) maxDiff = Math.max(maxDiff, Math.abs(decoded[i] - reference[i]));
    // Both are libjpeg-turbo; IDCT variants may differ by one grey level at most.
    expect(maxDiff).toBeLessThanOrEqual(1);
  });
});

describe('jpegSamplePrecision', () => {
  it('reads P from the first SOF marker after other segments', () => {
    const app0 = [0xff, 0xe0, 0x00, 0x04, 0x00, 0x00];
    const sof1 = [0xff, 0xc1, 0x00, 0x0b, 12, 0, 8, 0, 8, 1, 1, 0x11, 0];
    expect(jpegSamplePrecision(new Uint8Array([0xff, 0xd8, ...app0, ...sof1]))).toBe(12);
    expect(jpegSamplePrecision(new Uint8Array([0xff, 0xd8, 0x00, 0x00, 0x00, 0x00]))).toBeNull();
  });
});
