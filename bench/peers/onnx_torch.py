# PyTorch's side of `npm run bench -- onnx`: runs an ONNX file's graph with PyTorch's own CPU operators (the same
# weights, node by node: Conv, ConvTranspose, MaxPool, Relu, Concat, Gemm, …), so ONNX Runtime and PyTorch are timed
# on the same network in the same run. PyTorch cannot load ONNX itself; the fixtures were exported in eval mode, so
# batch norms are already folded into the convolutions here (PyTorch's original module would add them back).
#
#   /usr/bin/python3 bench/peers/onnx_torch.py <model.onnx> <N,C,H,W> <threads> <dump dir>
#
# Writes a seeded input and PyTorch's first output as float32 (input.f32, output.f32) into <dump dir>, for the bench
# to check ONNX Runtime against, prints {"ready": true, "parameters": n, …}, then times one forward pass for each
# "run" line on stdin and prints {"ms": …}.
import json
import os
import sys
import time

import numpy as np
import torch
import torch.nn.functional as F

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from onnx_graph import read_graph  # noqa: E402


def pads2d(attrs):
    p = attrs.get('pads', [0, 0, 0, 0])
    if p[0] != p[2] or p[1] != p[3]:
        raise ValueError(f'asymmetric pads {p}')
    return (p[0], p[1])


def run_node(n, v):
    op, a, x = n['op'], n['attrs'], [v[i] if i else None for i in n['inputs']]
    if op == 'Conv':
        return F.conv2d(x[0], x[1], x[2] if len(x) > 2 else None, stride=a.get('strides', [1, 1]), padding=pads2d(a),
                        dilation=a.get('dilations', [1, 1]), groups=a.get('group', 1))
    if op == 'ConvTranspose':
        return F.conv_transpose2d(x[0], x[1], x[2] if len(x) > 2 else None, stride=a.get('strides', [1, 1]), padding=pads2d(a),
                                  output_padding=a.get('output_padding', [0, 0]), dilation=a.get('dilations', [1, 1]),
                                  groups=a.get('group', 1))
    if op == 'Relu':
        return torch.relu(x[0])
    if op == 'Sigmoid':
        return torch.sigmoid(x[0])
    if op == 'MaxPool':
        return F.max_pool2d(x[0], a['kernel_shape'], a.get('strides', a['kernel_shape']), pads2d(a), ceil_mode=bool(a.get('ceil_mode', 0)))
    if op == 'AveragePool':
        return F.avg_pool2d(x[0], a['kernel_shape'], a.get('strides', a['kernel_shape']), pads2d(a))
    if op == 'GlobalAveragePool':
        return x[0].mean(dim=(2, 3), keepdim=True)
    if op == 'Concat':
        return torch.cat(x, dim=a['axis'])
    if op == 'Add':
        return x[0] + x[1]
    if op == 'Mul':
        return x[0] * x[1]
    if op == 'Flatten':
        return torch.flatten(x[0], start_dim=a.get('axis', 1))
    if op == 'Gemm':
        if a.get('transA', 0) or a.get('alpha', 1.0) != 1.0 or a.get('beta', 1.0) != 1.0:
            raise ValueError('Gemm with transA/alpha/beta')
        w = x[1] if a.get('transB', 0) else x[1].t()
        return F.linear(x[0], w, x[2] if len(x) > 2 else None)
    if op == 'BatchNormalization':
        return F.batch_norm(x[0], x[3], x[4], x[1], x[2], training=False, eps=a.get('epsilon', 1e-5))
    raise ValueError(f'operator {op} is not in this peer; add it to run this model')


def forward(graph, params, image):
    values = dict(params)
    values[graph['inputs'][0]] = image
    for n in graph['nodes']:
        out = run_node(n, values)
        values[n['outputs'][0]] = out
    return [values[o] for o in graph['outputs']]


def main():
    path, shape, threads, dump = sys.argv[1], [int(s) for s in sys.argv[2].split(',')], int(sys.argv[3]), sys.argv[4]
    torch.set_num_threads(threads)
    graph = read_graph(path)
    params = {k: torch.from_numpy(a) for k, a in graph['initializers'].items()}
    image = torch.from_numpy(np.random.default_rng(1).random(shape, dtype=np.float32))
    with torch.no_grad():
        first = forward(graph, params, image)[0]  # also the warm-up run
    os.makedirs(dump, exist_ok=True)
    image.numpy().astype('<f4').tofile(os.path.join(dump, 'input.f32'))
    first.numpy().astype('<f4').tofile(os.path.join(dump, 'output.f32'))
    print(json.dumps({'ready': True, 'parameters': int(sum(p.numel() for p in params.values())), 'torch': torch.__version__,
                      'threads': torch.get_num_threads()}), flush=True)
    # One timed forward pass per "run" line, so the bench can interleave PyTorch and ONNX Runtime runs.
    for line in sys.stdin:
        if line.strip() != 'run':
            break
        with torch.no_grad():
            started = time.perf_counter()
            forward(graph, params, image)
            print(json.dumps({'ms': (time.perf_counter() - started) * 1000}), flush=True)


if __name__ == '__main__':
    main()
