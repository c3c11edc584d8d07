# A minimal reader of ONNX files (the protobuf wire format, no onnx package needed): the graph's nodes, attributes,
# initializers, inputs and outputs — enough for onnx_torch.py to run the same graph with PyTorch's own operators.
import struct

import numpy as np

# onnx.proto field numbers used here
MODEL_GRAPH = 7
GRAPH_NODE, GRAPH_INITIALIZER, GRAPH_INPUT, GRAPH_OUTPUT = 1, 5, 11, 12
NODE_INPUT, NODE_OUTPUT, NODE_NAME, NODE_OP_TYPE, NODE_ATTRIBUTE = 1, 2, 3, 4, 5
ATTR_NAME, ATTR_F, ATTR_I, ATTR_S, ATTR_T, ATTR_FLOATS, ATTR_INTS, ATTR_TYPE = 1, 2, 3, 4, 5, 7, 8, 20
TENSOR_DIMS, TENSOR_DATA_TYPE, TENSOR_FLOAT_DATA, TENSOR_INT64_DATA, TENSOR_NAME, TENSOR_RAW_DATA = 1, 2, 4, 7, 8, 9
VALUE_NAME = 1
DTYPES = {1: np.float32, 6: np.int32, 7: np.int64, 9: np.bool_, 11: np.float64}


def varint(buf, pos):
    result = shift = 0
    while True:
        b = buf[pos]
        pos += 1
        result |= (b & 0x7F) << shift
        if b < 0x80:
            return result, pos
        shift += 7


def fields(buf):
    """(field number, wire type, value) for each field of one message."""
    pos = 0
    while pos < len(buf):
        key, pos = varint(buf, pos)
        number, wire = key >> 3, key & 7
        if wire == 0:
            value, pos = varint(buf, pos)
        elif wire == 1:
            value, pos = buf[pos:pos + 8], pos + 8
        elif wire == 2:
            length, pos = varint(buf, pos)
            value, pos = buf[pos:pos + length], pos + length
        elif wire == 5:
            value, pos = buf[pos:pos + 4], pos + 4
        else:
            raise ValueError(f'unsupported wire type {wire}')
        yield number, wire, value


def signed(v):
    return v - (1 << 64) if v >= 1 << 63 else v


def packed_varints(value, wire):
    if wire == 0:
        return [signed(value)]
    out, pos = [], 0
    while pos < len(value):
        v, pos = varint(value, pos)
        out.append(signed(v))
    return out


def tensor(buf):
    dims, dtype, name, raw, floats, ints = [], 1, '', None, [], []
    for n, w, v in fields(buf):
        if n == TENSOR_DIMS:
            dims += packed_varints(v, w)
        elif n == TENSOR_DATA_TYPE:
            dtype = v
        elif n == TENSOR_NAME:
            name = bytes(v).decode()
        elif n == TENSOR_RAW_DATA:
            raw = bytes(v)
        elif n == TENSOR_FLOAT_DATA:
            floats += list(struct.unpack(f'<{len(v) // 4}f', v)) if w == 2 else [struct.unpack('<f', v)[0]]
        elif n == TENSOR_INT64_DATA:
            ints += packed_varints(v, w)
    np_type = DTYPES[dtype]
    if raw is not None:
        array = np.frombuffer(raw, dtype=np_type).copy()
    else:
        array = np.array(floats if dtype == 1 else ints, dtype=np_type)
    return name, array.reshape(dims)


def attribute(buf):
    name, value, ints, floats = '', None, [], []
    for n, w, v in fields(buf):
        if n == ATTR_NAME:
            name = bytes(v).decode()
        elif n == ATTR_F:
            value = struct.unpack('<f', v)[0]
        elif n == ATTR_I:
            value = signed(v)
        elif n == ATTR_S:
            value = bytes(v).decode()
        elif n == ATTR_T:
            value = tensor(v)[1]
        elif n == ATTR_FLOATS:
            floats += list(struct.unpack(f'<{len(v) // 4}f', v)) if w == 2 else [struct.unpack('<f', v)[0]]
        elif n == ATTR_INTS:
            ints += packed_varints(v, w)
    if value is None:
        value = ints if ints else floats
    return name, value


def node(buf):
    inputs, outputs, op, attrs = [], [], '', {}
    for n, _, v in fields(buf):
        if n == NODE_INPUT:
            inputs.append(bytes(v).decode())
        elif n == NODE_OUTPUT:
            outputs.append(bytes(v).decode())
        elif n == NODE_OP_TYPE:
            op = bytes(v).decode()
        elif n == NODE_ATTRIBUTE:
            k, a = attribute(v)
            attrs[k] = a
    return {'op': op, 'inputs': inputs, 'outputs': outputs, 'attrs': attrs}


def value_name(buf):
    for n, _, v in fields(buf):
        if n == VALUE_NAME:
            return bytes(v).decode()
    return ''


def read_graph(path):
    with open(path, 'rb') as f:
        model = memoryview(f.read())
    graph = next(v for n, _, v in fields(model) if n == MODEL_GRAPH)
    nodes, inits, inputs, outputs = [], {}, [], []
    for n, _, v in fields(graph):
        if n == GRAPH_NODE:
            nodes.append(node(v))
        elif n == GRAPH_INITIALIZER:
            k, t = tensor(v)
            inits[k] = t
        elif n == GRAPH_INPUT:
            inputs.append(value_name(v))
        elif n == GRAPH_OUTPUT:
            outputs.append(value_name(v))
    return {'nodes': nodes, 'initializers': inits, 'inputs': [i for i in inputs if i not in inits], 'outputs': outputs}


if __name__ == '__main__':
    import collections
    import sys
    for p in sys.argv[1:]:
        g = read_graph(p)
        print(p, 'inputs', g['inputs'], 'outputs', g['outputs'], 'parameters', sum(a.size for a in g['initializers'].values()))
        print(' ', dict(collections.Counter(n['op'] for n in g['nodes'])))
        for n in g['nodes']:
            if n['op'] not in ('Conv', 'Relu'):
                print('   ', n['op'], n['attrs'] if n['op'] != 'Constant' else '', n['inputs'][:3])
