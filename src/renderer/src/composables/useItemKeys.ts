// The keyboard of the workstation, as one table (keys/keyTable.ts): ↓ → J next item, ↑ ← K previous item,
// A approve, F flag, \ or Ctrl+B hide / show the item list. A workspace that uses a key itself takes it first.
import { binding, type KeyBinding } from '../keys/keyTable';
import { useKeyTable } from '../keys/useKeyTable';

export interface ItemKeyActions {
  move(delta: number): void;
  approve(): void;
  flag(): void;
  /** Hides or shows the item list, so the workspace gets its width. */
  toggleList(): void;
  /** False while a dialog is open or the keys would go elsewhere. */
  active(): boolean;
}

export function itemKeyTable(actions: ItemKeyActions): KeyBinding[] {
  return [
    binding(['ArrowDown', 'ArrowRight', 'J'], 'next item in the list', 'List', () => actions.move(1), { shown: '↓ → J' }),
    binding(['ArrowUp', 'ArrowLeft', 'K'], 'previous item in the list', 'List', () => actions.move(-1), { shown: '↑ ← K' }),
    binding('A', 'approve', 'Review', () => actions.approve()),
    binding('F', 'flag', 'Review', () => actions.flag()),
    binding(['\\', 'Ctrl+B'], 'hide / show the item list', 'View', () => actions.toggleList()),
  ];
}

export function useItemKeys(actions: ItemKeyActions): void {
  useKeyTable(itemKeyTable(actions), { title: 'Workstation', active: actions.active });
}
