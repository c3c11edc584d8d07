import { describe, expect, it } from 'vitest';
import {
  compositeRgb,
  compositeRgba,
  dragWindow,
  formatWindow,
  huRange,
  parseWindow,
  presetOf,
  PRESET_NAMES,
  WINDOW_PRESETS,
  WindowPainter,
  windowTable,
  windowToGray,
  windowValue,
} from './window-level';
import { LITTLE_ENDIAN } from './api/hu-bytes';

/** The formula written out independently of window-level.ts. */
function expected(hu: number, c: number, w: number): number {
  const x = (hu - (c - w / 2)) / w;
  return Math.round((x < 0 ? 0 : x > 1 ? 1 : x) * 255);
}

const allInt16 = (): Int16Array => {
  const hu = new Int16Array(65536);
  for (let i = 0; i < 65536; i++) hu[i] = i - 32768;
  return hu;
};

describe('WINDOW_PRESETS', () => {
  it('has the four CT windows of the design brief', () => {
    expect(WINDOW_PRESETS.brain).toMatchObject({ center: 40, width: 80 });
    expect(WINDOW_PRESETS.subdural).toMatchObject({ center: 80, width: 200 });
    expect(WINDOW_PRESETS.soft).toMatchObject({ center: 40, width: 380 });
    expect(WINDOW_PRESETS.bone).toMatchObject({ center: 600, width: 2800 });
  });
});

describe('parseWindow', () => {
  it('accepts every preset name and composite', () => {
    for (const name of PRESET_NAMES) {
      expect(parseWindow(name)).toEqual({ kind: 'single', name, center: WINDOW_PRESETS[name].center, width: WINDOW_PRESETS[name].width });
    }
    expect(parseWindow('composite')).toEqual({ kind: 'composite' });
    expect(parseWindow(' Brain ')).toMatchObject({ name: 'brain' });
  });

  it('accepts <C>/<W> with negative and fractional numbers', () => {
    expect(parseWindow('40/80')).toEqual({ kind: 'single', name: 'custom', center: 40, width: 80 });
    expect(parseWindow('-600/1500')).toEqual({ kind: 'single', name: 'custom', center: -600, width: 1500 });
    expect(parseWindow('40.5/0.25')).toEqual({ kind: 'single', name: 'custom', center: 40.5, width: 0.25 });
  });

  it.each(['', 'lung', '40', '40/', '/80', '40/80/3', 'a/80', '40/abc', '40/0x10', 'Infinity/80'])('rejects %j with a clear message', (spec) => {
    expect(() => parseWindow(spec)).toThrow(/is not one of brain, subdural, soft, bone, composite or <center>\/<width>/);
  });

  it.each(['40/0', '40/-80', '40/-0'])('rejects a width that is not above 0: %j', (spec) => {
    expect(() => parseWindow(spec)).toThrow(/width must be a number above 0/);
  });
});

describe('windowValue and windowToGray', () => {
  it('maps the window edges to 0 and 255 and clamps outside', () => {
    const hu = Int16Array.from([-1000, -1, 0, 80, 81, 3000]);
    expect(Array.from(windowToGray(hu, 40, 80))).toEqual([0, 0, 0, 255, 255, 255]);
  });

  it('rounds half up at the midpoint and between steps', () => {
    // brain 40/80: value = (HU / 80) × 255. HU 40 → 127.5 → 128; HU 1 → 3.1875 → 3; HU 2 → 6.375 → 6; HU 79 → 251.8 → 252.
    const hu = Int16Array.from([40, 1, 2, 79]);
    expect(Array.from(windowToGray(hu, 40, 80))).toEqual([128, 3, 6, 252]);
  });

  it('handles non-integer boundaries exactly', () => {
    // C 0.5, W 4: the window runs from -1.5 to 2.5 (fractions chosen to be exact in binary):
    // HU -2 → 0; -1 → 0.125 × 255 = 31.875 → 32; 0 → 0.375 × 255 = 95.625 → 96; 2 → 0.875 × 255 = 223.125 → 223; 3 → 255.
    expect(Array.from(windowToGray(Int16Array.from([-2, -1, 0, 2, 3]), 0.5, 4))).toEqual([0, 32, 96, 223, 255]);
    // C 2.5, W 5: the window runs from 0 to 5; the centre is not a whole HU, so no pixel sits on 127.5.
    // HU 2 → 0.4 × 255 = 102; HU 3 → 0.6 × 255 = 153.
    expect(Array.from(windowToGray(Int16Array.from([-1, 0, 2, 3, 5, 6]), 2.5, 5))).toEqual([0, 0, 102, 153, 255, 255]);
  });

  it('handles a width below 1 HU as a step', () => {
    expect(Array.from(windowToGray(Int16Array.from([39, 40, 41]), 40.5, 0.5))).toEqual([0, 0, 255]);
  });

  it('writes into a given output buffer and refuses a short one', () => {
    const out = new Uint8Array(4);
    const result = windowToGray(Int16Array.from([0, 80]), 40, 80, out);
    expect(result).toBe(out);
    expect(Array.from(out)).toEqual([0, 255, 0, 0]);
    expect(() => windowToGray(Int16Array.from([0, 1, 2]), 40, 80, new Uint8Array(2))).toThrow(/3 needed/);
  });

  it('rejects a non-positive width', () => {
    expect(() => windowToGray(Int16Array.from([0]), 40, 0)).toThrow(/width/);
  });

  it.each(PRESET_NAMES.map((name) => [name, WINDOW_PRESETS[name].center, WINDOW_PRESETS[name].width] as const))(
    'the %s table equals the formula for every int16 value',
    (_name, center, width) => {
      const gray = windowToGray(allInt16(), center, width);
      const table = windowTable(center, width);
      let mismatches = 0;
      for (let hu = -32768; hu <= 32767; hu++) {
        const want = expected(hu, center, width);
        if (gray[hu + 32768] !== want || table[hu + 32768] !== want || windowValue(hu, center, width) !== want) mismatches++;
      }
      expect(mismatches).toBe(0);
    },
  );
});

describe('compositeRgb / compositeRgba', () => {
  it('puts brain, subdural and soft windows in R, G and B', () => {
    const hu = Int16Array.from([-1024, 0, 40, 80, 230, 1000]);
    const rgb = compositeRgb(hu);
    const rgba = compositeRgba(hu);
    for (let i = 0; i < hu.length; i++) {
      const want = [expected(hu[i], 40, 80), expected(hu[i], 80, 200), expected(hu[i], 40, 380)];
      expect(Array.from(rgb.subarray(i * 3, i * 3 + 3))).toEqual(want);
      expect(Array.from(rgba.subarray(i * 4, i * 4 + 4))).toEqual([...want, 255]);
    }
    // Spot values at HU 80: brain 255 (top edge), subdural 128 (its centre: 127.5 rounds up),
    // soft (80 + 150) / 380 × 255 = 154.3 → 154.
    expect(Array.from(rgb.subarray(9, 12))).toEqual([255, 128, 154]);
  });

  it('matches the formula for every int16 value', () => {
    const hu = allInt16();
    const rgb = compositeRgb(hu);
    const rgba = compositeRgba(hu);
    let mismatches = 0;
    for (let i = 0; i < hu.length; i++) {
      const r = expected(hu[i], 40, 80);
      const g = expected(hu[i], 80, 200);
      const b = expected(hu[i], 40, 380);
      if (rgb[i * 3] !== r || rgb[i * 3 + 1] !== g || rgb[i * 3 + 2] !== b) mismatches++;
      if (rgba[i * 4] !== r || rgba[i * 4 + 1] !== g || rgba[i * 4 + 2] !== b || rgba[i * 4 + 3] !== 255) mismatches++;
    }
    expect(mismatches).toBe(0);
  });

  it('writes RGBA into an unaligned output byte by byte', () => {
    const backing = new Uint8Array(9);
    const out = backing.subarray(1);
    compositeRgba(Int16Array.from([80, 1000]), out);
    expect(Array.from(out)).toEqual([255, 128, 154, 255, 255, 255, 255, 255]);
  });

  it('refuses an output that is too short', () => {
    expect(() => compositeRgb(Int16Array.from([0, 0]), new Uint8Array(5))).toThrow(/6 needed/);
    expect(() => compositeRgba(Int16Array.from([0, 0]), new Uint8Array(7))).toThrow(/8 needed/);
  });
});

/** The grey level of an RGBA word, checking that it is opaque grey. */
function greyOf(word: number): number {
  const bytes = new Uint8Array(new Uint32Array([word]).buffer);
  const [r, g, b, a] = LITTLE_ENDIAN ? bytes : bytes.slice().reverse();
  expect([g, b, a]).toEqual([r, r, 255]);
  return r;
}

function slice(values: number[]): Int16Array {
  return Int16Array.from(values);
}

describe('presetOf and formatWindow', () => {
  it('names the preset a window equals, else custom', () => {
    expect(presetOf({ center: 40, width: 80 })).toBe('brain');
    expect(presetOf({ center: 600, width: 2800 })).toBe('bone');
    expect(presetOf({ center: 41, width: 80 })).toBe('custom');
  });

  it('writes the window as W … L …', () => {
    expect(formatWindow({ center: 40, width: 80 })).toBe('W 80 L 40');
    expect(formatWindow({ center: -600.25, width: 1500 })).toBe('W 1500 L -600.3');
  });
});

describe('dragWindow', () => {
  it('widens to the right and raises the level downwards, one HU per pixel for narrow windows', () => {
    expect(dragWindow({ center: 40, width: 80 }, 10, 0)).toEqual({ center: 40, width: 90 });
    expect(dragWindow({ center: 40, width: 80 }, 0, -5)).toEqual({ center: 35, width: 80 });
  });

  it('moves wide windows faster (width / 256 HU per pixel)', () => {
    expect(dragWindow({ center: 600, width: 2560 }, 10, 10)).toEqual({ center: 700, width: 2660 });
  });

  it('never lets the width fall below 1 HU', () => {
    expect(dragWindow({ center: 40, width: 80 }, -500, 0).width).toBe(1);
  });
});

describe('huRange', () => {
  it('finds the smallest and largest value', () => {
    expect(huRange(slice([5, -3024, 40, 3071, 0]))).toEqual({ min: -3024, max: 3071 });
    expect(huRange(new Int16Array(0))).toEqual({ min: 0, max: 0 });
  });
});

describe('WindowPainter', () => {
  it('gives exactly the grey levels of windowToGray, for presets and odd windows', () => {
    const hu = new Int16Array(4096);
    for (let i = 0; i < hu.length; i++) hu[i] = -2048 + i;
    const range = huRange(hu);
    const painter = new WindowPainter();
    const out = new Uint32Array(hu.length);
    const windows = [...Object.values(WINDOW_PRESETS), { center: 40.5, width: 1 }, { center: -1000, width: 0.5 }, { center: 3000, width: 7 }, { center: 0, width: 9000 }];
    for (const w of windows) {
      painter.paint(hu, range, w, out);
      const expected = windowToGray(hu, w.center, w.width);
      for (let i = 0; i < hu.length; i += 7) expect(greyOf(out[i])).toBe(expected[i]);
      expect(greyOf(out[hu.length - 1])).toBe(expected[hu.length - 1]);
    }
  });

  it('paints all black above the slice range and all white below it', () => {
    const hu = slice([-10, 0, 10]);
    const out = new Uint32Array(3);
    const painter = new WindowPainter();
    painter.paint(hu, huRange(hu), { center: 1000, width: 10 }, out);
    expect([...out].map(greyOf)).toEqual([0, 0, 0]);
    painter.paint(hu, huRange(hu), { center: -1000, width: 10 }, out);
    expect([...out].map(greyOf)).toEqual([255, 255, 255]);
  });

  it('grows its table for a slice with a wider range, and reuses it for a narrower one', () => {
    const painter = new WindowPainter();
    const narrow = slice([0, 40, 80]);
    const wide = slice([-3000, 40, 3000]);
    const out = new Uint32Array(3);
    painter.paint(narrow, huRange(narrow), { center: 40, width: 80 }, out);
    expect([...out].map(greyOf)).toEqual([0, 128, 255]);
    painter.paint(wide, huRange(wide), { center: 40, width: 80 }, out);
    expect([...out].map(greyOf)).toEqual([0, 128, 255]);
    painter.paint(narrow, huRange(narrow), { center: 80, width: 200 }, out);
    expect([...out].map(greyOf)).toEqual([26, 77, 128]);
  });

  it('refuses a short output or a width of 0', () => {
    const hu = slice([1, 2]);
    expect(() => new WindowPainter().paint(hu, huRange(hu), { center: 0, width: 1 }, new Uint32Array(1))).toThrow(/2 needed/);
    expect(() => new WindowPainter().paint(hu, huRange(hu), { center: 0, width: 0 }, new Uint32Array(2))).toThrow(/width/);
  });
});

describe('compositeRgb word path', () => {
  it('gives the same bytes through the word path, the tail and an unaligned output', () => {
    const hu = new Int16Array(4099); // not a multiple of 4: the last three pixels take the byte path
    for (let i = 0; i < hu.length; i++) hu[i] = ((i * 2654435761) >>> 16) % 3000 - 1200;
    const aligned = compositeRgb(hu);
    const backing = new Uint8Array(hu.length * 3 + 1);
    const unaligned = compositeRgb(hu, backing.subarray(1));
    for (let i = 0; i < hu.length; i++) {
      const want = [windowValue(hu[i], 40, 80), windowValue(hu[i], 80, 200), windowValue(hu[i], 40, 380)];
      expect(Array.from(aligned.subarray(i * 3, i * 3 + 3))).toEqual(want);
      expect(Array.from(unaligned.subarray(i * 3, i * 3 + 3))).toEqual(want);
    }
  });

  it('reads HU that sit at an offset inside a larger buffer', () => {
    const backing = new Int16Array([1000, 80, -1024, 40, 1000]);
    expect(Array.from(compositeRgb(backing.subarray(1, 4)))).toEqual([255, 128, 154, 0, 0, 0, 128, 77, 128]);
  });
});
