// Stored values → HU on synthetic files: the RSNA intercept fix, MONOCHROME1, BitsStored masking and sign
// extension, and multi-valued windows.
import { describe, expect, it } from 'vitest';
import { decodeDicomFrame, readDicomMeta, readStoredPixels, writeDicom, type WriteDicomOptions } from './index';

const slice = (pixels: Int16Array | Uint16Array, extra: Partial<WriteDicomOptions> = {}): Uint8Array =>
  writeDicom({
    sopInstanceUid: '1.2.3.4.5',
    patientId: 'ID_p',
    studyInstanceUid: '1.2.3.4.6',
    seriesInstanceUid: '1.2.3.4.7',
    rows: 1,
    columns: pixels.length,
    pixels,
    ...extra,
  });

const rsnaTrap = { bitsStored: 12, pixelRepresentation: 0, rescaleIntercept: 0 } as const;

describe('RSNA intercept fix', () => {
  it('turns a 12-bit unsigned slice with intercept 0 into correct HU', () => {
    // The trap stores HU + 1000 wrapped at 4096 (so HU -1000 is stored as 3096) yet claims intercept 0.
    // Fix: v + 1000, minus 4096 when it reaches 4096, intercept -1000.
    const stored = Uint16Array.from([3096, 4095, 0, 40, 1000, 3095]);
    const frame = decodeDicomFrame(slice(stored, rsnaTrap), 0, 'ID_trap.dcm');
    expect(frame.rsnaFixApplied).toBe(true);
    expect(Array.from(frame.hu)).toEqual([-1000, -1, 0, 40, 1000, 3095]);
    // The header is reported as written; only the decode applies the fix.
    expect(frame.meta.rescaleIntercept).toBe(0);
  });

  it('masks bits above BitsStored before fixing', () => {
    const frame = decodeDicomFrame(slice(Uint16Array.from([0xf000 | 40, 0x1000 | 3096]), rsnaTrap));
    expect(Array.from(frame.hu)).toEqual([40, -1000]);
  });

  it('applies while the intercept is above -100, and not at -100 or below', () => {
    expect(decodeDicomFrame(slice(Uint16Array.from([40]), { ...rsnaTrap, rescaleIntercept: -99 })).rsnaFixApplied).toBe(true);
    const at100 = decodeDicomFrame(slice(Uint16Array.from([40]), { ...rsnaTrap, rescaleIntercept: -100 }));
    expect([at100.rsnaFixApplied, at100.hu[0]]).toEqual([false, -60]);
  });

  it('leaves correct slices alone: intercept -1024, signed, or 16 bits stored', () => {
    const cases: Array<[Partial<WriteDicomOptions>, number]> = [
      [{ ...rsnaTrap, rescaleIntercept: -1024 }, 40 - 1024],
      [{ ...rsnaTrap, pixelRepresentation: 1 }, 40],
      [{ ...rsnaTrap, bitsStored: 16 }, 40],
    ];
    for (const [options, hu] of cases) {
      const frame = decodeDicomFrame(slice(Uint16Array.from([40]), options));
      expect([frame.rsnaFixApplied, frame.hu[0]]).toEqual([false, hu]);
    }
  });
});

describe('MONOCHROME1', () => {
  it('mirrors unsigned stored values in the BitsStored range before rescale', () => {
    // 12-bit unsigned: v → 4095 − v, then HU = v × 1 − 1024.
    const frame = decodeDicomFrame(
      slice(Uint16Array.from([0, 4095, 1000]), { photometricInterpretation: 'MONOCHROME1', bitsStored: 12, pixelRepresentation: 0, rescaleIntercept: -1024 }),
    );
    expect(frame.meta.photometricInterpretation).toBe('MONOCHROME1');
    expect(Array.from(frame.hu)).toEqual([3071, -1024, 2071]);
  });

  it('mirrors signed stored values onto themselves (v → −1 − v)', () => {
    const frame = decodeDicomFrame(slice(Int16Array.from([-1, 0, 100, -32768, 32767]), { photometricInterpretation: 'MONOCHROME1' }));
    expect(Array.from(frame.hu)).toEqual([0, -1, -101, 32767, -32768]);
  });

  it('makes the brightest-looking MONOCHROME1 pixel the largest value, as MONOCHROME2 would', () => {
    // In MONOCHROME1 the lowest stored value is displayed white.
    const frame = decodeDicomFrame(slice(Uint16Array.from([10, 4000]), { photometricInterpretation: 'MONOCHROME1', bitsStored: 12, pixelRepresentation: 0, rescaleIntercept: -1024 }));
    expect(frame.hu[0]).toBeGreaterThan(frame.hu[1]);
  });
});

describe('BitsStored masking and sign extension', () => {
  it('sign-extends from the top stored bit when PixelRepresentation is 1', () => {
    const stored = Uint16Array.from([0x0fff, 0x0800, 0x07ff, 0xf7ff, 0xf000]);
    const bytes = slice(stored, { bitsStored: 12, pixelRepresentation: 1 });
    expect(Array.from(readStoredPixels(bytes).stored.values)).toEqual([-1, -2048, 2047, 2047, 0]);
    expect(readStoredPixels(bytes).stored.signed).toBe(true);
  });

  it('masks the bits above BitsStored when PixelRepresentation is 0', () => {
    const stored = Uint16Array.from([0xffff, 0x2001, 0x1fff]);
    const bytes = slice(stored, { bitsStored: 13, pixelRepresentation: 0, rescaleIntercept: -1024 });
    expect(Array.from(readStoredPixels(bytes).stored.values)).toEqual([8191, 1, 8191]);
  });

  it('reads full 16-bit unsigned values above 32767 and clamps their HU to int16', () => {
    const bytes = slice(Uint16Array.from([65535, 40000]), { pixelRepresentation: 0, rescaleIntercept: -1024 });
    expect(Array.from(readStoredPixels(bytes).stored.values)).toEqual([65535, 40000]);
    expect(Array.from(decodeDicomFrame(bytes).hu)).toEqual([32767, 32767]);
  });
});

describe('WindowCenter / WindowWidth', () => {
  it('keeps every value of a multi-valued window, in order', () => {
    const meta = readDicomMeta(slice(Int16Array.from([0]), { windowCenter: [40, 80, 600], windowWidth: [80, 200, 2800] }));
    expect(meta.windowCenters).toEqual([40, 80, 600]);
    expect(meta.windowWidths).toEqual([80, 200, 2800]);
  });

  it('is empty when the file has none', () => {
    const meta = readDicomMeta(slice(Int16Array.from([0])));
    expect([meta.windowCenters, meta.windowWidths]).toEqual([[], []]);
  });
});
