// The backend chain falls back when the faster backends fail to load, and says why.
import { describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { BACKEND_CHAIN, parseBackendName, selectBackend } from './backend-chain';

const missing = (name: string) => async () => {
  throw Object.assign(new Error(`Cannot find package '${name}'`), { code: 'ERR_MODULE_NOT_FOUND' });
};

describe('selectBackend', () => {
  it('falls back past tfjs-node-gpu, tfjs-node and wasm to cpu, recording each reason', async () => {
    const report = await selectBackend({
      loaders: {
        'tensorflow-gpu': missing('@tensorflow/tfjs-node-gpu'),
        tensorflow: async () => {
          throw new Error('The specified module could not be found: tfjs_binding.node');
        },
        wasm: async () => {
          throw new Error('no wasm binaries in /nowhere/');
        },
      },
    });
    expect(report.backend).toBe('cpu');
    expect(tf.getBackend()).toBe('cpu');
    expect(report.attempts.map((a) => [a.backend, a.loaded])).toEqual([
      ['tensorflow-gpu', false],
      ['tensorflow', false],
      ['wasm', false],
      ['cpu', true],
    ]);
    expect(report.attempts[0].reason).toMatch(/^not installed/);
    expect(report.attempts[1].reason).toMatch(/tfjs_binding\.node/);
    expect(report.attempts[2].reason).toMatch(/no wasm binaries/);
  });

  it('stops at the first backend that loads', async () => {
    const tried: string[] = [];
    const report = await selectBackend({
      loaders: {
        'tensorflow-gpu': missing('@tensorflow/tfjs-node-gpu'),
        tensorflow: async () => {
          tried.push('tensorflow');
          await tf.setBackend('cpu');
        },
        wasm: async () => {
          tried.push('wasm');
        },
      },
    });
    expect(report.backend).toBe('tensorflow');
    expect(tried).toEqual(['tensorflow']);
  });

  it('loads the real chain here: the native packages are optional, wasm runs with Loupe kernels', async () => {
    const report = await selectBackend({ startAt: 'wasm' });
    expect(report.backend).toBe('wasm');
    expect(report.attempts.slice(0, 2).every((a) => !a.loaded && /skipped/.test(a.reason!))).toBe(true);
    expect(report.wasm?.files).not.toMatch(/^https?:/);
    expect(tf.getKernel('Conv2DBackpropFilter', 'wasm')).toBeDefined();
    const full = await selectBackend();
    expect(BACKEND_CHAIN).toContain(full.backend);
    for (const failed of full.attempts.filter((a) => !a.loaded)) expect(failed.reason).toBeTruthy();
  });

  it('refuses an unknown LOUPE_ML_BACKEND', () => {
    expect(() => parseBackendName('cuda')).toThrow(/must be one of/);
    expect(parseBackendName(undefined)).toBeUndefined();
  });
});
