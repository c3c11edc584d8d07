// The model side in the renderer: which ML backend runs, each dataset's model registry, and the
// pre-annotation and training jobs followed through `model.progress` events (the live curves).
import { defineStore } from 'pinia';
import { computed, reactive, ref } from 'vue';
import { api } from '../api/client';
import type { MlBackendView, ModelJobView, ModelRegistryView } from '../../../shared/api/model-types';

export interface TrainSettings {
  epochs: number;
  minutes?: number;
  pseudo?: number;
}

const FINISHED = new Set(['done', 'failed', 'cancelled']);

export const useModels = defineStore('models', () => {
  const backend = ref<MlBackendView | null>(null);
  const backendError = ref<string | null>(null);
  /** The dataset whose Models panel is open. */
  const panelFor = ref<number | null>(null);
  const registry = ref<ModelRegistryView | null>(null);
  const jobs = reactive(new Map<number, ModelJobView>());
  const error = ref<string | null>(null);

  function remember(job: ModelJobView): void {
    const known = jobs.get(job.jobId);
    // A reply can arrive after newer events: never go back from a finished state, never drop an outcome.
    if (known && FINISHED.has(known.state) && !FINISHED.has(job.state)) return;
    if (known?.outcome && !job.outcome) return;
    jobs.set(job.jobId, job);
    if (job.outcome && job.datasetId === panelFor.value) void loadRegistry(job.datasetId);
  }

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
    await Promise.all([loadRegistry(datasetId), refreshJobs()]);
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
  const preannotate = (datasetId: number) => act(async () => remember(await api.request('models.predict', { datasetId })));
  const train = (datasetId: number, settings: TrainSettings) => act(async () => remember(await api.request('models.train', { datasetId, ...settings })));
  const cancel = (jobId: number) => act(async () => remember(await api.request('models.cancel', { jobId })));

  async function refreshJobs(): Promise<void> {
    for (const job of await api.request('models.jobs')) remember(job);
  }

  /** The newest job of a kind for the open dataset. */
  const latest = (kind: ModelJobView['kind']) =>
    computed(() => [...jobs.values()].filter((j) => j.kind === kind && j.datasetId === panelFor.value).sort((a, b) => b.jobId - a.jobId)[0] ?? null);
  const predictJob = latest('predict');
  const trainJob = latest('train');
  const running = computed(() => [...jobs.values()].filter((j) => !FINISHED.has(j.state)));

  api.on('model.progress', remember);
  api.on('model.backend', (view) => (backend.value = view));
  api.onReconnect(() => void refreshJobs());

  return { backend, backendError, panelFor, registry, jobs, error, predictJob, trainJob, running, loadBackend, loadRegistry, open, close, activate, rollback, preannotate, train, cancel };
});
