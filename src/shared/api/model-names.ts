// The requests and events of the model side: registry, pre-annotation, retraining, backend.
// names.ts lists them with every other request and event.
export const MODEL_REQUEST_NAMES = [
  'models.backend',
  'models.list',
  'models.activate',
  'models.rollback',
  'models.predict',
  'models.train',
  'models.compare',
  'models.tune',
  'models.applyTuning',
  'models.revertCard',
  'models.predictionOf',
  'models.inspectOnnx',
  'models.importOnnx',
  'models.predictedBy',
  'models.average',
] as const;

export const MODEL_EVENT_NAMES = ['model.backend'] as const;
