// The README's key tables must name the keys the workspaces' tables take: a key the code has and the README
// leaves out, or one the README lists and no table takes, fails here. Tolerant of how the README writes
// them (`⇧N` or `Shift+N`, `Esc` or `Escape`, `1`–`4` for a range, several keys in one cell).
import { describe, expect, it, vi } from 'vitest';
import readme from '../../../../README.md?raw';
import type { KeyBinding } from './keyTable';
import { steelKeyTable } from '../workspaces/steel/composables/useSteelKeys';
import { ctKeyTable, type CtKeyActions } from '../workspaces/ct/composables/useCtKeys';
import { itemKeyTable, type ItemKeyActions } from '../composables/useItemKeys';
import { shellKeyTable } from '../composables/useShellKeys';

// The steel table is made over its stores; the test reads the table only (and the store reaches the transport).
vi.mock('../workspaces/steel/stores/steelWorkspace', () => ({ useSteelWorkspace: () => ({}) }));
vi.mock('../workspaces/steel/stores/steelReview', () => ({ useSteelReview: () => ({}) }));

const idle = <T extends object>() => new Proxy({}, { get: () => () => false }) as T;
const NAMES: Record<string, string> = { esc: 'Escape', escape: 'Escape', '⌫': 'Backspace', backspace: 'Backspace', pgup: 'PageUp', pgdn: 'PageDown', pageup: 'PageUp', pagedown: 'PageDown', '−': '-', del: 'Delete', delete: 'Delete', space: 'Space', enter: 'Enter', home: 'Home', end: 'End', '⇧': 'Shift+' };
const ARROWS = new Set(['↑', '↓', '←', '→']);

/** One key in one spelling: 'Shift+N' for ⇧N or shift+n, 'Escape' for Esc; null when it is not a key (a word, a lone modifier). */
function canonical(token: string): string | null {
  const text = token.trim().replace(/^⇧/, 'Shift+');
  const parts = text.split(/\+(?=.)/);
  const key = parts.pop()!;
  const mods = parts.map((m) => m[0].toUpperCase() + m.slice(1).toLowerCase());
  let name: string | undefined;
  if (key.length === 1) name = NAMES[key] ?? key.toUpperCase();
  else if (/^F\d{1,2}$/i.test(key)) name = key.toUpperCase();
  else name = NAMES[key.toLowerCase()];
  if (!name || ['Ctrl', 'Shift', 'Alt'].includes(key)) return null;
  return [...mods, name].join('+');
}

/**
 * The keys of one written cell or shown-keys text: alternatives split, ranges like 1–4 expanded. A text that is
 * not only keys (a word such as `any`, a lone `Ctrl` before "+wheel", an example readout) names none.
 */
function keysOf(text: string): string[] {
  const out: string[] = [];
  for (const token of text.split(/,\s*|\s+\/\s+|\s+/).filter(Boolean)) {
    const range = /^(\d)–(\d)$/.exec(token);
    if (range) for (let d = Number(range[1]); d <= Number(range[2]); d++) out.push(String(d));
    else if (ARROWS.has(token)) out.push(token);
    else {
      const key = canonical(token);
      if (!key) return [];
      out.push(key);
    }
  }
  return out;
}

const tableKeys = (table: readonly KeyBinding[]) => new Set(table.flatMap((b) => keysOf(b.keys)));

/** The backticked keys of the key table (header naming a key or what to do) in a README section. */
function readmeKeys(section: string): Set<string> {
  const start = readme.indexOf(`\n## ${section}`);
  expect(start, `README has a "## ${section}" section`).toBeGreaterThan(-1);
  const end = readme.indexOf('\n## ', start + 4);
  const lines = readme.slice(start, end === -1 ? undefined : end).split('\n');
  const header = lines.findIndex((l) => l.startsWith('|') && /\|\s*(key|to …)\s*\|/.test(l));
  expect(header, `README's ${section} has a key table`).toBeGreaterThan(-1);
  const rows: string[] = [];
  for (let i = header + 2; i < lines.length && lines[i].startsWith('|'); i++) rows.push(lines[i]);
  // `1`–`4` is a range written as two backticked keys.
  const text = rows.join('\n').replace(/`(\d)`–`(\d)`/g, '`$1–$2`');
  return new Set([...text.matchAll(/`([^`]+)`/g)].flatMap((m) => keysOf(m[1])));
}

const workstation = [...tableKeys(itemKeyTable(idle<ItemKeyActions>())), ...tableKeys(shellKeyTable({ help: () => {} }))];

describe("the README's key tables", () => {
  it.each([
    ['Steel workspace', steelKeyTable({ preferences: { layers: {} } } as never, { nextUnreviewed: async () => {} }, { canvas: () => null })],
    ['CT workspace', ctKeyTable(idle<CtKeyActions>())],
  ])('%s: lists every key of its table, and no key that no table takes', (section, table) => {
    const written = readmeKeys(section);
    const taken = tableKeys(table);
    expect([...taken].filter((k) => !written.has(k)), 'keys the README leaves out').toEqual([]);
    const known = new Set([...taken, ...workstation]);
    expect([...written].filter((k) => !known.has(k)), 'keys the README lists that no table takes').toEqual([]);
  });

  it('reads the spellings the README uses', () => {
    expect(keysOf('⇧P')).toEqual(['Shift+P']);
    expect(keysOf('Enter / Esc / ⌫')).toEqual(['Enter', 'Escape', 'Backspace']);
    expect(keysOf('1–4')).toEqual(['1', '2', '3', '4']);
    expect(keysOf('Ctrl+Shift+Z, Ctrl+Y')).toEqual(['Ctrl+Shift+Z', 'Ctrl+Y']);
    expect(keysOf('any')).toEqual([]);
    expect(keysOf('Ctrl')).toEqual([]);
    expect(keysOf('HU 42 · x 210')).toEqual([]);
  });
});
