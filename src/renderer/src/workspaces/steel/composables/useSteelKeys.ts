// The steel workspace's keyboard, as one table (keys/keyTable.ts) that both handles the keys and makes the
// `?` help. A approve, F flag, J K and the arrows belong to the workstation (composables/useItemKeys.ts).
import { useSteelWorkspace } from '../stores/steelWorkspace';
import { useSteelReview } from '../stores/steelReview';
import type { ToolId } from '../tools/tool';
import { binding, type KeyBinding } from '../../../keys/keyTable';
import { useKeyTable } from '../../../keys/useKeyTable';

export interface SteelKeyTargets {
  /** The canvas: fit, zoom, and keys for the tool at work. */
  canvas(): { fit(): void; zoomBy(factor: number): void; key(key: string): boolean } | null;
  /** False while a dialog is open. */
  active(): boolean;
}

const TOOLS: [key: string, tool: ToolId, name: string][] = [
  ['B', 'brush', 'Brush'],
  ['E', 'eraser', 'Eraser'],
  ['P', 'polygon', 'Polygon'],
  ['Shift+P', 'polygon-erase', 'Polygon erase'],
  ['G', 'fill', 'Fill a closed outline'],
  ['I', 'remove-island', 'Remove island'],
  ['W', 'magic-wand', 'Magic wand'],
];

/** The steel workspace's key table over its store and canvas. */
export function steelKeyTable(
  steel: ReturnType<typeof useSteelWorkspace>,
  review: Pick<ReturnType<typeof useSteelReview>, 'nextUnreviewed'>,
  targets: Pick<SteelKeyTargets, 'canvas'>,
): KeyBinding[] {
  const layers = steel.preferences.layers;
  return [
    binding(['1', '2', '3', '4'], 'make class 1–4 the one being edited', 'Classes', (e) => steel.setActiveClass(Number(e.key)), { shown: '1–4' }),
    ...TOOLS.map(([key, tool, name]) => binding(key, name, 'Tools', () => steel.setTool(tool))),
    binding('[', 'smaller brush', 'Tools', () => steel.stepBrush(-1)),
    binding(']', 'larger brush', 'Tools', () => steel.stepBrush(1)),
    binding(['Enter', 'Escape', 'Backspace'], 'close the polygon / drop it / take back its last corner', 'Tools', (e) => void targets.canvas()?.key(e.key), {
      shown: 'Enter / Esc / ⌫',
    }),
    binding('Ctrl+Z', 'undo', 'Edit', () => steel.undo()),
    binding(['Ctrl+Shift+Z', 'Ctrl+Y'], 'redo', 'Edit', () => steel.redo()),
    binding('Ctrl+S', 'save the strip (on a strip with no label yet: its model draft, or "no defect")', 'Edit', () => void steel.save()),
    binding('U', "use the model's prediction for the class being edited", 'Edit', () => steel.useModel('class')),
    binding('Shift+U', "use the model's prediction for every class", 'Edit', () => steel.useModel('all')),
    binding('N', 'next strip to review (comes round the list)', 'Review', () => void review.nextUnreviewed('next')),
    binding('Shift+N', 'previous strip to review', 'Review', () => void review.nextUnreviewed('previous')),
    binding('O', 'outlines only', 'Layers', () => (steel.preferences.outlineOnly = !steel.preferences.outlineOnly)),
    binding('T', 'show / hide the imported truth', 'Layers', () => (layers.truth = !layers.truth)),
    binding('M', "show / hide the model's prediction", 'Layers', () => (layers.prediction = !layers.prediction)),
    binding('D', 'show / hide where label and model disagree', 'Layers', () => (layers.diff = !layers.diff)),
    binding('0', 'fit the whole strip in the view', 'View', () => targets.canvas()?.fit()),
    binding(['+', '='], 'zoom in', 'View', () => targets.canvas()?.zoomBy(1.25), { shown: '+' }),
    binding('-', 'zoom out', 'View', () => targets.canvas()?.zoomBy(1 / 1.25), { shown: '−' }),
  ];
}

export function useSteelKeys(targets: SteelKeyTargets): void {
  const steel = useSteelWorkspace();
  useKeyTable(steelKeyTable(steel, useSteelReview(), targets), { title: 'Steel workspace', active: targets.active });
}
