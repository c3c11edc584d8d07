// The keyboard of the workstation: ↓ → J next item, ↑ ← K previous item, A approve, F flag.
import { onBeforeUnmount, onMounted } from 'vue';

export interface ItemKeyActions {
  move(delta: number): void;
  approve(): void;
  flag(): void;
  /** False while a dialog is open or the keys would go elsewhere. */
  active(): boolean;
}

const NEXT = new Set(['ArrowDown', 'ArrowRight', 'j', 'J']);
const PREVIOUS = new Set(['ArrowUp', 'ArrowLeft', 'k', 'K']);

export function useItemKeys(actions: ItemKeyActions): void {
  const onKey = (event: KeyboardEvent) => {
    if (event.altKey || event.ctrlKey || event.metaKey || !actions.active()) return;
    const target = event.target as HTMLElement | null;
    if (target && (target.isContentEditable || ['INPUT', 'SELECT', 'TEXTAREA'].includes(target.tagName))) return;
    if (NEXT.has(event.key)) actions.move(1);
    else if (PREVIOUS.has(event.key)) actions.move(-1);
    else if (event.key === 'a' || event.key === 'A') actions.approve();
    else if (event.key === 'f' || event.key === 'F') actions.flag();
    else return;
    event.preventDefault();
  };
  onMounted(() => window.addEventListener('keydown', onKey));
  onBeforeUnmount(() => window.removeEventListener('keydown', onKey));
}
