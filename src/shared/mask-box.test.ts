import { describe, expect, it } from 'vitest';
import { addBoxToRle } from './mask-box';
import { countRlePixels } from './rle';

describe('addBoxToRle', () => {
  it('sets the pixels of the box, column by column (Kaggle RLE is column-major, 1-indexed)', () => {
    expect(addBoxToRle('', { x0: 0, y0: 0, x1: 1, y1: 2 })).toBe('1 3 257 3');
  });

  it('keeps what the mask held, takes corners in any order and clips to the strip', () => {
    const rle = addBoxToRle('1 3', { x0: 1601, y0: 300, x1: 1598, y1: 250 });
    expect(countRlePixels(rle)).toBe(3 + 2 * 6);
  });
});
