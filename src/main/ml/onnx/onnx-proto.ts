// The part of ONNX's protobuf schema (onnx/onnx.proto, same field numbers) that Loupe writes when it turns one of
// its own TensorFlow.js models into an ONNX graph: a model with one graph of nodes, attributes, float initializers
// and typed inputs/outputs. Encoded with protobufjs's reflection, so no generated code is checked in.
import protobuf from 'protobufjs';

const schema = {
  nested: {
    onnx: {
      nested: {
        ModelProto: {
          fields: {
            irVersion: { type: 'int64', id: 1 },
            producerName: { type: 'string', id: 2 },
            producerVersion: { type: 'string', id: 3 },
            graph: { type: 'GraphProto', id: 7 },
            opsetImport: { rule: 'repeated', type: 'OperatorSetIdProto', id: 8 },
          },
        },
        OperatorSetIdProto: { fields: { domain: { type: 'string', id: 1 }, version: { type: 'int64', id: 2 } } },
        GraphProto: {
          fields: {
            node: { rule: 'repeated', type: 'NodeProto', id: 1 },
            name: { type: 'string', id: 2 },
            initializer: { rule: 'repeated', type: 'TensorProto', id: 5 },
            input: { rule: 'repeated', type: 'ValueInfoProto', id: 11 },
            output: { rule: 'repeated', type: 'ValueInfoProto', id: 12 },
          },
        },
        NodeProto: {
          fields: {
            input: { rule: 'repeated', type: 'string', id: 1 },
            output: { rule: 'repeated', type: 'string', id: 2 },
            name: { type: 'string', id: 3 },
            opType: { type: 'string', id: 4 },
            attribute: { rule: 'repeated', type: 'AttributeProto', id: 5 },
          },
        },
        AttributeProto: {
          fields: {
            name: { type: 'string', id: 1 },
            f: { type: 'float', id: 2 },
            i: { type: 'int64', id: 3 },
            s: { type: 'bytes', id: 4 },
            floats: { rule: 'repeated', type: 'float', id: 7 },
            ints: { rule: 'repeated', type: 'int64', id: 8 },
            type: { type: 'int32', id: 20 },
          },
        },
        TensorProto: {
          fields: {
            dims: { rule: 'repeated', type: 'int64', id: 1 },
            dataType: { type: 'int32', id: 2 },
            name: { type: 'string', id: 8 },
            rawData: { type: 'bytes', id: 9 },
          },
        },
        ValueInfoProto: { fields: { name: { type: 'string', id: 1 }, type: { type: 'TypeProto', id: 2 } } },
        TypeProto: { fields: { tensorType: { type: 'TypeProtoTensor', id: 1 } } },
        TypeProtoTensor: { fields: { elemType: { type: 'int32', id: 1 }, shape: { type: 'TensorShapeProto', id: 2 } } },
        TensorShapeProto: { fields: { dim: { rule: 'repeated', type: 'Dimension', id: 1 } } },
        Dimension: { fields: { dimValue: { type: 'int64', id: 1 }, dimParam: { type: 'string', id: 2 } } },
      },
    },
  },
};

/** TensorProto.DataType values used here. */
export const ONNX_FLOAT = 1;
export const ONNX_INT64 = 7;
/** AttributeProto.AttributeType values used here. */
const ATTR_FLOAT = 1;
const ATTR_INT = 2;
const ATTR_STRING = 3;
const ATTR_INTS = 7;

export type OnnxAttribute = number | string | number[] | { float: number };

export interface OnnxNode {
  opType: string;
  inputs: string[];
  outputs: string[];
  attributes?: Record<string, OnnxAttribute>;
}

export interface OnnxInitializer {
  name: string;
  dims: number[];
  /** float32 values, or int64 values given as numbers. */
  values: Float32Array | { int64: number[] };
}

export interface OnnxValue {
  name: string;
  /** A number for a fixed side, a string for a named symbolic one. */
  dims: (number | string)[];
}

export interface OnnxGraph {
  name: string;
  nodes: OnnxNode[];
  initializers: OnnxInitializer[];
  inputs: OnnxValue[];
  outputs: OnnxValue[];
  opset: number;
  producer: string;
}

const root = protobuf.Root.fromJSON(schema);
const Model = root.lookupType('onnx.ModelProto');

function attribute(name: string, value: OnnxAttribute): Record<string, unknown> {
  if (typeof value === 'string') return { name, type: ATTR_STRING, s: new TextEncoder().encode(value) };
  if (Array.isArray(value)) return { name, type: ATTR_INTS, ints: value };
  if (typeof value === 'object') return { name, type: ATTR_FLOAT, f: value.float };
  return { name, type: ATTR_INT, i: value };
}

function tensor(init: OnnxInitializer): Record<string, unknown> {
  if (init.values instanceof Float32Array) {
    const bytes = new Uint8Array(init.values.byteLength);
    const view = new DataView(bytes.buffer);
    init.values.forEach((v, i) => view.setFloat32(i * 4, v, true));
    return { name: init.name, dims: init.dims, dataType: ONNX_FLOAT, rawData: bytes };
  }
  const bytes = new Uint8Array(init.values.int64.length * 8);
  const view = new DataView(bytes.buffer);
  init.values.int64.forEach((v, i) => view.setBigInt64(i * 8, BigInt(v), true));
  return { name: init.name, dims: init.dims, dataType: ONNX_INT64, rawData: bytes };
}

function valueInfo(value: OnnxValue): Record<string, unknown> {
  const dim = value.dims.map((d) => (typeof d === 'number' ? { dimValue: d } : { dimParam: d }));
  return { name: value.name, type: { tensorType: { elemType: ONNX_FLOAT, shape: { dim } } } };
}

/** The graph as the bytes of an .onnx file. */
export function encodeOnnxModel(graph: OnnxGraph): Uint8Array {
  const message = Model.fromObject({
    irVersion: 7,
    producerName: graph.producer,
    producerVersion: '1',
    opsetImport: [{ domain: '', version: graph.opset }],
    graph: {
      name: graph.name,
      node: graph.nodes.map((n, i) => ({
        name: `${n.opType}_${i}`,
        opType: n.opType,
        input: n.inputs,
        output: n.outputs,
        attribute: Object.entries(n.attributes ?? {}).map(([k, v]) => attribute(k, v)),
      })),
      initializer: graph.initializers.map(tensor),
      input: graph.inputs.map(valueInfo),
      output: graph.outputs.map(valueInfo),
    },
  });
  return Model.encode(message).finish();
}
