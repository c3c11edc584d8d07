// The steel workspace's keyboard: 1–4 active class; [ ] brush size; B E P ⇧P G I tools; Ctrl+Z undo,
// Ctrl+Shift+Z / Ctrl+Y redo, Ctrl+S save; N / Shift+N next / previous strip to review; O outline only;
// D disagreement view; T truth; M model prediction; 0 fit; + − zoom; Enter Escape Backspace for the polygon.
// (A approve, F flag, J K and the arrows belong to the workstation: see composables/useItemKeys.ts.)
import { onBeforeUnmount, onMounted } from 'vue';
import { useSteelWorkspace } from '../stores/steelWorkspace';
import type { ToolId } from '../tools/tool';

export interface SteelKeyTargets {
  /** The canvas: fit, zoom, and keys for the tool at work. */
  canvas(): { fit(): void; zoomBy(factor: number): void; key(key: string): boolean } | null;
  /** False while a dialog is open. */
  active(): boolean;
}

const TOOL_KEYS: Record<string, ToolId> = { b: 'brush', e: 'eraser', p: 'polygon', g: 'fill', i: 'remove-island' };

export function useSteelKeys(targets: SteelKeyTargets): void {
  const steel = useSteelWorkspace();

  const onKey = (event: KeyboardEvent) => {
    if (!targets.active() || event.altKey || isTyping(event.target)) return;
    const key = event.key;
    const lower = key.toLowerCase();
    const command = event.ctrlKey || event.metaKey;
    if (command) {
      if (lower === 'z' && !event.shiftKey) steel.undo();
      else if ((lower === 'z' && event.shiftKey) || lower === 'y') steel.redo();
      else if (lower === 's') void steel.save();
      else return;
      event.preventDefault();
      return;
    }
    const canvas = targets.canvas();
    if ((key === 'Enter' || key === 'Escape' || key === 'Backspace') && canvas?.key(key)) {
      event.preventDefault();
      return;
    }
    if (/^[1-4]$/.test(key)) steel.setActiveClass(Number(key));
    else if (key === '[') steel.stepBrush(-1);
    else if (key === ']') steel.stepBrush(1);
    else if (lower === 'p' && event.shiftKey) steel.setTool('polygon-erase');
    else if (TOOL_KEYS[lower] && !event.shiftKey) steel.setTool(TOOL_KEYS[lower]);
    else if (lower === 'n') void steel.nextUnreviewed(event.shiftKey ? 'previous' : 'next');
    else if (lower === 'o') steel.preferences.outlineOnly = !steel.preferences.outlineOnly;
    else if (lower === 'd') steel.preferences.layers.diff = !steel.preferences.layers.diff;
    else if (lower === 't') steel.preferences.layers.truth = !steel.preferences.layers.truth;
    else if (lower === 'm') steel.preferences.layers.prediction = !steel.preferences.layers.prediction;
    else if (key === '0') canvas?.fit();
    else if (key === '+' || key === '=') canvas?.zoomBy(1.25);
    else if (key === '-') canvas?.zoomBy(1 / 1.25);
    else return;
    event.preventDefault();
  };
  onMounted(() => window.addEventListener('keydown', onKey));
  onBeforeUnmount(() => window.removeEventListener('keydown', onKey));
}

/** Keys typed into a text field are the field's; sliders and buttons leave them to the workspace. */
function isTyping(target: EventTarget | null): boolean {
  const element = target as HTMLElement | null;
  if (!element) return false;
  if (element.isContentEditable || element.tagName === 'TEXTAREA' || element.tagName === 'SELECT') return true;
  return element.tagName === 'INPUT' && !['range', 'checkbox', 'radio', 'button'].includes((element as HTMLInputElement).type);
}
