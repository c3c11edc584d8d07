// The A/B layer: a second model version's thresholded masks of the open strip, shown beside the prediction
// layer. The person picks the version once and it stays picked from strip to strip; a strip it has not
// predicted says so. The masks come over the binary route (four classes packed one byte per pixel).
import { defineStore } from 'pinia';
import { computed, ref, shallowRef, watch } from 'vue';
import { api } from '../../../api/client';
import { useJobs } from '../../../stores/jobs';
import { PIXEL_HEADERS, binaryPaths } from '../../../../../shared/api/binary';
import { unpackClassBits } from '../../../../../shared/class-bits';
import { countPixels } from '../../../../../shared/mask';
import { useSteelWorkspace } from './steelWorkspace';
import { secondVersionChoices } from './secondVersionWords';

export interface SecondMasks {
  itemId: number;
  version: string;
  width: number;
  height: number;
  masks: ReadonlyMap<number, Uint8Array>;
}

export const useSteelSecondVersion = defineStore('steelSecondVersion', () => {
  const steel = useSteelWorkspace();
  /** The version the person picked (null: no second layer). */
  const chosen = ref<string | null>(null);
  /** The layer's show / hide switch. */
  const shown = ref(true);
  /** The versions the open strip can show beside its prediction layer. */
  const choices = ref<string[]>([]);
  const masks = shallowRef<SecondMasks | null>(null);
  const pixels = ref<Record<number, number>>({});
  const error = ref<string | null>(null);
  let ticket = 0;

  const firstVersion = computed(() => steel.labels?.prediction?.version ?? null);
  /** True when the picked version has not predicted the open strip. */
  const missing = computed(() => chosen.value !== null && steel.labels !== null && !choices.value.includes(chosen.value));
  const visible = computed(() => shown.value && masks.value !== null);

  async function load(): Promise<void> {
    const mine = ++ticket;
    const itemId = steel.labels?.itemId ?? null;
    error.value = null;
    if (itemId === null) {
      choices.value = [];
      masks.value = null;
      return;
    }
    try {
      const { versions } = await api.request('models.predictedBy', { itemId });
      if (mine !== ticket) return;
      choices.value = secondVersionChoices(versions, firstVersion.value);
      const version = chosen.value;
      if (version === null || !choices.value.includes(version)) {
        masks.value = null;
        return;
      }
      const response = await api.fetchBinary(binaryPaths.predictionMasks(itemId, version));
      if (!response.ok) throw new Error(await response.text());
      const bits = new Uint8Array(await response.arrayBuffer());
      if (mine !== ticket) return;
      const width = Number(response.headers.get(PIXEL_HEADERS.width));
      const height = bits.length / Math.max(1, width);
      const decoded = unpackClassBits(bits);
      masks.value = { itemId, version, width, height, masks: decoded };
      pixels.value = Object.fromEntries([...decoded].map(([classId, mask]) => [classId, countPixels(mask)]));
    } catch (e) {
      if (mine !== ticket) return;
      masks.value = null;
      error.value = `The second version's masks cannot be shown: ${(e as Error).message}`;
    }
  }

  function choose(version: string | null): void {
    chosen.value = version;
    if (version !== null) shown.value = true;
    void load();
  }

  // A strip opened, or its prediction changed (a pre-annotation, a tuning applied): the choices and masks follow.
  watch(() => steel.labels, () => void load(), { immediate: true });
  useJobs().onFinished((job) => {
    if ((job.kind === 'predict' || job.kind === 'rethreshold') && job.state === 'done') void load();
  });

  return { chosen, shown, choices, masks, pixels, error, missing, visible, firstVersion, choose };
});
