// Listens to the keyboard for one table of bindings while the component is mounted, and lists the table in the
// `?` help meanwhile. `capture` listens before the workstation's own keys (a workspace keeps the keys it uses).
import { onBeforeUnmount, onMounted } from 'vue';
import { dispatchKey, isTyping, type KeyBinding } from './keyTable';
import { useKeyHelp } from './keyHelp';

export interface KeyTableOptions {
  /** The keyboard's name in the help. */
  title: string;
  /** False while the keys should go elsewhere (a dialog is open). */
  active?: () => boolean;
  /** Listen in the capture phase and stop the event, so the workstation's own keys do not act as well. */
  capture?: boolean;
  /** The keys of a modal dialog: every other table stays silent while a modal dialog is open. */
  modal?: boolean;
}

/** Keys never reach the page behind a modal dialog (the keyboard help, the import dialog, the name dialog). */
const modalOpen = () => document.querySelector('[aria-modal="true"]') !== null;

export function useKeyTable(table: readonly KeyBinding[], options: KeyTableOptions): void {
  const help = useKeyHelp();
  let unregister: (() => void) | null = null;
  const onKey = (event: KeyboardEvent) => {
    if (isTyping(event.target) || !(options.active?.() ?? true)) return;
    if (!options.modal && modalOpen()) return;
    if (!dispatchKey(table, event)) return;
    event.preventDefault();
    if (options.capture) event.stopImmediatePropagation();
  };
  onMounted(() => {
    window.addEventListener('keydown', onKey, options.capture === true);
    unregister = help.register(options.title, table);
  });
  onBeforeUnmount(() => {
    window.removeEventListener('keydown', onKey, options.capture === true);
    unregister?.();
  });
}
