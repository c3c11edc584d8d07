// The model side's request handlers (issue 6): the registry, pre-annotation and retraining over the model
// services, with the worker's progress pushed to every renderer as `model.progress` events. handlers.ts
// spreads these into the one handler table.
import type { ApiContext, ApiHandlers } from './context';
import type { MODEL_REQUEST_NAMES } from '../../shared/api/model-names';
import type { MlBackendView, ModelJobView, ModelRegistryView, ModelVersionView, PredictOutcome, TrainOutcome } from '../../shared/api/model-types';
import type { ModelJobProgress } from '../../shared/ml/jobs';
import type { ModelVersion } from '../services/models';
import type { BackendReport } from '../ml/backend/backend-chain';
import type { JobHandle } from '../ml/jobs/model-job-runner';
import { taskOf } from '../services/predict';
import { errorMessage, notFound } from '../../shared/errors';

type ModelRequestName = (typeof MODEL_REQUEST_NAMES)[number];

/** Finished jobs kept for `models.jobs` (a session's worth). */
const KEPT_JOBS = 50;

export const versionView = (v: ModelVersion): ModelVersionView => ({
  version: v.version,
  task: v.task,
  architecture: v.architecture,
  parentVersion: v.parentVersion,
  createdAt: v.createdAt,
  active: v.active,
  metricName: v.metrics.validation?.metric ?? null,
  metric: v.metrics.validation?.value ?? null,
  parentMetric: v.metrics.validation?.parentValue ?? null,
  trainedOn: v.trainingSnapshot.items?.training ?? null,
});

const backendView = (r: BackendReport): MlBackendView => ({
  backend: r.backend,
  description: r.description,
  attempts: r.attempts.map((a) => ({ backend: a.backend, module: a.module, loaded: a.loaded, reason: a.reason })),
});

export function createModelHandlers(ctx: Pick<ApiContext, 'services' | 'events'>): Pick<ApiHandlers, ModelRequestName> {
  const { services, events } = ctx;
  const jobs = new Map<number, ModelJobView>();
  const datasetOf = new Map<number, number>();

  function remember(view: ModelJobView): ModelJobView {
    jobs.set(view.jobId, view);
    if (jobs.size > KEPT_JOBS) {
      const oldest = [...jobs.values()].find((j) => j.state !== 'running' && j.state !== 'queued');
      if (oldest) jobs.delete(oldest.jobId);
    }
    events.publish('model.progress', view);
    return view;
  }

  services.modelJobs.on('progress', (p: ModelJobProgress) => {
    const datasetId = datasetOf.get(p.jobId);
    if (datasetId === undefined) return; // a job started elsewhere (none in a workstation)
    const known = jobs.get(p.jobId);
    remember({ ...known, ...p, epochs: p.epochs ? [...p.epochs] : known?.epochs, datasetId });
  });
  services.modelJobs.on('backend', (r: BackendReport) => events.publish('model.backend', backendView(r)));

  /** Follows a started job: its outcome (or error) is added once the service has stored the result. */
  function follow<T>(datasetId: number, handle: JobHandle<T>, outcome: (result: T) => PredictOutcome | TrainOutcome): ModelJobView {
    datasetOf.set(handle.jobId, datasetId);
    const progress = services.modelJobs.jobs().find((j) => j.jobId === handle.jobId);
    const view = jobs.get(handle.jobId) ?? { ...(progress ?? { jobId: handle.jobId, kind: 'predict', state: 'queued', phase: 'queued', done: 0, total: 0, etaSeconds: null }), datasetId };
    jobs.set(handle.jobId, view);
    handle.result.then(
      (result) => {
        remember({ ...jobs.get(handle.jobId)!, state: 'done', etaSeconds: 0, outcome: outcome(result) });
        events.publish('datasets.changed', { datasetIds: [datasetId] });
      },
      (error: unknown) => {
        const last = jobs.get(handle.jobId)!;
        const state = last.state === 'cancelled' || last.state === 'failed' ? last.state : 'failed';
        remember({ ...last, state, error: errorMessage(error) });
        if (last.kind === 'predict') events.publish('datasets.changed', { datasetIds: [datasetId] }); // partial predictions were written
      },
    );
    return view;
  }

  const registry = (datasetId: number): ModelRegistryView => {
    const dataset = services.datasets.get(datasetId);
    const task = taskOf(dataset);
    let predictsWith: string | null = null;
    try {
      predictsWith = services.modelFolders.activeOrStarter(task).version;
    } catch {
      // no model at all for the task: the panel says so
    }
    const versions = services.models
      .list(task)
      .map(versionView)
      .sort((a, b) => b.createdAt.localeCompare(a.createdAt) || b.version.localeCompare(a.version));
    return { datasetId, task, versions, predictsWith, sources: services.predictions.sources(dataset.id) };
  };

  return {
    'models.backend': async () => backendView(await services.modelJobs.backend()),
    'models.list': ({ datasetId }) => registry(datasetId),
    'models.activate': ({ version }) => versionView(services.models.activate(version)),
    'models.rollback': ({ datasetId }) => versionView(services.models.rollback(taskOf(services.datasets.get(datasetId)))),
    'models.predict': ({ datasetId, model, tta }) => {
      const handle = services.predictions.start(datasetId, { model, tta });
      return follow(datasetId, handle, (r) => ({ kind: 'predict', source: r.source, versions: r.versions, items: r.items, positives: r.positives, seconds: r.seconds }));
    },
    'models.train': ({ datasetId, epochs, minutes, pseudo }) => {
      const handle = services.training.start(datasetId, { epochs, minutes, pseudo });
      return follow(datasetId, handle, (r) => ({
        kind: 'train',
        version: r.version,
        parent: r.parent,
        metricName: r.metricName,
        metric: r.metric,
        parentMetric: r.parentMetric,
        activated: r.activated,
        activation: r.activation,
        stoppedBy: r.stoppedBy,
        trainedOn: r.trainedOn,
        validatedOn: r.validatedOn,
        seconds: r.seconds,
      }));
    },
    'models.jobs': () => [...jobs.values()],
    'models.cancel': ({ jobId }) => {
      const job = jobs.get(jobId);
      if (!job) throw notFound(`no model job ${jobId}`);
      services.modelJobs.cancel(jobId);
      return jobs.get(jobId) ?? job;
    },
  };
}
