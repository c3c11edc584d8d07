import { describe, expect, it } from 'vitest';
import { join, resolve } from 'node:path';
import { NO_MODELS_DIR, resolveModelPath, storedModelPath } from './model-paths';

const share = resolve('/mnt/share/models');

describe('model folder paths in the store', () => {
  it('keeps a folder under the models folder relative to it, and resolves it under another mount', () => {
    expect(storedModelPath(share, join(share, 'steel-3'))).toBe('steel-3');
    expect(storedModelPath(share, join(share, 'steel-avg', 'fold-1'))).toBe('steel-avg/fold-1');
    expect(resolveModelPath(resolve('/Volumes/models'), 'steel-avg/fold-1')).toBe(join(resolve('/Volumes/models'), 'steel-avg', 'fold-1'));
  });

  it('keeps folders outside the models folder, and old absolute rows, absolute', () => {
    expect(storedModelPath(share, resolve('/opt/starter/steel-unet'))).toBe(resolve('/opt/starter/steel-unet'));
    expect(storedModelPath(share, resolve('/mnt/share/models-old/steel-1'))).toBe(resolve('/mnt/share/models-old/steel-1'));
    expect(storedModelPath(share, share)).toBe(share);
    expect(storedModelPath(null, join(share, 'steel-3'))).toBe(join(share, 'steel-3'));
    expect(resolveModelPath(resolve('/elsewhere'), join(share, 'steel-1'))).toBe(join(share, 'steel-1'));
    expect(resolveModelPath(null, join(share, 'steel-1'))).toBe(join(share, 'steel-1'));
  });

  it('says what to give when a relative folder meets a store without a models folder', () => {
    expect(() => resolveModelPath(null, 'steel-3')).toThrow(`model folder "steel-3": ${NO_MODELS_DIR}`);
  });
});
