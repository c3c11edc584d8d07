import { describe, expect, it } from 'vitest';
import { binding, type KeyBinding } from './keyTable';
import { helpSections } from './helpSections';
import { ctKeyTable, type CtKeyActions } from '../workspaces/ct/composables/useCtKeys';
import { itemKeyTable } from '../composables/useItemKeys';
import { shellKeyTable } from '../composables/useShellKeys';

const nothing = () => {};
/** Every action of a table's actions object does nothing (the help only reads the table). */
const idle = <T extends object>() => new Proxy({}, { get: () => () => false }) as T;

/** Each binding of a table as the help must show it: keys, what it does, heading. */
const rowsOf = (table: readonly KeyBinding[]) => table.map((b) => `${b.group} | ${b.keys} | ${b.does}`);
const rowsShown = (section: ReturnType<typeof helpSections>[number]) => section.groups.flatMap((g) => g.keys.map((k) => `${g.group} | ${k.keys} | ${k.does}`));

describe('the keyboard help', () => {
  it('lists exactly the bindings of each live table, under its title, the newest keyboard first', () => {
    const ct = ctKeyTable(idle<CtKeyActions>());
    const item = itemKeyTable({ move: nothing, approve: nothing, flag: nothing, toggleList: nothing, active: () => true });
    const shell = shellKeyTable({ help: nothing });
    const sections = helpSections([
      { title: 'Anywhere', table: shell },
      { title: 'Workstation', table: item },
      { title: 'CT workspace', table: ct },
    ]);
    expect(sections.map((s) => s.title)).toEqual(['CT workspace', 'Workstation', 'Anywhere']);
    expect(rowsShown(sections[0]).sort()).toEqual([...new Set(rowsOf(ct))].sort());
    expect(rowsShown(sections[1]).sort()).toEqual(rowsOf(item).sort());
    expect(rowsShown(sections[2])).toEqual(['Help | ? | show these keys']);
  });

  it('shows the keys the table reacts to: a key added to a table appears, one taken away goes', () => {
    const table = [binding('X', 'cross out', 'Edit', nothing)];
    expect(rowsShown(helpSections([{ title: 'T', table }])[0])).toEqual(['Edit | X | cross out']);
    expect(helpSections([{ title: 'T', table: [] }])).toEqual([]);
  });

  it('has the ruler and the list panel in the tables it lists', () => {
    const ct = rowsOf(ctKeyTable(idle<CtKeyActions>()));
    expect(ct).toContain('Measure | R | ruler on / off: drag on the slice to measure in mm');
    const item = rowsOf(itemKeyTable({ move: nothing, approve: nothing, flag: nothing, toggleList: nothing, active: () => true }));
    expect(item.some((r) => r.startsWith('View | \\, Ctrl+B |'))).toBe(true);
  });
});
