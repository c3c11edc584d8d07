// Exact input preprocessing for models brought from PyTorch: the numbers a model sees in Loupe must be the ones
// it saw in training, so nothing here rounds to 8 bits or uses an image library's resampler.
//
//   resize    bilinear with half-pixel centres, as PyTorch's F.interpolate(mode='bilinear', align_corners=False)
//             (no antialias) and OpenCV's INTER_LINEAR: source = (i + 0.5) × in/out − 0.5, clamped to the image;
//             an exact halving is the mean of each 2×2 block.
//   steel     the strip's pixels as decoded → byte / 255 per channel (1: the first channel; 3: R, G, B, or the gray
//             channel repeated) → resize.
//   CT        HU (after rescale slope/intercept and the RSNA fix) → resize in floating point → one window per channel,
//             clip((HU − (C − W/2)) / W, 0, 1), in floating point.
//   scaling   × 255 when the card's range is 0..255, then (x − mean[c]) / std[c] when it gives mean and std.
//   layout    NCHW or NHWC, the batch axis first.
import { channelMeanStd, type OnnxInputSpec } from './onnx-card';

/** An image as float planes (row-major, one per channel), values in 0..1 before scaling. */
export interface PlanarImage {
  planes: Float32Array[];
  width: number;
  height: number;
}

/** Source taps and weights along one axis (half-pixel centres, clamped at both edges). */
function axisTaps(from: number, to: number): { lo: Int32Array; hi: Int32Array; t: Float64Array } {
  const lo = new Int32Array(to);
  const hi = new Int32Array(to);
  const t = new Float64Array(to);
  const scale = from / to;
  for (let i = 0; i < to; i++) {
    const source = Math.max(0, (i + 0.5) * scale - 0.5);
    const l = Math.min(from - 1, Math.floor(source));
    lo[i] = l;
    hi[i] = l < from - 1 ? l + 1 : l;
    t[i] = l < from - 1 ? source - l : 0;
  }
  return { lo, hi, t };
}

/** Resizes one row-major plane bilinearly with half-pixel centres (see the top of this file). */
export function resizeBilinear(plane: ArrayLike<number>, width: number, height: number, toWidth: number, toHeight: number): Float32Array {
  if (plane.length !== width * height) throw new RangeError(`resizeBilinear: ${plane.length} values for ${width}×${height}`);
  if (!(toWidth > 0 && toHeight > 0)) throw new RangeError(`resizeBilinear: cannot resize to ${toWidth}×${toHeight}`);
  const out = new Float32Array(toWidth * toHeight);
  if (toWidth === width && toHeight === height) {
    for (let i = 0; i < out.length; i++) out[i] = plane[i];
    return out;
  }
  const xs = axisTaps(width, toWidth);
  const ys = axisTaps(height, toHeight);
  for (let y = 0; y < toHeight; y++) {
    const top = ys.lo[y] * width;
    const bottom = ys.hi[y] * width;
    const ty = ys.t[y];
    const row = y * toWidth;
    for (let x = 0; x < toWidth; x++) {
      const x0 = xs.lo[x];
      const x1 = xs.hi[x];
      const tx = xs.t[x];
      const upper = (1 - tx) * plane[top + x0] + tx * plane[top + x1];
      const lower = (1 - tx) * plane[bottom + x0] + tx * plane[bottom + x1];
      out[row + x] = (1 - ty) * upper + ty * lower;
    }
  }
  return out;
}

/** One CT window in floating point: clip((HU − (C − W/2)) / W, 0, 1). */
export function windowHu(hu: ArrayLike<number>, center: number, width: number): Float32Array {
  if (!(width > 0)) throw new RangeError(`window ${center}/${width}: the width must be above 0`);
  const low = center - width / 2;
  const out = new Float32Array(hu.length);
  for (let i = 0; i < hu.length; i++) {
    const v = (hu[i] - low) / width;
    out[i] = v <= 0 ? 0 : v >= 1 ? 1 : v;
  }
  return out;
}

function targetSize(spec: OnnxInputSpec, width: number, height: number): { width: number; height: number } {
  return spec.size === 'any' ? { width, height } : spec.size;
}

/**
 * A strip's decoded pixels (row-major, `channels` interleaved bytes per pixel: 1 gray, 3 RGB, 4 RGBA) as the
 * card's planes: byte / 255, the first channel for a gray model, R, G, B (or gray repeated) for a 3-channel one.
 */
export function steelInputPlanes(pixels: Uint8Array, width: number, height: number, channels: number, spec: OnnxInputSpec): PlanarImage {
  if (pixels.length !== width * height * channels) throw new RangeError(`steel input: ${pixels.length} bytes for ${width}×${height}×${channels}`);
  const n = width * height;
  const source: Float32Array[] = [];
  for (let c = 0; c < Math.min(channels, 3); c++) {
    const plane = new Float32Array(n);
    for (let i = 0, j = c; i < n; i++, j += channels) plane[i] = pixels[j] / 255;
    source.push(plane);
  }
  const wanted = spec.channels === 1 ? [source[0]] : source.length >= 3 ? source.slice(0, 3) : [source[0], source[0], source[0]];
  const size = targetSize(spec, width, height);
  if (size.width === width && size.height === height) return { planes: wanted, ...size };
  const resized = new Map<Float32Array, Float32Array>();
  const planes = wanted.map((plane) => {
    let r = resized.get(plane);
    if (!r) resized.set(plane, (r = resizeBilinear(plane, width, height, size.width, size.height)));
    return r;
  });
  return { planes, ...size };
}

/** A slice's HU (row-major) as the card's planes: resized in floating point, then one window per channel. */
export function ctInputPlanes(hu: ArrayLike<number>, width: number, height: number, spec: OnnxInputSpec, windows: readonly (readonly [number, number])[]): PlanarImage {
  if (windows.length !== spec.channels) throw new RangeError(`CT input: ${windows.length} windows for ${spec.channels} channels`);
  const size = targetSize(spec, width, height);
  const resized = size.width === width && size.height === height ? hu : resizeBilinear(hu, width, height, size.width, size.height);
  return { planes: windows.map(([center, w]) => windowHu(resized, center, w)), ...size };
}

/** The batch tensor's dims for `batch` images of the card's layout. */
export function batchDims(spec: OnnxInputSpec, batch: number, width: number, height: number): number[] {
  return spec.layout === 'NCHW' ? [batch, spec.channels, height, width] : [batch, height, width, spec.channels];
}

/** Writes one image, scaled and laid out, into slot `slot` of a batch buffer. */
export function packInput(image: PlanarImage, spec: OnnxInputSpec, out: Float32Array, slot: number): void {
  const n = image.width * image.height;
  const channels = spec.channels;
  if (image.planes.length !== channels) throw new RangeError(`packInput: ${image.planes.length} planes for ${channels} channels`);
  const base = slot * n * channels;
  if (base + n * channels > out.length) throw new RangeError(`packInput: slot ${slot} is past the batch buffer`);
  const factor = spec.scaling.range === '0..255' ? 255 : 1;
  for (let c = 0; c < channels; c++) {
    const { mean, std } = channelMeanStd(spec.scaling, c);
    const plane = image.planes[c];
    if (spec.layout === 'NCHW') {
      const offset = base + c * n;
      for (let i = 0; i < n; i++) out[offset + i] = (plane[i] * factor - mean) / std;
    } else {
      for (let i = 0, o = base + c; i < n; i++, o += channels) out[o] = (plane[i] * factor - mean) / std;
    }
  }
}

/** Packs images of one size into a batch of `batchSize` (≥ images; extra slots stay 0, for models with a fixed batch). */
export function packBatch(images: readonly PlanarImage[], spec: OnnxInputSpec, batchSize = images.length): { data: Float32Array; dims: number[] } {
  if (images.length === 0) throw new RangeError('packBatch: no images');
  if (batchSize < images.length) throw new RangeError(`packBatch: ${images.length} images for a batch of ${batchSize}`);
  const { width, height } = images[0];
  const mismatched = images.find((image) => image.width !== width || image.height !== height);
  if (mismatched) throw new RangeError(`packBatch: a batch mixes ${width}×${height} and ${mismatched.width}×${mismatched.height} images`);
  const data = new Float32Array(batchSize * spec.channels * width * height);
  images.forEach((image, slot) => packInput(image, spec, data, slot));
  return { data, dims: batchDims(spec, batchSize, width, height) };
}
