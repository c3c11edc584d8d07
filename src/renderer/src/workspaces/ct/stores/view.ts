// How the CT workspace shows slices: one window, the RGB composite or the 2×2 of windows; the window itself;
// cine; which side panel is open. The last window and mode are remembered per person (ct.viewPreferences).
import { defineStore } from 'pinia';
import { ref, watch } from 'vue';
import { api } from '../../../api/client';
import type { CtViewMode } from '../../../../../shared/api/ct-types';
import { WINDOW_PRESETS, presetOf, type WindowLevel, type WindowPreset } from '../../../../../shared/window-level';

export type SidePanel = 'labels' | 'history' | 'tags';
export const CINE_RATES = [5, 10, 15, 20, 30] as const;
const TREE_KEY = 'loupe.ct.seriesPanel';
const STRIP_KEY = 'loupe.ct.stripTall';

function readTreeOpen(): boolean {
  const kept = localStorage.getItem(TREE_KEY);
  return kept === null ? globalThis.innerWidth >= 1500 : kept === 'open';
}

export const useCtView = defineStore('ctView', () => {
  const mode = ref<CtViewMode>('single');
  const window = ref<WindowLevel>({ ...WINDOW_PRESETS.brain });
  const preset = ref<WindowPreset | 'custom'>('brain');
  const scale = ref(1);
  const playing = ref(false);
  const fps = ref<number>(10);
  const panel = ref<SidePanel>('labels');
  /** The series panel: as the person left it, else open where the screen has room for it beside the item list. */
  const treeOpen = ref(readTreeOpen());
  watch(treeOpen, (open) => localStorage.setItem(TREE_KEY, open ? 'open' : 'closed'));
  /** The series strip's tall rows (to read the model's curves), as the person left them. */
  const stripTall = ref(localStorage.getItem(STRIP_KEY) === 'tall');
  watch(stripTall, (tall) => localStorage.setItem(STRIP_KEY, tall ? 'tall' : 'compact'));
  let loaded = false;
  let storeTimer: ReturnType<typeof setTimeout> | undefined;

  /** The person's last window and mode, once per session. */
  async function load(): Promise<void> {
    if (loaded) return;
    loaded = true;
    try {
      const saved = await api.request('ct.viewPreferences');
      mode.value = saved.mode;
      window.value = { center: saved.center, width: saved.width };
      preset.value = presetOf(window.value);
    } catch {
      // the defaults serve
    }
  }

  function remember(): void {
    clearTimeout(storeTimer);
    storeTimer = setTimeout(() => {
      void api
        .request('ct.setViewPreferences', { mode: mode.value, preset: preset.value, center: window.value.center, width: window.value.width })
        .catch(() => {});
    }, 400);
  }

  function usePreset(name: WindowPreset): void {
    window.value = { center: WINDOW_PRESETS[name].center, width: WINDOW_PRESETS[name].width };
    preset.value = name;
    if (mode.value !== 'single') mode.value = 'single';
    remember();
  }

  /** A live window from a right-drag; remembered when the drag ends. */
  function setWindow(next: WindowLevel, done: boolean): void {
    window.value = next;
    preset.value = presetOf(next);
    if (done) remember();
  }

  function setMode(next: CtViewMode): void {
    mode.value = mode.value === next && next !== 'single' ? 'single' : next;
    remember();
  }

  return { mode, window, preset, scale, playing, fps, panel, treeOpen, stripTall, load, usePreset, setWindow, setMode };
});
