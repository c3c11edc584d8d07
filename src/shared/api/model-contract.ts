// The model side's requests: argument schemas checked in main, result types for the client.
// contract.ts spreads these into the one contract.
import { z } from 'zod';
import { request } from './request-spec';
import { identifier } from './text';
import type { MlBackendView, ModelRegistryView, ModelVersionView } from './model-types';
import type { JobView } from './types';

const id = z.number().int().positive();
const version = identifier(64);
const noArgs = z.strictObject({}).optional().default({});

export const modelRequests = {
  /** The backend the model worker runs on (starts the worker when needed) and why faster ones did not load. */
  'models.backend': request<MlBackendView>()(noArgs),
  /** The registry for a dataset's task: versions with metrics, the active one. */
  'models.list': request<ModelRegistryView>()(z.strictObject({ datasetId: id })),
  'models.activate': request<ModelVersionView>()(z.strictObject({ version })),
  /** Makes the active version's parent active again. */
  'models.rollback': request<ModelVersionView>()(z.strictObject({ datasetId: id })),
  /** Pre-annotates a dataset with the active model (or `model`) as a job; progress arrives as `job.updated` events. */
  'models.predict': request<JobView<'predict'>>()(z.strictObject({ datasetId: id, model: version.optional(), tta: z.boolean().optional() })),
  /** Retrains from the dataset's corrections as a job; live curves arrive as `job.updated` events. */
  'models.train': request<JobView<'train'>>()(
    z.strictObject({
      datasetId: id,
      epochs: z.number().int().min(1).max(1000),
      minutes: z.number().gt(0).max(24 * 60).optional(),
      pseudo: z.number().gt(0.5).lt(1).optional(),
    }),
  ),
};
