// writeDicom round trips through readDicomMeta / decodeDicomFrame, in every encoding it can write.
import { describe, expect, it } from 'vitest';
import { decodeDicomFrame, readDicomMeta, readStoredPixels, writeDicom, type WriteDicomOptions } from './index';
import { formatDecimalString } from './write-elements';

const base = (pixels: Int16Array | Uint16Array, rows: number, columns: number): WriteDicomOptions => ({
  sopInstanceUid: '1.2.826.0.1.3680043.8.498.1',
  patientId: 'ID_patient_1',
  studyInstanceUid: '1.2.826.0.1.3680043.8.498.2',
  seriesInstanceUid: '1.2.826.0.1.3680043.8.498.3',
  instanceNumber: 7,
  imagePosition: [-125, -125.5, 60.25],
  imageOrientation: [1, 0, 0, 0, 1, 0],
  rows,
  columns,
  pixelSpacing: [0.488281, 0.488281],
  rescaleSlope: 1,
  rescaleIntercept: -1024,
  windowCenter: 40,
  windowWidth: 80,
  pixels,
});

// 3 rows × 4 columns, row-major, with the int16 extremes.
const stored = Int16Array.from([0, 1024, 1064, 2048, -2000, -32768, 32767, 1, 5, 6, 7, 8]);

describe('writeDicom → readDicomMeta', () => {
  it('reads back every header field it wrote', () => {
    const meta = readDicomMeta(writeDicom(base(stored, 3, 4)), 'synthetic.dcm');
    expect(meta).toMatchObject({
      sopInstanceUid: '1.2.826.0.1.3680043.8.498.1',
      patientId: 'ID_patient_1',
      studyInstanceUid: '1.2.826.0.1.3680043.8.498.2',
      seriesInstanceUid: '1.2.826.0.1.3680043.8.498.3',
      modality: 'CT',
      instanceNumber: 7,
      imagePosition: [-125, -125.5, 60.25],
      imageOrientation: [1, 0, 0, 0, 1, 0],
      pixelSpacing: [0.488281, 0.488281],
      rows: 3,
      columns: 4,
      frames: 1,
      bitsAllocated: 16,
      bitsStored: 16,
      highBit: 15,
      pixelRepresentation: 1,
      samplesPerPixel: 1,
      photometricInterpretation: 'MONOCHROME2',
      rescaleSlope: 1,
      rescaleIntercept: -1024,
      windowCenters: [40],
      windowWidths: [80],
      transferSyntaxUid: '1.2.840.10008.1.2.1',
      transferSyntaxName: 'Explicit VR Little Endian',
    });
  });

  it('writes a Part 10 preamble and an odd-length UID padded with NUL', () => {
    const bytes = writeDicom({ ...base(stored, 3, 4), sopInstanceUid: '1.2.3' });
    expect(new TextDecoder().decode(bytes.subarray(128, 132))).toBe('DICM');
    expect(readDicomMeta(bytes).sopInstanceUid).toBe('1.2.3');
  });
});

describe('writeDicom → decodeDicomFrame', () => {
  it.each(['explicit-le', 'implicit-le', 'explicit-be', 'deflated'] as const)('round-trips stored values and HU in %s', (encoding) => {
    const bytes = writeDicom({ ...base(stored, 3, 4), encoding });
    const { stored: frame } = readStoredPixels(bytes, 0, `${encoding}.dcm`);
    expect(Array.from(frame.values)).toEqual(Array.from(stored));
    const decoded = decodeDicomFrame(bytes, 0, `${encoding}.dcm`);
    // HU = stored − 1024, clamped to int16 at the bottom.
    expect(Array.from(decoded.hu)).toEqual([-1024, 0, 40, 1024, -3024, -32768, 31743, -1023, -1019, -1018, -1017, -1016]);
    expect([decoded.width, decoded.height, decoded.rsnaFixApplied]).toEqual([4, 3, false]);
  });

  it('really writes big endian: Rows (0028,0010) appears with big-endian tag bytes', () => {
    const bytes = writeDicom({ ...base(stored, 3, 4), encoding: 'explicit-be' });
    const hex = Buffer.from(bytes).toString('hex');
    expect(hex).toContain('00280010' + Buffer.from('US').toString('hex') + '0002' + '0003');
    expect(readDicomMeta(bytes).transferSyntaxName).toBe('Explicit VR Big Endian');
  });

  it('really deflates: the body after the file meta group is not the plain data set', () => {
    const plain = writeDicom(base(new Int16Array(64 * 64).fill(1234), 64, 64));
    const deflated = writeDicom({ ...base(new Int16Array(64 * 64).fill(1234), 64, 64), encoding: 'deflated' });
    expect(deflated.length).toBeLessThan(plain.length / 10);
    const meta = readDicomMeta(deflated, 'deflated.dcm');
    expect(meta.transferSyntaxName).toBe('Deflated Explicit VR Little Endian');
    expect(meta.patientId).toBe('ID_patient_1');
    expect(decodeDicomFrame(deflated).hu.every((v) => v === 210)).toBe(true);
  });

  it('writes and reads back multi-frame files frame by frame', () => {
    const frames = Int16Array.from([1, 2, 3, 4, 10, 20, 30, 40, 100, 200, 300, 400]);
    const bytes = writeDicom({ ...base(frames, 2, 2), frames: 3, rescaleIntercept: 0 });
    expect(readDicomMeta(bytes).frames).toBe(3);
    expect(Array.from(decodeDicomFrame(bytes, 0).hu)).toEqual([1, 2, 3, 4]);
    expect(Array.from(decodeDicomFrame(bytes, 2).hu)).toEqual([100, 200, 300, 400]);
    expect(() => decodeDicomFrame(bytes, 3, 'multi.dcm')).toThrow(/multi\.dcm: frame 3 does not exist \(the file has 3 frames\)/);
  });

  it('applies a fractional slope and intercept with rounding', () => {
    const bytes = writeDicom({ ...base(Int16Array.from([0, 1, 3, 10]), 2, 2), rescaleSlope: 0.5, rescaleIntercept: -10.25 });
    // 0 → -10.25 → -10; 1 → -9.75 → -10; 3 → -8.75 → -9; 10 → -5.25 → -5
    expect(Array.from(decodeDicomFrame(bytes).hu)).toEqual([-10, -10, -9, -5]);
  });

  it('writes the RSNA trap: BitsStored 12, unsigned, intercept 0, uint16 stored values', () => {
    const bytes = writeDicom({
      ...base(Uint16Array.from([40, 3096, 4095, 1000]), 2, 2),
      bitsStored: 12,
      pixelRepresentation: 0,
      rescaleIntercept: 0,
    });
    const meta = readDicomMeta(bytes);
    expect([meta.bitsStored, meta.highBit, meta.pixelRepresentation, meta.rescaleIntercept]).toEqual([12, 11, 0, 0]);
    expect(Array.from(readStoredPixels(bytes).stored.values)).toEqual([40, 3096, 4095, 1000]);
  });

  it('rejects inconsistent options', () => {
    expect(() => writeDicom(base(new Int16Array(5), 2, 2))).toThrow(/rows × columns × frames = 4 values, got 5/);
    expect(() => writeDicom({ ...base(new Int16Array(4), 2, 2), bitsStored: 17 })).toThrow(/bitsStored 17/);
    expect(() => writeDicom(base(new Int16Array(0), 0, 2))).toThrow(/rows 0/);
  });
});

describe('formatDecimalString', () => {
  it('keeps DS values within 16 characters', () => {
    expect(formatDecimalString(-1024)).toBe('-1024');
    expect(formatDecimalString(0.1 + 0.2).length).toBeLessThanOrEqual(16);
    expect(Number(formatDecimalString(0.1 + 0.2))).toBeCloseTo(0.3, 12);
    expect(formatDecimalString(-123456.7890123456).length).toBeLessThanOrEqual(16);
    expect(() => formatDecimalString(Number.NaN)).toThrow(/NaN/);
  });
});
