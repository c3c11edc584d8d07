// Training and pre-annotation requests of a workstation whose jobs run on a GPU worker (`loupe serve
// --jobs-on-worker` on a team database): each becomes a job waiting for a worker instead of work in this process.
import type { Args } from '../../shared/api/contract';
import type { JobView } from '../../shared/api/types';
import type { Services } from '../composition';
import type { WorkerJobs } from '../services/jobs/worker-jobs';
import { taskOf } from '../services/models/predict';
import { badInput } from '../../shared/errors';

export async function submitTraining(services: Services, worker: WorkerJobs, args: Args<'models.train'>): Promise<JobView<'train'>> {
  const { datasetId, epochs, minutes, pseudo, folds } = args;
  if (folds !== undefined) throw badInput('Folds are trained on this workstation, not on the GPU worker: leave Folds empty');
  const dataset = services.datasets.get(datasetId);
  const options = { epochs, minutes, pseudo };
  const jobId = await worker.submit({ kind: 'train', datasetId: dataset.id, options }, `Train a ${taskOf(dataset)} model on ${dataset.name} (on a GPU worker)`);
  return services.jobs.get(jobId) as JobView<'train'>;
}

export async function submitPrediction(services: Services, worker: WorkerJobs, args: Args<'models.predict'>): Promise<JobView<'predict'>> {
  const { datasetId, model, tta, budgetSeconds } = args;
  const dataset = services.datasets.get(datasetId);
  const options = { model, tta, budgetSeconds };
  const jobId = await worker.submit({ kind: 'predict', datasetId: dataset.id, options }, `Pre-annotate ${dataset.name}${model ? ` with ${model}` : ''} (on a GPU worker)`);
  return services.jobs.get(jobId) as JobView<'predict'>;
}
