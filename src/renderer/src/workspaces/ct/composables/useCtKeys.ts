// The CT workspace's keyboard, as one table (keys/keyTable.ts) that both handles the keys and makes the `?`
// help. It listens before the workstation's own keys (capture phase) and keeps the keys it uses.
import { CT_SUBTYPES } from '../../../../../shared/domain';
import type { WindowPreset } from '../../../../../shared/window-level';
import { binding, type KeyBinding } from '../../../keys/keyTable';
import { useKeyTable } from '../../../keys/useKeyTable';

export interface CtKeyActions {
  step(delta: number): void;
  goTo(index: 'first' | 'last'): void;
  toggle(subtypeIndex: number): void;
  clear(): void;
  copyPrevious(): void;
  save(): void;
  reviewSlice(state: 'approved' | 'flagged'): void;
  reviewSeries(state: 'approved' | 'flagged'): void;
  nextUnreviewed(direction: 'next' | 'previous'): void;
  acceptSlice(): void;
  acceptSeries(): void;
  /** The strip's Accept-model tool on / off. */
  acceptTool(): void;
  /** True while the strip's Accept-model tool is on (Escape leaves it). */
  accepting(): boolean;
  preset(name: WindowPreset): void;
  mode(mode: 'composite' | 'grid'): void;
  cine(): void;
  zoom(factor: number | 'fit'): void;
  /** R: the ruler on or off; Escape takes its line away, then the tool, while `measuring` (the Accept-model tool first, when both are on). */
  ruler(): void;
  clearRuler(): void;
  measuring(): boolean;
}

/** F1–F4 pick the presets in this order. */
export const PRESET_KEYS: Readonly<Record<string, WindowPreset>> = Object.freeze({ F1: 'brain', F2: 'subdural', F3: 'soft', F4: 'bone' });
const PRESET_NAMES: Record<WindowPreset, string> = { brain: 'brain window (40/80)', subdural: 'subdural window (80/200)', soft: 'soft-tissue window (40/380)', bone: 'bone window (600/2800)' };

export const SUBTYPE_KEYS = CT_SUBTYPES.map((subtype, i) => ({ subtype, key: String(i + 1) }));

/** The CT workspace's key table over its actions. */
export function ctKeyTable(actions: CtKeyActions): KeyBinding[] {
  return [
    binding(['ArrowDown', 'ArrowRight', 'J'], 'next slice', 'Scroll', () => actions.step(1), { shown: '↓ → J' }),
    binding(['ArrowUp', 'ArrowLeft', 'K'], 'previous slice', 'Scroll', () => actions.step(-1), { shown: '↑ ← K' }),
    binding('PageDown', 'ten slices on', 'Scroll', () => actions.step(10), { shown: 'PgDn' }),
    binding('PageUp', 'ten slices back', 'Scroll', () => actions.step(-10), { shown: 'PgUp' }),
    binding('Home', 'first slice', 'Scroll', () => actions.goTo('first')),
    binding('End', 'last slice', 'Scroll', () => actions.goTo('last')),
    binding('Space', 'play / stop cine', 'Scroll', () => actions.cine()),
    ...SUBTYPE_KEYS.map(({ subtype, key }) => binding(key, `switch ${subtype} on / off`, 'Label the slice', () => actions.toggle(Number(key) - 1))),
    binding(['0', 'Delete'], 'no haemorrhage (clear the slice)', 'Label the slice', () => actions.clear(), { shown: '0, Delete' }),
    binding('C', "copy the previous slice's labels", 'Label the slice', () => actions.copyPrevious()),
    binding('Ctrl+S', "save (on a model draft: save the draft as it is)", 'Label the slice', () => actions.save()),
    binding('Shift+M', "accept the model's labels for this slice", 'Model draft', () => actions.acceptSlice()),
    binding('Shift+R', "Accept-model tool on the series strip: drag over slices to accept the model there", 'Model draft', () => actions.acceptTool()),
    binding('Escape', 'leave the Accept-model tool', 'Model draft', () => actions.acceptTool(), { shown: 'Esc', when: () => actions.accepting() }),
    binding('Shift+S', "accept the model's labels for the whole series (asks first)", 'Model draft', () => actions.acceptSeries()),
    binding('A', 'approve the slice', 'Review', () => actions.reviewSlice('approved')),
    binding('F', 'flag the slice (with an optional reason)', 'Review', () => actions.reviewSlice('flagged')),
    binding('Shift+A', 'approve the series (asks about slices with no label)', 'Review', () => actions.reviewSeries('approved')),
    binding('Shift+F', 'flag the series (with an optional reason)', 'Review', () => actions.reviewSeries('flagged')),
    binding('N', 'next series with slices to review (wraps around); with the list sorted by a review queue, the next slice of that order', 'Review', () =>
      actions.nextUnreviewed('next'),
    ),
    binding('Shift+N', 'previous series with slices to review; with the list sorted, the previous slice of that order', 'Review', () => actions.nextUnreviewed('previous')),
    ...Object.entries(PRESET_KEYS).map(([key, preset]) => binding(key, PRESET_NAMES[preset], 'Window', () => actions.preset(preset))),
    binding('M', 'RGB composite (brain · subdural · soft)', 'Window', () => actions.mode('composite')),
    binding('G', '2×2 of the windows', 'Window', () => actions.mode('grid')),
    binding(['+', '='], 'zoom in', 'View', () => actions.zoom(1.25), { shown: '+' }),
    binding('-', 'zoom out', 'View', () => actions.zoom(0.8), { shown: '−' }),
    binding('Z', 'fit the slice', 'View', () => actions.zoom('fit')),
    binding('R', 'ruler on / off: drag on the slice to measure in mm', 'Measure', () => actions.ruler()),
    binding('Escape', 'take the ruler away', 'Measure', () => actions.clearRuler(), { when: () => actions.measuring() && !actions.accepting() }),
  ];
}

export function useCtKeys(actions: CtKeyActions): void {
  useKeyTable(ctKeyTable(actions), {
    title: 'CT workspace',
    capture: true, // the workstation's own keys (item list moves, review) must not act twice
    active: () => !document.querySelector('[aria-modal="true"]'),
  });
}
