import { describe, expect, it } from 'vitest';
import type { OnnxInputSpec } from './onnx-card';
import { batchDims, ctInputPlanes, packBatch, packInput, resizeBilinear, steelInputPlanes, windowHu } from './preprocess';

const spec = (over: Partial<OnnxInputSpec> = {}): OnnxInputSpec => ({
  name: 'image',
  layout: 'NCHW',
  channels: 3,
  size: 'any',
  scaling: { range: '0..1' },
  ...over,
});

function close(actual: ArrayLike<number>, expected: readonly number[], digits = 5): void {
  expect(actual.length).toBe(expected.length);
  expected.forEach((v, i) => expect(actual[i]).toBeCloseTo(v, digits));
}

describe('resizeBilinear (half-pixel centres)', () => {
  it('halves exactly as the mean of each 2×2 block', () => {
    const [w, h] = [8, 6];
    const plane = Float32Array.from({ length: w * h }, (_, i) => (i * 7919) % 101);
    const out = resizeBilinear(plane, w, h, w / 2, h / 2);
    for (let y = 0; y < h / 2; y++) {
      for (let x = 0; x < w / 2; x++) {
        const at = (yy: number, xx: number) => plane[yy * w + xx];
        const mean = (at(2 * y, 2 * x) + at(2 * y, 2 * x + 1) + at(2 * y + 1, 2 * x) + at(2 * y + 1, 2 * x + 1)) / 4;
        expect(out[y * (w / 2) + x]).toBeCloseTo(mean, 5);
      }
    }
  });

  it('upsamples [0, 1] to [0, 0.25, 0.75, 1], clamping at the edges', () => {
    close(resizeBilinear([0, 1], 2, 1, 4, 1), [0, 0.25, 0.75, 1]);
  });

  // Expected values from PyTorch 1.13: F.interpolate(x, size=…, mode='bilinear', align_corners=False).
  it('matches PyTorch for a non-integer downscale (7×5 → 3×4)', () => {
    const plane = Array.from({ length: 35 }, (_, i) => (i * 37) % 23);
    const torch = [10.083333, 16.874998, 6.416664, 11.833333, 4.250001, 11.041665, 9.75, 11.749999, 13.750002, 10.541666, 19.249998, 7.833331];
    close(resizeBilinear(plane, 7, 5, 3, 4), torch, 4);
  });

  it('matches PyTorch for an upscale (3×4 → 9×7)', () => {
    const plane = [1, 4, 2, 8, 0, 5, 3, 7, 6, 2, 2, 9];
    const torch = [
      1.0, 1.0, 2.0, 3.0, 4.0, 3.333333, 2.666667, 2.0, 2.0, 3.5, 3.5, 3.190476, 2.880952, 2.571428, 2.738095, 2.904762, 3.071429, 3.071429, 7.5,
      7.5, 5.095238, 2.690476, 0.285714, 1.785714, 3.285715, 4.785715, 4.785714, 5.5, 5.5, 4.833333, 4.166667, 3.500001, 4.166667, 4.833334, 5.5,
      5.5, 2.928571, 2.928571, 4.166667, 5.404762, 6.642857, 6.5, 6.357143, 6.214286, 6.214286, 2.357143, 2.357143, 2.833333, 3.309523, 3.785713,
      5.166667, 6.547619, 7.928572, 7.928572, 2.0, 2.0, 2.0, 2.0, 2.0, 4.333333, 6.666667, 9.0, 9.000001,
    ];
    close(resizeBilinear(plane, 3, 4, 9, 7), torch, 4);
  });

  it('copies when the size is unchanged and refuses a plane of the wrong length', () => {
    close(resizeBilinear([1, 2, 3, 4], 2, 2, 2, 2), [1, 2, 3, 4]);
    expect(() => resizeBilinear([1, 2, 3], 2, 2, 1, 1)).toThrow(/3 values for 2×2/);
  });
});

describe('windowHu', () => {
  it('is clip((HU − (C − W/2)) / W, 0, 1) in floating point, not rounded to 8 bits', () => {
    close(windowHu([-50, 0, 40, 41, 80, 100], 40, 80), [0, 0, 0.5, 0.5125, 1, 1], 7);
  });
});

describe('steelInputPlanes', () => {
  it('takes R, G, B as decoded, / 255, or the first channel for a gray model', () => {
    const rgb = Uint8Array.from([0, 51, 255, 255, 102, 0]); // 2×1
    const three = steelInputPlanes(rgb, 2, 1, 3, spec());
    close(three.planes[0], [0, 1]);
    close(three.planes[1], [0.2, 0.4]);
    close(three.planes[2], [1, 0]);
    const one = steelInputPlanes(rgb, 2, 1, 3, spec({ channels: 1 }));
    expect(one.planes).toHaveLength(1);
    close(one.planes[0], [0, 1]);
  });

  it('repeats a gray image for a 3-channel model and resizes to the card size', () => {
    const gray = Uint8Array.from([0, 255, 255, 0, 255, 0, 0, 255]); // 4×2
    const out = steelInputPlanes(gray, 4, 2, 1, spec({ size: { width: 2, height: 1 } }));
    expect([out.width, out.height, out.planes.length]).toEqual([2, 1, 3]);
    for (const plane of out.planes) close(plane, [0.5, 0.5]);
  });
});

describe('ctInputPlanes', () => {
  it('resizes the HU before windowing (the window of the mean, not the mean of the windows)', () => {
    const hu = [-1000, 1000, 40, 40]; // 2×2 → 1×1: mean HU 20
    const out = ctInputPlanes(hu, 2, 2, spec({ size: { width: 1, height: 1 } }), [
      [40, 80],
      [80, 200],
      [40, 380],
    ]);
    close(out.planes[0], [(20 - 0) / 80]);
    close(out.planes[1], [(20 + 20) / 200]);
    close(out.planes[2], [(20 + 150) / 380]);
  });

  it('needs one window per channel', () => {
    expect(() => ctInputPlanes([0], 1, 1, spec(), [[40, 80]])).toThrow(/1 windows for 3 channels/);
  });
});

describe('packInput / packBatch', () => {
  const image = { width: 2, height: 1, planes: [Float32Array.from([0, 1]), Float32Array.from([0.5, 0.25]), Float32Array.from([1, 0])] };

  it('lays out NCHW and NHWC', () => {
    const nchw = new Float32Array(6);
    packInput(image, spec(), nchw, 0);
    close(nchw, [0, 1, 0.5, 0.25, 1, 0]);
    const nhwc = new Float32Array(6);
    packInput(image, spec({ layout: 'NHWC' }), nhwc, 0);
    close(nhwc, [0, 0.5, 1, 1, 0.25, 0]);
  });

  it('scales to 0..255, then (x − mean[c]) / std[c]', () => {
    const out = new Float32Array(6);
    packInput(image, spec({ scaling: { range: '0..255', mean: [100, 0, 255], std: [2, 1, 5] } }), out, 0);
    close(out, [-50, 77.5, 127.5, 63.75, 0, -51], 4);
    const imagenet = new Float32Array(6);
    packInput(image, spec({ scaling: { range: '0..1', mean: [0.485, 0.456, 0.406], std: [0.229, 0.224, 0.225] } }), imagenet, 0);
    close(imagenet, [-0.485 / 0.229, (1 - 0.485) / 0.229, (0.5 - 0.456) / 0.224, (0.25 - 0.456) / 0.224, (1 - 0.406) / 0.225, -0.406 / 0.225]);
  });

  it('pads a batch to a fixed size with zeros and refuses mixed sizes', () => {
    const batch = packBatch([image], spec(), 3);
    expect(batch.dims).toEqual([3, 3, 1, 2]);
    expect(batch.data.length).toBe(18);
    expect(Array.from(batch.data.subarray(6))).toEqual(new Array(12).fill(0));
    expect(batchDims(spec({ layout: 'NHWC' }), 2, 5, 4)).toEqual([2, 4, 5, 3]);
    const other = { ...image, width: 1, height: 2 };
    expect(() => packBatch([image, other], spec())).toThrow(/mixes 2×1 and 1×2/);
  });
});
