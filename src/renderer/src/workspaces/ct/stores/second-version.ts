// The CT label panel's second version (A/B): the person picks another model version that predicted the slice,
// and the panel shows its six probabilities beside the series' model's, with its draft at its own card's
// thresholds. The pick stays from slice to slice; a slice it has not predicted says so.
import { defineStore } from 'pinia';
import { computed, ref, shallowRef, watch } from 'vue';
import { api } from '../../../api/client';
import type { ItemPredictionView } from '../../../../../shared/api/model-loop-types';
import { useJobs } from '../../../stores/jobs';
import { useCtSeries } from './series';

export const useCtSecondVersion = defineStore('ctSecondVersion', () => {
  const series = useCtSeries();
  const chosen = ref<string | null>(null);
  /** Other versions that predicted the slice in view (not the one the series shows). */
  const choices = ref<string[]>([]);
  const prediction = shallowRef<ItemPredictionView | null>(null);
  const error = ref<string | null>(null);
  let ticket = 0;

  /** The version whose probabilities the panel shows first (a tuned source `model:<v>+…` is its version). */
  const firstVersion = computed(() => series.modelVersion?.split('+')[0] ?? null);
  const missing = computed(() => chosen.value !== null && series.slice !== null && !choices.value.includes(chosen.value));

  async function load(): Promise<void> {
    const mine = ++ticket;
    const itemId = series.slice?.itemId ?? null;
    error.value = null;
    if (itemId === null) {
      choices.value = [];
      prediction.value = null;
      return;
    }
    try {
      const { versions } = await api.request('models.predictedBy', { itemId });
      if (mine !== ticket) return;
      choices.value = versions.filter((v) => v !== firstVersion.value);
      const version = chosen.value;
      const next = version !== null && choices.value.includes(version) ? await api.request('models.predictionOf', { itemId, version }) : null;
      if (mine === ticket) prediction.value = next?.predicted ? next : null;
    } catch (e) {
      if (mine !== ticket) return;
      prediction.value = null;
      error.value = (e as Error).message;
    }
  }

  function choose(version: string | null): void {
    chosen.value = version;
    void load();
  }

  watch(() => [series.slice?.itemId, firstVersion.value], () => void load(), { immediate: true });
  useJobs().onFinished((job) => {
    if ((job.kind === 'predict' || job.kind === 'rethreshold') && job.state === 'done') void load();
  });

  return { chosen, choices, prediction, error, missing, firstVersion, choose };
});
