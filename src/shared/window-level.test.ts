import { describe, expect, it } from 'vitest';
import { WindowPainter, dragWindow, formatWindow, huRange, presetOf, PRESET_KEYS } from './window-level';
import { WINDOW_PRESETS, windowToGray } from './windowing';

const littleEndian = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/** The grey level of an RGBA word, checking that it is opaque grey. */
function greyOf(word: number): number {
  const bytes = new Uint8Array(new Uint32Array([word]).buffer);
  const [r, g, b, a] = littleEndian ? bytes : bytes.slice().reverse();
  expect([g, b, a]).toEqual([r, r, 255]);
  return r;
}

function slice(values: number[]): Int16Array {
  return Int16Array.from(values);
}

describe('presets and keys', () => {
  it('maps F1–F4 to brain, subdural, soft tissue and bone', () => {
    expect(PRESET_KEYS).toEqual({ F1: 'brain', F2: 'subdural', F3: 'soft', F4: 'bone' });
  });

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
