// The CT workspace's keyboard. It listens before the workstation's own keys (capture phase) and keeps the
// keys it uses: ↑ ↓ ← → J K scroll one slice, Page Up/Down ten, Home/End the ends; 1–5 toggle the subtypes
// (epidural, intraparenchymal, intraventricular, subarachnoid, subdural); 0 clears the slice; C copies the
// previous slice's labels; Ctrl+S saves; A / F approve / flag the slice, with Shift the series; N opens the
// next unreviewed series; F1–F4 pick brain, subdural, soft tissue, bone; M composite; G the 2×2 view;
// Space plays or stops cine; + − zoom, Z fits.
import { onBeforeUnmount, onMounted } from 'vue';
import { CT_SUBTYPES } from '../../../../../shared/domain';
import type { WindowPreset } from '../../../../../shared/window-level';

export interface CtKeyActions {
  step(delta: number): void;
  goTo(index: 'first' | 'last'): void;
  toggle(subtypeIndex: number): void;
  clear(): void;
  copyPrevious(): void;
  save(): void;
  reviewSlice(state: 'approved' | 'flagged'): void;
  reviewSeries(state: 'approved' | 'flagged'): void;
  nextUnreviewed(): void;
  preset(name: WindowPreset): void;
  mode(mode: 'composite' | 'grid'): void;
  cine(): void;
  zoom(factor: number | 'fit'): void;
}

/** F1–F4 pick the presets in this order. */
export const PRESET_KEYS: Readonly<Record<string, WindowPreset>> = Object.freeze({ F1: 'brain', F2: 'subdural', F3: 'soft', F4: 'bone' });

const STEPS: Record<string, number> = { ArrowDown: 1, ArrowRight: 1, j: 1, J: 1, ArrowUp: -1, ArrowLeft: -1, k: -1, K: -1, PageDown: 10, PageUp: -10 };

function typing(target: EventTarget | null): boolean {
  const element = target as HTMLElement | null;
  return !!element && (element.isContentEditable || ['INPUT', 'SELECT', 'TEXTAREA'].includes(element.tagName));
}

export function useCtKeys(actions: CtKeyActions): void {
  const onKey = (e: KeyboardEvent) => {
    if (e.altKey || typing(e.target) || document.querySelector('[aria-modal="true"]')) return;
    const command = e.ctrlKey || e.metaKey;
    if (command) {
      if (e.key === 's' || e.key === 'S') actions.save();
      else return;
    } else if (e.key in STEPS) actions.step(STEPS[e.key]);
    else if (e.key === 'Home') actions.goTo('first');
    else if (e.key === 'End') actions.goTo('last');
    else if (/^[1-5]$/.test(e.key) && !e.shiftKey) actions.toggle(Number(e.key) - 1);
    else if (e.key === '0' || e.key === 'Delete') actions.clear();
    else if (e.key === 'c' || e.key === 'C') actions.copyPrevious();
    else if (e.key === 'a' || e.key === 'A') (e.shiftKey ? actions.reviewSeries : actions.reviewSlice)('approved');
    else if (e.key === 'f' || e.key === 'F') (e.shiftKey ? actions.reviewSeries : actions.reviewSlice)('flagged');
    else if (e.key === 'n' || e.key === 'N') actions.nextUnreviewed();
    else if (e.key in PRESET_KEYS) actions.preset(PRESET_KEYS[e.key]);
    else if (e.key === 'm' || e.key === 'M') actions.mode('composite');
    else if (e.key === 'g' || e.key === 'G') actions.mode('grid');
    else if (e.key === ' ') actions.cine();
    else if (e.key === '+' || e.key === '=') actions.zoom(1.25);
    else if (e.key === '-') actions.zoom(0.8);
    else if (e.key === 'z' || e.key === 'Z') actions.zoom('fit');
    else return;
    e.preventDefault();
    e.stopImmediatePropagation(); // the workstation's own keys (item list moves, review) must not act twice
  };
  onMounted(() => window.addEventListener('keydown', onKey, true));
  onBeforeUnmount(() => window.removeEventListener('keydown', onKey, true));
}

export const SUBTYPE_KEYS = CT_SUBTYPES.map((subtype, i) => ({ subtype, key: String(i + 1) }));
