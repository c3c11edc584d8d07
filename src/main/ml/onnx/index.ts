// Models exported to ONNX (from PyTorch, Keras, …), run through onnxruntime-node.
//
//   OnnxModel.open(file, card, options?)   session on the best provider (cuda → cpu), card checked against the model
//     .predictSteel(images) / .predictCt(images) / .predictSteelProbabilities(images) / .run(images)
//     .release()                           frees the native session (call it when the job ends)
//   readOnnxInput(file, card)              an item's file as the card's float input planes (exact preprocessing)
//   readOnnxCardFile(file), cardFileFor(model.onnx)
//   inspectOnnxModel(file)                 declared inputs and outputs, for an import dialog
//   probeOnnxProviders()                   which provider loads here and why the faster one did not (loupe doctor)
//   liveOnnxSessions()                     sessions not yet released in this process
export { OnnxModel, inspectOnnxModel, liveOnnxSessions, openOnnxSession, releaseOnnxSession, type SteelOnnxPrediction } from './onnx-model';
export { readOnnxInput, readSlicePlanes, readStripPlanes } from './onnx-inputs';
export { cardFileFor, readOnnxCardFile } from './card-file';
export { createOnnxSession, cudaProviderFiles, loadOnnxRuntime, ONNX_PROVIDER_CHAIN, type OnnxProvider, type OnnxProviderReport, type OnnxSessionOptions } from './runtime';
export { probeOnnxProviders } from './probe';
