// The ONNX fixtures made outside Loupe (../shared/models beside the checkout, or LOUPE_SHARED_MODELS).
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { repoRoot } from './fs';

export const sharedModels = resolve(process.env.LOUPE_SHARED_MODELS ?? join(repoRoot, '../shared/models'));
export const hasSharedModels = ['steel-unet.onnx', 'ct-cnn.onnx', 'reference-items.json'].every((f) => existsSync(join(sharedModels, f)));
if (!hasSharedModels) {
  console.warn(`[models] ${sharedModels} is absent: the ONNX fixture suites are SKIPPED (set LOUPE_SHARED_MODELS to run them)`);
}
