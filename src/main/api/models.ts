// The model side's request handlers: the registry, pre-annotation and retraining over the model services.
// Pre-annotation and training are jobs of the job service: their progress, live curves and outcome reach
// every renderer as `job.updated` events. handlers.ts spreads these into the one handler table.
import type { ApiContext, ApiHandlers } from './context';
import type { MODEL_REQUEST_NAMES } from '../../shared/api/model-names';
import type { MlBackendView, ModelRegistryView } from '../../shared/api/model-types';
import type { CardChangeView } from '../../shared/api/model-loop-types';
import type { BackendReport } from '../ml/backend/backend-chain';
import type { CardChange } from '../services/models/tune';
import { taskOf } from '../services/models/predict';
import { itemPrediction, versionsPredicting } from '../services/models/item-prediction';
import { draftCounts, validationSetView, versionView } from './model-views';
import { parseOnnxCard } from '../../shared/ml/onnx-card';
import { badInput } from '../../shared/errors';
import { submitPrediction, submitTraining } from './worker-submit';

type ModelRequestName = (typeof MODEL_REQUEST_NAMES)[number];

const backendView = (r: BackendReport): MlBackendView => ({
  backend: r.backend,
  description: r.description,
  attempts: r.attempts.map((a) => ({ backend: a.backend, module: a.module, loaded: a.loaded, reason: a.reason })),
});

export function createModelHandlers(ctx: Pick<ApiContext, 'services' | 'events' | 'workerJobs'>): Pick<ApiHandlers, ModelRequestName> {
  const { services, events, workerJobs } = ctx;
  services.modelJobs.on('backend', (r: BackendReport) => events.publish('model.backend', backendView(r)));

  const registry = (datasetId: number): ModelRegistryView => {
    const dataset = services.datasets.get(datasetId);
    const task = taskOf(dataset);
    let predictsWith: string | null = null;
    try {
      predictsWith = services.modelFolders.activeOrStarter(task).version;
    } catch {
      // no model at all for the task: the panel says so
    }
    const set = services.validationSets.get(dataset.id);
    const versions = services.models
      .list(task)
      .map((v) => versionView(v, services.models.cardRevisions(v.version), set?.fingerprint ?? null))
      .sort((a, b) => b.createdAt.localeCompare(a.createdAt) || b.version.localeCompare(a.version));
    const sources = services.predictions.sources(dataset.id);
    const drafts = sources.map((source) => draftCounts(services.labels.labelsOf(dataset.id, source as `model:${string}`), source, task));
    return { datasetId, task, versions, predictsWith, sources, validationSet: validationSetView(set), drafts };
  };
  const cardChange = (change: CardChange): CardChangeView => ({
    version: versionView(change.model, services.models.cardRevisions(change.model.version)),
    redraft: change.redraft?.view() ?? null,
  });

  return {
    'models.backend': async () => backendView(await services.modelJobs.backend()),
    'models.list': ({ datasetId }) => registry(datasetId),
    'models.activate': ({ version }) => versionView(services.models.activate(version)),
    'models.rollback': ({ datasetId }) => versionView(services.models.rollback(taskOf(services.datasets.get(datasetId)))),
    'models.predict': (args) => {
      if (workerJobs) return submitPrediction(services, workerJobs, args);
      const { datasetId, model, tta, budgetSeconds } = args;
      return services.predictions.start(datasetId, { model, tta, budgetSeconds }).view();
    },
    'models.train': (args) => {
      if (workerJobs) return submitTraining(services, workerJobs, args);
      const { datasetId, epochs, minutes, pseudo, folds } = args;
      if (folds === undefined) return services.training.start(datasetId, { epochs, minutes, pseudo }).view();
      if (pseudo !== undefined) throw badInput('Folds train on labelled items only: leave Pseudo-labels empty');
      return services.foldTraining.start(datasetId, { epochs, minutes, folds }).view();
    },
    'models.compare': ({ datasetId, version, against }) => services.comparisons.start(datasetId, { version, against }).view(),
    'models.tune': ({ datasetId, version, method }) => services.tuning.start(datasetId, { model: version, method }).view(),
    'models.applyTuning': ({ jobId }) => cardChange(services.tuning.applyJob(jobId)),
    'models.revertCard': ({ datasetId, version, revision }) => cardChange(services.tuning.revert(datasetId, version, revision)),
    'models.predictionOf': ({ itemId, version }) => itemPrediction(services.datasets, services.labels, services.models, itemId, version),
    'models.inspectOnnx': async ({ datasetId, path }) => {
      const task = taskOf(services.datasets.get(datasetId));
      const { file, io, draft } = await services.modelFolders.inspectOnnx(path, task);
      const value = (v: (typeof io.inputs)[number]) => ({ name: v.name, isTensor: v.isTensor, ...(v.type ? { type: v.type } : {}), ...(v.shape ? { shape: [...v.shape] } : {}) });
      return { file, task, inputs: io.inputs.map(value), outputs: io.outputs.map(value), card: draft.card, read: draft.read, ask: draft.ask, problems: draft.problems };
    },
    'models.importOnnx': async ({ datasetId, path, card, version, activate }) => {
      const task = taskOf(services.datasets.get(datasetId));
      let onnx;
      try {
        onnx = parseOnnxCard(card, 'the ONNX card');
      } catch (error) {
        throw badInput((error as Error).message);
      }
      const model = await services.modelFolders.importOnnx(path, task, onnx, { version, activate });
      return versionView(model, services.models.cardRevisions(model.version));
    },
    'models.predictedBy': ({ itemId }) => versionsPredicting(services.datasets, services.labels, services.models, itemId),
    'models.average': ({ datasetId, versions, weights, tta, name }) => {
      const task = taskOf(services.datasets.get(datasetId));
      const other = versions.map((v) => services.models.get(v)).find((v) => v.task !== task);
      if (other) throw badInput(`${other.version} is a ${other.task} model; this dataset's ensembles average ${task} versions`);
      const model = services.ensembles.average(versions, { name, weights, tta });
      return versionView(model, services.models.cardRevisions(model.version));
    },
  };
}
