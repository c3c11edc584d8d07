import { describe, expect, it } from 'vitest';
import { changedClassRles, normaliseRle } from './changes';
import { paintSegment } from './brush';
import { decodeRle, encodeRle } from '../rle';

const W = 20;
const H = 10;

describe('the classes a save sends', () => {
  it('sends the RLE of an edited class only, in Kaggle column-major form', () => {
    const masks = new Map([1, 2, 3, 4].map((c) => [c, new Uint8Array(W * H)]));
    const saved = new Map<number, string>();
    paintSegment(masks.get(4)!, W, H, { x: 2, y: 2 }, { x: 2, y: 2 }, 1, 1);
    const changed = changedClassRles(masks, saved);
    expect(changed.map((c) => c.classId)).toEqual([4]);
    expect(decodeRle(changed[0].rle, W, H)).toEqual(masks.get(4));
    // column-major: pixel (x=1, y=1) is index 1*H + 1 = 11, i.e. RLE start 12
    expect(changed[0].rle.startsWith('12 ')).toBe(true);
  });

  it('an edit taken back is no change; a cleared class is sent as the empty string', () => {
    const masks = new Map([[3, new Uint8Array(W * H)]]);
    masks.get(3)!.fill(1, 30, 40);
    const saved = new Map([[3, encodeRle(masks.get(3)!)]]);
    expect(changedClassRles(masks, saved)).toEqual([]);
    masks.get(3)!.fill(0);
    expect(changedClassRles(masks, saved)).toEqual([{ classId: 3, rle: '' }]);
  });

  it('looks at the candidate classes only, once each, in class order', () => {
    const masks = new Map([1, 2].map((c) => [c, new Uint8Array(W * H).fill(1, 0, 5)]));
    expect(changedClassRles(masks, new Map(), [2, 1, 2]).map((c) => c.classId)).toEqual([1, 2]);
    expect(changedClassRles(masks, new Map(), [2]).map((c) => c.classId)).toEqual([2]);
  });

  it('compares stored RLE whatever its spacing', () => {
    expect(normaliseRle('  3 4   10 2 ')).toBe('3 4 10 2');
    const masks = new Map([[1, decodeRle('3 4 10 2', W, H)]]);
    expect(changedClassRles(masks, new Map([[1, ' 3 4  10 2\n']]))).toEqual([]);
  });
});
