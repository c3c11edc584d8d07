import { describe, expect, it } from 'vitest';
import { gpuShortfalls } from './gpu-requirement';

describe('gpuShortfalls', () => {
  it('is empty when TensorFlow.js and ONNX Runtime both run on CUDA', () => {
    expect(gpuShortfalls({ tensorflow: { backend: 'tensorflow-gpu', attempts: [] }, onnx: { provider: 'cuda', attempts: [] } })).toEqual([]);
  });

  it("names each engine that fell back, with the chain's reason", () => {
    const problems = gpuShortfalls({
      tensorflow: { backend: 'tensorflow', attempts: [{ name: 'tensorflow-gpu', loaded: false, reason: 'libcudart.so.11.0: cannot open shared object file' }, { name: 'tensorflow', loaded: true }] },
      onnx: { provider: 'cpu', attempts: [{ name: 'cuda', loaded: false, reason: 'no CUDA device' }, { name: 'cpu', loaded: true }] },
    });
    expect(problems).toEqual([
      'TensorFlow.js runs on tensorflow, not CUDA (tfjs-node-gpu: libcudart.so.11.0: cannot open shared object file)',
      'ONNX Runtime runs on cpu, not CUDA (CUDA provider: no CUDA device)',
    ]);
  });

  it('says so when onnxruntime-node does not load at all', () => {
    expect(gpuShortfalls({ tensorflow: { backend: 'tensorflow-gpu', attempts: [] }, onnx: { provider: null, attempts: [], detail: 'Cannot find module onnxruntime-node' } })).toEqual([
      'ONNX Runtime runs on nothing, not CUDA (CUDA provider: Cannot find module onnxruntime-node)',
    ]);
  });
});
