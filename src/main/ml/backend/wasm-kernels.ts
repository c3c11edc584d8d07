// Fast training kernels for TensorFlow.js's wasm backend. As shipped, wasm has no Conv2DBackpropFilter
// (training fails), a naive loop for Conv2DBackpropInput (16× slower than the forward convolution) and a
// Concat that copies channel-last tensors a few floats at a time. Loupe registers its own:
//
//   dW = conv2d(xᵀ, dyᵀ):  the filter gradient dW[a,b,ci,co] = Σ x[n, i·s+a, j·s+b, ci] · dy[n,i,j,co] is a
//        convolution of x (batch ↔ channels swapped) with dy used as the filter (dilated by the stride).
//   dx = conv2d(dy, flip(W)):  the input gradient is a convolution of dy (zero-stuffed for stride > 1) with
//        the filter turned 180° and its in/out channels swapped.
//
// Both run through wasm's own XNNPACK Conv2D, so they cost a few forward convolutions each.
import * as tf from '@tensorflow/tfjs';
import type { DataId, KernelBackend, KernelFunc, NamedAttrMap, TensorInfo } from '@tensorflow/tfjs';

/** What these kernels use of the wasm backend beyond the KernelBackend interface. */
interface WasmBackend extends KernelBackend {
  makeOutput(shape: number[], dtype: tf.DataType): TensorInfo;
  typedArrayFromHeap(info: TensorInfo): Float32Array;
  disposeData(dataId: DataId): boolean;
}

type Inputs = Record<string, TensorInfo> | TensorInfo[];
type Pad = 'valid' | 'same' | number | tf.backend_util.ExplicitPadding;

function run(name: string, backend: WasmBackend, inputs: Inputs, attrs: NamedAttrMap = {}): TensorInfo {
  const kernel = tf.getKernel(name, 'wasm');
  if (!kernel) throw new Error(`the wasm backend has no ${name} kernel`);
  return kernel.kernelFunc({ inputs: inputs as never, backend, attrs }) as TensorInfo;
}

function free(backend: WasmBackend, ...infos: TensorInfo[]): void {
  for (const info of infos) backend.disposeData(info.dataId);
}

function explicitPadding(top: number, bottom: number, left: number, right: number): tf.backend_util.ExplicitPadding {
  return [[0, 0], [top, bottom], [left, right], [0, 0]];
}

/** Conv2DBackpropFilter (NHWC): dW = conv2d(x transposed to [Ci,H,W,N], dy transposed to [Ho,Wo,N,Co]). */
export function conv2dBackpropFilter(args: { inputs: Inputs; backend: unknown; attrs?: NamedAttrMap }): TensorInfo {
  const backend = args.backend as WasmBackend;
  const { x, dy } = args.inputs as Record<string, TensorInfo>;
  const { strides, pad, dataFormat, dimRoundingMode, filterShape } = args.attrs as unknown as {
    strides: [number, number] | number;
    pad: Pad;
    dataFormat: 'NHWC' | 'NCHW';
    dimRoundingMode?: 'floor' | 'round' | 'ceil';
    filterShape: [number, number, number, number];
  };
  if (dataFormat === 'NCHW') throw new Error('Conv2DBackpropFilter on wasm supports NHWC only');
  const info = tf.backend_util.computeConv2DInfo(
    x.shape as [number, number, number, number], filterShape, strides, 1, pad, dimRoundingMode, false, 'channelsLast',
  );
  const { filterHeight: kh, filterWidth: kw, strideHeight: sh, strideWidth: sw, padInfo } = info;
  const xt = run('Transpose', backend, { x }, { perm: [3, 1, 2, 0] });
  const dyt = run('Transpose', backend, { x: dy }, { perm: [1, 2, 0, 3] });
  const grad = run('Conv2D', backend, { x: xt, filter: dyt }, {
    strides: [1, 1],
    dilations: [sh, sw],
    pad: explicitPadding(padInfo.top, padInfo.bottom, padInfo.left, padInfo.right),
    dataFormat: 'NHWC',
  } as unknown as NamedAttrMap);
  free(backend, xt, dyt);
  let cropped = grad;
  if (grad.shape[1] !== kh || grad.shape[2] !== kw) {
    cropped = run('Slice', backend, { x: grad }, { begin: [0, 0, 0, 0], size: [grad.shape[0], kh, kw, grad.shape[3]] });
    free(backend, grad);
  }
  const dw = run('Transpose', backend, { x: cropped }, { perm: [1, 2, 0, 3] });
  free(backend, cropped);
  return dw;
}

/** dy with (stride − 1) zeros between its rows and columns, so a strided gradient becomes a plain convolution. */
function zeroStuff(backend: WasmBackend, dy: TensorInfo, sh: number, sw: number): TensorInfo {
  const [n, h, w, c] = dy.shape;
  const oh = (h - 1) * sh + 1;
  const ow = (w - 1) * sw + 1;
  const out = backend.makeOutput([n, oh, ow, c], 'float32');
  const src = backend.typedArrayFromHeap(dy);
  const dst = backend.typedArrayFromHeap(out);
  dst.fill(0);
  let from = 0;
  for (let b = 0; b < n; b++) {
    for (let i = 0; i < h; i++) {
      for (let j = 0; j < w; j++) {
        let to = ((b * oh + i * sh) * ow + j * sw) * c;
        for (let e = 0; e < c; e++) dst[to++] = src[from++];
      }
    }
  }
  return out;
}

/** Conv2DBackpropInput (NHWC): dx = conv2d(dy zero-stuffed, filter turned 180° with in/out swapped). */
export function makeConv2dBackpropInput(fallback: KernelFunc): KernelFunc {
  return (args) => {
    const backend = args.backend as WasmBackend;
    const { dy, filter } = args.inputs as Record<string, TensorInfo>;
    const { strides, pad, dataFormat, dimRoundingMode, inputShape } = args.attrs as unknown as {
      strides: [number, number] | number;
      pad: Pad;
      dataFormat: 'NHWC' | 'NCHW';
      dimRoundingMode?: 'floor' | 'round' | 'ceil';
      inputShape: [number, number, number, number];
    };
    if (dataFormat === 'NCHW') return fallback(args);
    const info = tf.backend_util.computeConv2DInfo(
      inputShape, filter.shape as [number, number, number, number], strides, 1, pad, dimRoundingMode, false, 'channelsLast',
    );
    const { filterHeight: kh, filterWidth: kw, strideHeight: sh, strideWidth: sw, padInfo, inHeight, inWidth } = info;
    const stuffedHeight = (dy.shape[1] - 1) * sh + 1;
    const stuffedWidth = (dy.shape[2] - 1) * sw + 1;
    const top = kh - 1 - padInfo.top;
    const left = kw - 1 - padInfo.left;
    const bottom = inHeight - stuffedHeight - top + kh - 1;
    const right = inWidth - stuffedWidth - left + kw - 1;
    if (top < 0 || left < 0 || bottom < 0 || right < 0) return fallback(args);

    const stuffed = sh === 1 && sw === 1 ? dy : zeroStuff(backend, dy, sh, sw);
    const turned = run('Reverse', backend, { x: filter }, { dims: [0, 1] });
    const swapped = run('Transpose', backend, { x: turned }, { perm: [0, 1, 3, 2] });
    free(backend, turned);
    const dx = run('Conv2D', backend, { x: stuffed, filter: swapped }, {
      strides: [1, 1],
      dilations: [1, 1],
      pad: explicitPadding(top, bottom, left, right),
      dataFormat: 'NHWC',
    } as unknown as NamedAttrMap);
    free(backend, swapped);
    if (stuffed !== dy) free(backend, stuffed);
    return dx;
  };
}

/** Concat of float32 tensors that copies each input's inner run in one go (no per-pixel subarray). */
export function makeConcat(fallback: KernelFunc): KernelFunc {
  return (args) => {
    const backend = args.backend as WasmBackend;
    const inputs = (args.inputs as unknown as TensorInfo[]).filter((t) => tf.util.sizeFromShape(t.shape) > 0);
    if (inputs.length < 2 || inputs.some((t) => t.dtype !== 'float32')) return fallback(args);
    const axis = tf.util.parseAxisParam((args.attrs as { axis: number | number[] }).axis, inputs[0].shape)[0];
    const outShape = tf.backend_util.computeOutShape(inputs.map((t) => t.shape), axis);
    const outer = tf.util.sizeFromShape(inputs[0].shape.slice(0, axis));
    const inner = inputs.map((t) => tf.util.sizeFromShape(t.shape.slice(axis)));
    const rowLength = inner.reduce((a, b) => a + b, 0);
    const out = backend.makeOutput(outShape, 'float32');
    const dst = backend.typedArrayFromHeap(out);
    let offset = 0;
    inputs.forEach((input, k) => {
      const src = backend.typedArrayFromHeap(input);
      const n = inner[k];
      if (n >= 64) {
        for (let b = 0; b < outer; b++) dst.set(src.subarray(b * n, b * n + n), b * rowLength + offset);
      } else {
        for (let b = 0, s = 0, d = offset; b < outer; b++, d += rowLength - n) {
          for (let e = 0; e < n; e++) dst[d++] = src[s++];
        }
      }
      offset += n;
    });
    return out;
  };
}

/**
 * Copies the box [begin, begin + size) of a row-major tensor. Trailing dimensions taken whole are merged
 * into one contiguous run, so a spatial crop of a 1-channel image copies whole rows, not single floats.
 */
function copyBox(src: Float32Array, shape: number[], begin: number[], size: number[], dst: Float32Array): void {
  const rank = shape.length;
  const strides = tf.util.computeStrides(shape);
  let k = rank - 1;
  while (k > 0 && begin[k] === 0 && size[k] === shape[k]) k--;
  const run = size[k] * (k + 1 < rank ? strides[k] : 1);
  const outer = size.slice(0, k);
  const index = new Array<number>(k).fill(0);
  const count = tf.util.sizeFromShape(outer);
  let base = begin[k] * (k + 1 < rank ? strides[k] : 1);
  for (let d = 0; d < k; d++) base += begin[d] * strides[d];
  for (let n = 0, out = 0; n < count; n++, out += run) {
    let from = base;
    for (let d = 0; d < k; d++) from += index[d] * strides[d];
    if (run >= 64) dst.set(src.subarray(from, from + run), out);
    else for (let e = 0; e < run; e++) dst[out + e] = src[from + e];
    for (let d = k - 1; d >= 0 && ++index[d] === outer[d]; d--) index[d] = 0;
  }
}

/** Slice of a float32 tensor through copyBox. */
export function makeSlice(fallback: KernelFunc): KernelFunc {
  return (args) => {
    const backend = args.backend as WasmBackend;
    const { x } = args.inputs as Record<string, TensorInfo>;
    if (x.dtype !== 'float32') return fallback(args);
    const { begin, size } = args.attrs as unknown as { begin: number | number[]; size: number | number[] };
    const [b, s] = tf.slice_util.parseSliceParams(x as unknown as tf.TensorInfo & { shape: number[] } as never, begin, size);
    const out = backend.makeOutput(s, 'float32');
    if (tf.util.sizeFromShape(s) > 0) copyBox(backend.typedArrayFromHeap(x), x.shape, b, s, backend.typedArrayFromHeap(out));
    return out;
  };
}

/** SplitV (the gradient of Concat) as one copyBox per part. */
export function makeSplitV(fallback: KernelFunc): KernelFunc {
  return (args) => {
    const backend = args.backend as WasmBackend;
    const { x } = args.inputs as Record<string, TensorInfo>;
    if (x.dtype !== 'float32') return fallback(args);
    const { numOrSizeSplits, axis } = args.attrs as unknown as { numOrSizeSplits: number | number[]; axis: number };
    const a = tf.util.parseAxisParam(axis, x.shape)[0];
    const sizes = tf.backend_util.prepareSplitSize(x as never, numOrSizeSplits, a);
    const begin = new Array<number>(x.shape.length).fill(0);
    return sizes.map((part) => {
      const size = x.shape.slice();
      size[a] = part;
      const out = backend.makeOutput(size, 'float32');
      // Fetched after makeOutput: growing the wasm memory detaches views taken before.
      if (tf.util.sizeFromShape(size) > 0) copyBox(backend.typedArrayFromHeap(x), x.shape, begin, size, backend.typedArrayFromHeap(out));
      begin[a] += part;
      return out;
    }) as unknown as TensorInfo;
  };
}

let registered = false;

/** Registers the kernels above on the wasm backend (once per process). */
export function registerWasmTrainingKernels(): void {
  if (registered) return;
  const replace = (name: string, make: (fallback: KernelFunc) => KernelFunc) => {
    const original = tf.getKernel(name, 'wasm');
    if (!original) throw new Error(`the wasm backend has no ${name} kernel to replace`);
    tf.unregisterKernel(name, 'wasm');
    tf.registerKernel({ ...original, kernelFunc: make(original.kernelFunc) });
  };
  if (!tf.getKernel('Conv2DBackpropFilter', 'wasm')) {
    tf.registerKernel({ kernelName: 'Conv2DBackpropFilter', backendName: 'wasm', kernelFunc: conv2dBackpropFilter as KernelFunc });
  }
  replace('Conv2DBackpropInput', makeConv2dBackpropInput);
  replace('Concat', makeConcat);
  replace('Slice', makeSlice);
  replace('SplitV', makeSplitV);
  registered = true;
}
