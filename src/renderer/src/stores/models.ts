// The model side in the renderer: which ML backend runs and each dataset's model registry. Pre-annotation,
// training, comparisons and tuning runs are jobs, followed in the job store (progress, ETA, the live curves,
// the outcome). Activating from the panel first compares the version with the active one on the dataset's
// validation set (the activation dialog shows the per-class deltas); Apply writes a tuning into the card.
import { defineStore } from 'pinia';
import { computed, ref } from 'vue';
import { api } from '../api/client';
import { useJobs } from './jobs';
import type { MlBackendView, ModelRegistryView, ModelVersionView, OnnxInspectionView } from '../../../shared/api/model-types';
import type { OnnxCard } from '../../../shared/ml/onnx-card';
import type { CardChangeView } from '../../../shared/api/model-loop-types';
import type { TtaSet } from '../../../shared/ml/tta';

export interface TrainSettings {
  epochs: number;
  minutes?: number;
  pseudo?: number;
  /** Train this many grouped folds into one ensemble version. */
  folds?: number;
}

export interface AverageSettings {
  versions: string[];
  weights?: number[];
  tta?: TtaSet[];
  name: string;
}

export const useModels = defineStore('models', () => {
  const jobs = useJobs();
  const backend = ref<MlBackendView | null>(null);
  const backendError = ref<string | null>(null);
  /** The dataset whose Models panel is open. */
  const panelFor = ref<number | null>(null);
  const registry = ref<ModelRegistryView | null>(null);
  const error = ref<string | null>(null);
  /** The version the activation dialog asks about, and the comparison job behind it. */
  const activating = ref<string | null>(null);
  const compareJobId = ref<number | null>(null);
  /** The panel's tuning run, and what its Apply changed. */
  const tuneJobId = ref<number | null>(null);
  const lastCardChange = ref<CardChangeView | null>(null);
  /** Whether the 'Import ONNX model' dialog is open, and the version it imported last. */
  const importingOnnx = ref(false);
  const importedOnnx = ref<ModelVersionView | null>(null);
  /** Whether the 'Average versions' dialog is open, and the ensemble it made last. */
  const averaging = ref(false);
  const averaged = ref<ModelVersionView | null>(null);

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
    activating.value = null;
    compareJobId.value = null;
    tuneJobId.value = null;
    lastCardChange.value = null;
    importingOnnx.value = false;
    importedOnnx.value = null;
    averaging.value = false;
    averaged.value = null;
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

  /** Opens the activation dialog: compares `version` with the active version on the validation set first. */
  async function askToActivate(datasetId: number, version: string): Promise<void> {
    activating.value = version;
    compareJobId.value = null;
    const job = await act(() => api.request('models.compare', { datasetId, version }));
    if (job && activating.value === version) {
      jobs.remember(job);
      compareJobId.value = job.id;
    }
  }

  async function confirmActivation(): Promise<void> {
    const version = activating.value;
    activating.value = null;
    compareJobId.value = null;
    if (version) await activate(version);
  }

  function cancelActivation(): void {
    activating.value = null;
    compareJobId.value = null;
  }

  async function tune(datasetId: number, version: string, method?: 'temperature' | 'platt'): Promise<void> {
    lastCardChange.value = null;
    const job = await act(() => api.request('models.tune', { datasetId, version, method }));
    if (job) {
      jobs.remember(job);
      tuneJobId.value = job.id;
    }
  }

  /** Remembers a card change and follows the job re-drafting its predictions. */
  function changed(change: CardChangeView | null): void {
    if (!change) return;
    lastCardChange.value = change;
    if (change.redraft) jobs.remember(change.redraft);
  }

  const applyTuning = async (jobId: number) => changed(await act(() => api.request('models.applyTuning', { jobId })));
  const revertCard = async (datasetId: number, version: string, revision: number) => changed(await act(() => api.request('models.revertCard', { datasetId, version, revision })));
  const rollback = (datasetId: number) => act(() => api.request('models.rollback', { datasetId }));
  /** `tta` left out: the card's setting (with a budget, up to x5); `budgetSeconds`: calibrate, fit, stop at the deadline. */
  const preannotate = (datasetId: number, settings: { tta?: TtaSet; budgetSeconds?: number } = {}) =>
    act(async () => jobs.remember(await api.request('models.predict', { datasetId, ...settings })));
  const train = (datasetId: number, settings: TrainSettings) => act(async () => jobs.remember(await api.request('models.train', { datasetId, ...settings })));
  const cancel = (jobId: number) => act(() => jobs.cancel(jobId));

  /** The open dataset's newest pre-annotation and training runs. */
  const predictJob = computed(() => jobs.latest('predict', panelFor.value));
  const trainJob = computed(() => jobs.latest('train', panelFor.value));
  const compareJob = computed(() => jobs.byId(compareJobId.value, 'compare') ?? null);
  const tuneJob = computed(() => jobs.byId(tuneJobId.value, 'tune') ?? null);
  /** The job re-drafting predictions after the last Apply or revert. */
  const redraftJob = computed(() => {
    const id = lastCardChange.value?.redraft?.id ?? null;
    return id === null ? null : (jobs.byId(id, 'rethreshold') ?? jobs.byId(id, 'predict') ?? null);
  });

  /** Reads an ONNX file's inputs and outputs and a first card (the dialog shows the error itself). */
  const inspectOnnx = (datasetId: number, path: string): Promise<OnnxInspectionView> => api.request('models.inspectOnnx', { datasetId, path });

  /** Imports an ONNX file with the card the dialog built; the registry then lists it. Errors are the dialog's to show. */
  async function importOnnx(datasetId: number, path: string, card: OnnxCard, version?: string): Promise<ModelVersionView> {
    const imported = await api.request('models.importOnnx', { datasetId, path, card: card as unknown as Record<string, unknown>, ...(version ? { version } : {}) });
    importedOnnx.value = imported;
    importingOnnx.value = false;
    if (panelFor.value !== null) await loadRegistry(panelFor.value);
    return imported;
  }

  /** Registers an ensemble of the picked versions; the registry then lists it. Errors are the dialog's to show. */
  async function average(datasetId: number, settings: AverageSettings): Promise<ModelVersionView> {
    const made = await api.request('models.average', { datasetId, ...settings });
    averaged.value = made;
    averaging.value = false;
    if (panelFor.value !== null) await loadRegistry(panelFor.value);
    return made;
  }

  api.on('model.backend', (view) => (backend.value = view));

  return {
    backend,
    backendError,
    panelFor,
    registry,
    error,
    predictJob,
    trainJob,
    activating,
    compareJob,
    tuneJob,
    redraftJob,
    lastCardChange,
    importingOnnx,
    importedOnnx,
    inspectOnnx,
    importOnnx,
    averaging,
    averaged,
    average,
    loadBackend,
    loadRegistry,
    open,
    close,
    activate,
    askToActivate,
    confirmActivation,
    cancelActivation,
    rollback,
    preannotate,
    train,
    tune,
    applyTuning,
    revertCard,
    cancel,
  };
});
