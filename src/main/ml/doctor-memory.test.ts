// The doctor's memory row on this machine's backend: the starter prediction and an ONNX session leave nothing
// behind, and a job that keeps a tensor or a session open is caught and named.
import * as tf from '@tensorflow/tfjs';
import { join, resolve } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { selectBackend } from './backend/backend-chain';
import { memoryCheck, memoryLeftBy, starterPredictionJob } from './doctor-memory';
import { openOnnxSession, releaseOnnxSession } from './onnx/onnx-model';
import { probeOnnxProviders } from './onnx/probe';

const starterDir = resolve(import.meta.dirname, '../../../resources/models');
const probe = join(resolve(import.meta.dirname, '../../../tests/fixtures/onnx'), 'probe.onnx');
const nothing = { tensors: 0, bytes: 0, onnxSessions: 0 };

beforeAll(() => selectBackend({ startAt: 'wasm' }), 60_000); // as the doctor does here (no tfjs-node on this machine)

describe("loupe doctor's memory row", () => {
  it('a TensorFlow.js prediction job (CT starter, x5) and an ONNX probe job leave memory at its baseline', async () => {
    const tfjs = await memoryLeftBy(() => starterPredictionJob(starterDir));
    const onnx = await memoryLeftBy(() => probeOnnxProviders({ startAt: 'cpu' }));
    expect([tfjs, onnx]).toEqual([nothing, nothing]);
    const row = memoryCheck({ backend: tf.getBackend(), provider: 'cpu', tfjs, onnx });
    expect(row).toMatchObject({ name: 'memory handed back', ok: true });
    expect(row.detail).toMatch(/^a TensorFlow.js job on \w+: 0 tensors \(0 bytes\) and 0 ONNX sessions left; an ONNX job on cpu: 0 tensors/);
  }, 60_000);

  it('a job that keeps a tensor or an ONNX session is caught', async () => {
    let kept: tf.Tensor | null = null;
    const tfjs = await memoryLeftBy(async () => (kept = tf.zeros([4, 4])));
    expect(tfjs).toEqual({ tensors: 1, bytes: 64, onnxSessions: 0 });
    kept!.dispose();
    let open: Awaited<ReturnType<typeof openOnnxSession>> | null = null;
    const onnx = await memoryLeftBy(async () => (open = await openOnnxSession(probe, { startAt: 'cpu' })));
    expect(onnx.onnxSessions).toBe(1);
    await releaseOnnxSession(open!.session);
    const row = memoryCheck({ backend: 'cpu', provider: 'cpu', tfjs, onnx });
    expect(row.ok).toBe(false);
    expect(row.detail).toMatch(/1 tensors \(64 bytes\) and 0 ONNX sessions left; an ONNX job on cpu: 0 tensors \(0 bytes\) and 1 ONNX sessions left — memory is not handed back/);
  });
});
