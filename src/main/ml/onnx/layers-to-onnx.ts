// One of Loupe's own TensorFlow.js layers models as an ONNX graph with the same weights, so the built-in models can
// predict through ONNX Runtime (several threads, faster kernels) while training stays in TensorFlow.js.
// The graph keeps the layers model's contract: input [N, H, W, C] and outputs by the model's output names, channels
// last. Inside it runs channels first (ONNX's convention): one Transpose after the input and one before each
// 4-D output. Only the layer kinds Loupe's architectures use are written; any other is refused by name.
import type * as tf from '@tensorflow/tfjs';
import { encodeOnnxModel, type OnnxGraph, type OnnxInitializer, type OnnxNode } from './onnx-proto';

interface LayerLike {
  name: string;
  getClassName(): string;
  getConfig(): Record<string, unknown>;
  getWeights(): tf.Tensor[];
  inboundNodes: { inboundLayers: LayerLike[] }[];
}

const OPSET = 13;

/** [a, b, c, d]-shaped values permuted to the axes `perm` (used for the kernels' layouts). */
function permute4(values: Float32Array, shape: number[], perm: number[]): Float32Array {
  const out = new Float32Array(values.length);
  const outShape = perm.map((p) => shape[p]);
  const strides = [shape[1] * shape[2] * shape[3], shape[2] * shape[3], shape[3], 1];
  const s = perm.map((p) => strides[p]);
  let o = 0;
  for (let i = 0; i < outShape[0]; i++)
    for (let j = 0; j < outShape[1]; j++)
      for (let k = 0; k < outShape[2]; k++)
        for (let l = 0; l < outShape[3]; l++) out[o++] = values[i * s[0] + j * s[1] + k * s[2] + l * s[3]];
  return out;
}

function pair(value: unknown): [number, number] {
  return Array.isArray(value) ? [value[0] as number, value[1] as number] : [value as number, value as number];
}

class GraphBuilder {
  readonly nodes: OnnxNode[] = [];
  readonly initializers: OnnxInitializer[] = [];
  /** Each layer's output tensor and its rank (4: NCHW map, 2: [N, features]). */
  readonly tensors = new Map<string, { name: string; rank: number }>();

  weight(name: string, dims: number[], values: Float32Array): string {
    this.initializers.push({ name, dims, values });
    return name;
  }

  node(opType: string, inputs: string[], output: string, attributes?: OnnxNode['attributes']): string {
    this.nodes.push({ opType, inputs, outputs: [output], attributes });
    return output;
  }

  /** The activation a Keras layer fuses, after `x`. */
  activation(kind: unknown, x: string, name: string): string {
    if (kind === undefined || kind === null || kind === 'linear') return x;
    if (kind === 'relu') return this.node('Relu', [x], `${name}/relu`);
    if (kind === 'sigmoid') return this.node('Sigmoid', [x], `${name}/sigmoid`);
    if (kind === 'tanh') return this.node('Tanh', [x], `${name}/tanh`);
    throw new Error(`layer ${name}: activation "${String(kind)}" has no ONNX writer`);
  }
}

function input(layer: LayerLike, b: GraphBuilder, index = 0): { name: string; rank: number } {
  const from = layer.inboundNodes[0]?.inboundLayers[index];
  const tensor = from && b.tensors.get(from.name);
  if (!tensor) throw new Error(`layer ${layer.name}: its input is not in the graph`);
  return tensor;
}

async function values(t: tf.Tensor): Promise<Float32Array> {
  return Float32Array.from(await t.data());
}

/** Writes one layer's nodes; returns its output tensor. */
async function writeLayer(layer: LayerLike, b: GraphBuilder): Promise<{ name: string; rank: number }> {
  const config = layer.getConfig();
  const name = layer.name;
  const kind = layer.getClassName();
  if (kind === 'Conv2D' || kind === 'Conv2DTranspose') {
    const x = input(layer, b);
    const [kernel, bias] = layer.getWeights();
    const [kh, kw] = pair(config.kernelSize);
    const [sh, sw] = pair(config.strides);
    const [dh, dw] = pair(config.dilationRate ?? 1);
    const transpose = kind === 'Conv2DTranspose';
    // tfjs kernels: Conv2D [kh, kw, in, out] → ONNX [out, in, kh, kw]; Conv2DTranspose [kh, kw, out, in] → [in, out, kh, kw].
    const [, , k2, k3] = kernel.shape as [number, number, number, number];
    const w = b.weight(`${name}/kernel`, [k3, k2, kh, kw], permute4(await values(kernel), kernel.shape, [3, 2, 0, 1]));
    const inputs = [x.name, w, ...(bias ? [b.weight(`${name}/bias`, [bias.shape[0]], await values(bias))] : [])];
    const attributes: NonNullable<OnnxNode['attributes']> = { kernel_shape: [kh, kw], strides: [sh, sw], dilations: [dh, dw] };
    if (transpose) {
      if (config.padding === 'same') {
        // TensorFlow's "same" transposed convolution: output = input × stride, the extra row/column cropped at the end.
        if (kh < sh || kw < sw || dh !== 1 || dw !== 1) throw new Error(`layer ${name}: a "same" transposed convolution with kernel < stride or dilation`);
        const [th, tw] = [kh - sh, kw - sw];
        attributes.pads = [Math.floor(th / 2), Math.floor(tw / 2), th - Math.floor(th / 2), tw - Math.floor(tw / 2)];
      }
    } else if (config.padding === 'same') {
      if (sh === 1 && sw === 1) {
        const [th, tw] = [(kh - 1) * dh, (kw - 1) * dw];
        attributes.pads = [Math.floor(th / 2), Math.floor(tw / 2), th - Math.floor(th / 2), tw - Math.floor(tw / 2)];
      } else attributes.auto_pad = 'SAME_UPPER'; // TensorFlow's rule: the odd pixel of padding goes at the end
    }
    const out = b.node(transpose ? 'ConvTranspose' : 'Conv', inputs, `${name}/conv`, attributes);
    return { name: b.activation(config.activation, out, name), rank: 4 };
  }
  if (kind === 'MaxPooling2D' || kind === 'AveragePooling2D') {
    if (config.padding !== 'valid') throw new Error(`layer ${name}: only "valid" pooling has an ONNX writer`);
    const kernel = pair(config.poolSize);
    const strides = pair(config.strides ?? config.poolSize);
    return { name: b.node(kind === 'MaxPooling2D' ? 'MaxPool' : 'AveragePool', [input(layer, b).name], `${name}/out`, { kernel_shape: kernel, strides }), rank: 4 };
  }
  if (kind === 'UpSampling2D') {
    if ((config.interpolation ?? 'nearest') !== 'nearest') throw new Error(`layer ${name}: only nearest upsampling has an ONNX writer`);
    const [fh, fw] = pair(config.size);
    const scales = b.weight(`${name}/scales`, [4], Float32Array.from([1, 1, fh, fw]));
    const out = b.node('Resize', [input(layer, b).name, '', scales], `${name}/out`, { mode: 'nearest', coordinate_transformation_mode: 'asymmetric', nearest_mode: 'floor' });
    return { name: out, rank: 4 };
  }
  if (kind === 'Concatenate') {
    const parts = layer.inboundNodes[0].inboundLayers.map((_, i) => input(layer, b, i));
    const rank = parts[0].rank;
    const axis = config.axis as number;
    // Channels last in Keras (axis −1 or the last), channels (1) in the graph for both ranks.
    if (axis !== -1 && axis !== rank - 1) throw new Error(`layer ${name}: concatenation along axis ${axis} has no ONNX writer`);
    return { name: b.node('Concat', parts.map((p) => p.name), `${name}/out`, { axis: 1 }), rank };
  }
  if (kind === 'GlobalMaxPooling2D' || kind === 'GlobalAveragePooling2D') {
    const pooled = b.node(kind === 'GlobalMaxPooling2D' ? 'GlobalMaxPool' : 'GlobalAveragePool', [input(layer, b).name], `${name}/pool`);
    return { name: b.node('Flatten', [pooled], `${name}/out`, { axis: 1 }), rank: 2 };
  }
  if (kind === 'Dense') {
    const x = input(layer, b);
    if (x.rank !== 2) throw new Error(`layer ${name}: a dense layer over a ${x.rank}-D input has no ONNX writer`);
    const [kernel, bias] = layer.getWeights();
    const inputs = [x.name, b.weight(`${name}/kernel`, kernel.shape, await values(kernel))];
    if (bias) inputs.push(b.weight(`${name}/bias`, bias.shape, await values(bias)));
    return { name: b.activation(config.activation, b.node('Gemm', inputs, `${name}/gemm`), name), rank: 2 };
  }
  if (kind === 'Activation') return { name: b.activation(config.activation, input(layer, b).name, name), rank: input(layer, b).rank };
  if (kind === 'Dropout') return input(layer, b);
  throw new Error(`layer ${name}: ${kind} layers have no ONNX writer`);
}

/**
 * The model as an ONNX graph: input `input` [N, H, W, C] (sides symbolic), one output per model output, named as
 * the model names them and channels last like the model's. Throws, naming the layer, on a kind it cannot write.
 */
export async function layersModelToOnnx(model: tf.LayersModel, inputName = 'input'): Promise<OnnxGraph> {
  if (model.inputs.length !== 1) throw new Error(`model ${model.name}: only single-input models have an ONNX writer`);
  const b = new GraphBuilder();
  const channels = model.inputs[0].shape[3];
  if (typeof channels !== 'number') throw new Error(`model ${model.name}: its input's channels are not fixed`);
  const layers = model.layers as unknown as LayerLike[];
  for (const layer of layers) {
    if (layer.getClassName() === 'InputLayer') {
      b.tensors.set(layer.name, { name: b.node('Transpose', [inputName], `${layer.name}/nchw`, { perm: [0, 3, 1, 2] }), rank: 4 });
      continue;
    }
    b.tensors.set(layer.name, await writeLayer(layer, b));
  }
  const outputs = model.outputNames.map((outName, i) => {
    const layerName = model.outputs[i].sourceLayer.name;
    const tensor = b.tensors.get(layerName)!;
    const rank = model.outputs[i].shape.length;
    if (rank === 4) b.node('Transpose', [tensor.name], outName, { perm: [0, 2, 3, 1] });
    else b.node('Identity', [tensor.name], outName);
    const dims: (number | string)[] = rank === 4 ? ['batch', 'out_height', 'out_width', model.outputs[i].shape[3] as number] : ['batch', model.outputs[i].shape[1] as number];
    return { name: outName, dims };
  });
  return {
    name: model.name,
    nodes: b.nodes,
    initializers: b.initializers,
    inputs: [{ name: inputName, dims: ['batch', 'height', 'width', channels] }],
    outputs,
    opset: OPSET,
    producer: 'Loupe',
  };
}

/** layersModelToOnnx as the bytes of an .onnx file. */
export async function layersModelToOnnxBytes(model: tf.LayersModel, inputName = 'input'): Promise<Uint8Array> {
  return encodeOnnxModel(await layersModelToOnnx(model, inputName));
}
