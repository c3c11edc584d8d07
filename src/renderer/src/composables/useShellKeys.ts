// The keys that work on every page of the workstation, as one table (keys/keyTable.ts): ? shows the
// keyboard help of what is open.
import { binding, type KeyBinding } from '../keys/keyTable';
import { useKeyTable } from '../keys/useKeyTable';

export interface ShellKeyActions {
  help(): void;
}

export function shellKeyTable(actions: ShellKeyActions): KeyBinding[] {
  return [binding('?', 'show these keys', 'Help', () => actions.help())];
}

export function useShellKeys(actions: ShellKeyActions): void {
  useKeyTable(shellKeyTable(actions), { title: 'Anywhere' });
}
