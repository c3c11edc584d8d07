// What the `?` help shows: every live keyboard under its title, most specific first (the open workspace,
// then the workstation, then the keys that work everywhere), each grouped by heading — made from the very
// tables the keys are dispatched from, so the help can list no key that does something else.
import { keyHelpOf } from './keyTable';
import type { LiveKeyTable } from './keyHelp';

export interface HelpSection {
  title: string;
  groups: ReturnType<typeof keyHelpOf>;
}

/** Live tables in the order they were registered (a workspace mounts after the shell) → the help's sections. */
export function helpSections(tables: readonly LiveKeyTable[]): HelpSection[] {
  return [...tables]
    .reverse()
    .map((t) => ({ title: t.title, groups: keyHelpOf(t.table) }))
    .filter((s) => s.groups.length > 0);
}
