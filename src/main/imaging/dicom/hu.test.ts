// Stored values → HU on synthetic files: the RSNA intercept fix, MONOCHROME1, BitsStored masking and sign
// extension, and multi-valued windows.
import { describe, expect, it } from 'vitest';
import { decodeDicomFrame, readDicomMeta, readStoredPixels, writeDicom, type WriteDicomOptions } from './index';
import { samplesToHu, storedToHu, type HuTransform } from './hu';
import { extractStoredBits } from './pixels';
import type { DicomMeta } from './index';

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

describe('storedToHu tables', () => {
  /** The order of the steps written out again, independently of hu.ts. */
  function expected(v: number, t: HuTransform): number {
    let stored = v;
    const fix = t.bitsStored === 12 && t.pixelRepresentation === 0 && t.intercept > -100;
    if (fix) stored = stored + 1000 >= 4096 ? stored + 1000 - 4096 : stored + 1000;
    if (t.photometricInterpretation === 'MONOCHROME1') stored = (t.signed ? -1 : 2 ** t.bitsStored - 1) - stored;
    const hu = Math.round(stored * t.slope + (fix ? -1000 : t.intercept));
    return Math.max(-32768, Math.min(32767, hu));
  }
  const base: HuTransform = { slope: 1, intercept: -1024, bitsStored: 16, signed: true, pixelRepresentation: 1, photometricInterpretation: 'MONOCHROME2' };
  const transforms: HuTransform[] = [
    base,
    { ...base, slope: 0.5, intercept: -1024.25 },
    { ...base, photometricInterpretation: 'MONOCHROME1' },
    { ...base, bitsStored: 12, signed: false, pixelRepresentation: 0, intercept: 0 },
    { ...base, bitsStored: 12, signed: false, pixelRepresentation: 0, intercept: -1024, photometricInterpretation: 'MONOCHROME1', slope: 2 },
  ];

  it.each(transforms.map((t) => [JSON.stringify(t), t] as const))('gives the formula for every 16-bit sample: %s', (_name, t) => {
    const signed = Int16Array.from({ length: 65536 }, (_, i) => i - 32768);
    const unsigned = Uint16Array.from({ length: 65536 }, (_, i) => i);
    for (const values of [signed, unsigned]) {
      const { hu } = storedToHu(values, t);
      let mismatches = 0;
      for (let i = 0; i < values.length; i++) if (hu[i] !== expected(values[i], t)) mismatches++;
      expect(mismatches).toBe(0);
    }
  });

  it('gives the formula for 8- and 32-bit samples', () => {
    const eight = Int8Array.from({ length: 256 }, (_, i) => i - 128);
    const wide = Int32Array.from([-100000, -1, 0, 4095, 100000]);
    for (const values of [eight, Uint8Array.from({ length: 256 }, (_, i) => i), wide]) {
      expect(Array.from(storedToHu(values, base).hu)).toEqual(Array.from(values, (v) => expected(v, base)));
    }
  });

  it.each([
    [12, 11, false],
    [12, 11, true],
    [12, 15, true],
    [10, 13, false],
    [16, 15, true],
  ] as const)('folds BitsStored %i / HighBit %i (signed %s) into the table as extractStoredBits reads it', (bitsStored, highBit, signed) => {
    const raw = new Uint8Array(Uint16Array.from({ length: 65536 }, (_, i) => i).buffer);
    const meta = { bitsAllocated: 16, bitsStored, highBit } as DicomMeta;
    const t: HuTransform = { ...base, bitsStored, signed, pixelRepresentation: signed ? 1 : 0 };
    const viaValues = storedToHu(extractStoredBits(raw, meta, signed), t).hu;
    const viaTable = samplesToHu(raw, { bytesPerSample: 2, signed, extract: true, bitsStored, highBit }, t);
    let mismatches = 0;
    for (let i = 0; i < 65536; i++) if (viaTable[i] !== viaValues[i]) mismatches++;
    expect(mismatches).toBe(0);
  });

  it('writes into a reused buffer of the right length, and allocates otherwise', () => {
    const into = new Int16Array(3);
    const values = Int16Array.from([0, 1024, 2048]);
    expect(storedToHu(values, base, into).hu).toBe(into);
    expect(Array.from(into)).toEqual([-1024, 0, 1024]);
    expect(storedToHu(values, base, new Int16Array(2)).hu).toHaveLength(3);
    const bytes = slice(Int16Array.from([1064, 0]), { rescaleIntercept: -1024 });
    const reused = new Int16Array(2);
    expect(decodeDicomFrame(bytes, 0, undefined, reused).hu).toBe(reused);
    expect(Array.from(reused)).toEqual([40, -1024]);
  });
});
