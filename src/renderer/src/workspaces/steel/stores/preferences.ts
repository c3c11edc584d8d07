// How the inspector likes to work — tool, class, brush size, overlays, layers — kept in this browser
// profile so that the next shift starts where this one left off.
import { reactive, watch } from 'vue';
import type { ToolId } from '../tools/tool';
import type { LayerSwitches } from '../engine/OverlaySurfaces';

export interface SteelPreferences {
  tool: ToolId;
  activeClass: number;
  /** Brush and eraser diameter in image pixels. */
  brushSize: number;
  visibleClasses: number[];
  opacity: number;
  outlineOnly: boolean;
  layers: LayerSwitches;
  /** Remove islands smaller than this many pixels. */
  islandMin: number;
}

export const BRUSH_MIN = 1;
export const BRUSH_MAX = 96;
const KEY = 'loupe.steel.preferences';

export function defaultPreferences(): SteelPreferences {
  return {
    tool: 'brush',
    activeClass: 1,
    brushSize: 12,
    visibleClasses: [1, 2, 3, 4],
    opacity: 0.45,
    outlineOnly: false,
    layers: { current: true, truth: false, prediction: true, diff: false },
    islandMin: 50,
  };
}

/** The preferences, read once and written back whenever they change. */
export function storedPreferences(): SteelPreferences {
  const preferences = reactive(defaultPreferences());
  try {
    const saved = JSON.parse(localStorage.getItem(KEY) ?? 'null') as Partial<SteelPreferences> | null;
    if (saved && typeof saved === 'object') Object.assign(preferences, saved, { layers: { ...preferences.layers, ...saved.layers } });
  } catch {
    // unreadable preferences: start from the defaults
  }
  watch(preferences, () => localStorage.setItem(KEY, JSON.stringify(preferences)), { deep: true });
  return preferences;
}
