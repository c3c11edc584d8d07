// A registered version's folder opened for a job in the model worker, of whichever kind it is: a TensorFlow.js
// layers or graph model (RunnableModel) or an ONNX model (OnnxVersion, an ONNX Runtime session). Jobs open
// with openVersionModel and always release with releaseVersionModel, so no tensor or session outlives its job.
import type { ModelCard } from '../../../shared/ml/model-card';
import { isOnnxFolder } from '../onnx/onnx-folder';
import { OnnxVersion } from './onnx-version';
import { RunnableModel } from './runnable-model';

export type VersionModel = { kind: 'tfjs'; model: RunnableModel; card: ModelCard } | { kind: 'onnx'; model: OnnxVersion; card: ModelCard };

export async function openVersionModel(dir: string): Promise<VersionModel> {
  if (isOnnxFolder(dir)) {
    const model = await OnnxVersion.open(dir);
    return { kind: 'onnx', model, card: model.card };
  }
  // Prediction only: a built-in layers model runs on ONNX Runtime where that is faster (accelerated-layers.ts).
  const model = await RunnableModel.open(dir, { accelerate: true });
  return { kind: 'tfjs', model, card: model.card };
}

export async function releaseVersionModel(opened: VersionModel): Promise<void> {
  if (opened.kind === 'onnx') await opened.model.release();
  else opened.model.dispose();
}
