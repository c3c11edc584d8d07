// The model side in the renderer: which ML backend runs and each dataset's model registry. Pre-annotation
// and training are jobs, followed in the job store (progress, ETA, the live curves, the outcome).
import { defineStore } from 'pinia';
import { computed, ref } from 'vue';
import { api } from '../api/client';
import { useJobs } from './jobs';
import type { MlBackendView, ModelRegistryView } from '../../../shared/api/model-types';

export interface TrainSettings {
  epochs: number;
  minutes?: number;
  pseudo?: number;
}

export const useModels = defineStore('models', () => {
  const jobs = useJobs();
  const backend = ref<MlBackendView | null>(null);
  const backendError = ref<string | null>(null);
  /** The dataset whose Models panel is open. */
  const panelFor = ref<number | null>(null);
  const registry = ref<ModelRegistryView | null>(null);
  const error = ref<string | null>(null);

  // A finished model job changes the registry (a new version) or the predictions listed beside it.
  jobs.onFinished((job) => {
    if (job.kind !== 'import' && job.datasetId !== null && job.datasetId === panelFor.value) void loadRegistry(job.datasetId);
  });

  async function loadBackend(): Promise<void> {
    try {
      backend.value = await api.request('models.backend');
      backendError.value = null;
    } catch (e) {
      backendError.value = (e as Error).message;
    }
  }

  async function loadRegistry(datasetId: number): Promise<void> {
    try {
      const view = await api.request('models.list', { datasetId });
      if (panelFor.value === datasetId) registry.value = view;
    } catch (e) {
      error.value = (e as Error).message;
    }
  }

  async function open(datasetId: number): Promise<void> {
    panelFor.value = datasetId;
    registry.value = null;
    error.value = null;
    await Promise.all([loadRegistry(datasetId), jobs.refresh()]);
  }

  function close(): void {
    panelFor.value = null;
    registry.value = null;
  }

  /** Runs a request, shows its error in the panel, and reloads the registry. */
  async function act<T>(work: () => Promise<T>): Promise<T | null> {
    error.value = null;
    try {
      return await work();
    } catch (e) {
      error.value = (e as Error).message;
      return null;
    } finally {
      if (panelFor.value !== null) await loadRegistry(panelFor.value);
    }
  }

  const activate = (version: string) => act(() => api.request('models.activate', { version }));
  const rollback = (datasetId: number) => act(() => api.request('models.rollback', { datasetId }));
  const preannotate = (datasetId: number) => act(async () => jobs.remember(await api.request('models.predict', { datasetId })));
  const train = (datasetId: number, settings: TrainSettings) => act(async () => jobs.remember(await api.request('models.train', { datasetId, ...settings })));
  const cancel = (jobId: number) => act(() => jobs.cancel(jobId));

  /** The open dataset's newest pre-annotation and training runs. */
  const predictJob = computed(() => jobs.latest('predict', panelFor.value));
  const trainJob = computed(() => jobs.latest('train', panelFor.value));

  api.on('model.backend', (view) => (backend.value = view));

  return { backend, backendError, panelFor, registry, error, predictJob, trainJob, loadBackend, loadRegistry, open, close, activate, rollback, preannotate, train, cancel };
});
