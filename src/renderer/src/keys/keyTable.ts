// One table per keyboard: each key binding says which keys it takes, what it does in the user's words and
// under which heading the help lists it, and runs its action. The workspace's key handler and its `?` help
// are both made from the same table, so the help can never list a key that does something else.
//
// Key names: a modifier prefix ('Ctrl+', 'Shift+', 'Alt+'; Ctrl also matches ⌘ on a Mac) and a key — a single
// character, or a KeyboardEvent.key name ('Enter', 'Escape', 'ArrowDown', 'PageUp', 'Home', 'F1', ' ' is
// written 'Space'). A letter matches either case, and Shift must be given exactly ('N' is not 'Shift+N'); a
// symbol ignores Shift unless it is named, since many layouts need Shift to type '+' or '?'.

export interface KeyBinding {
  /** The keys as the help shows them, e.g. 'Ctrl+Shift+Z, Ctrl+Y' or '1–4'. */
  keys: string;
  /** What it does, in the user's words. */
  does: string;
  /** The heading the help lists it under. */
  group: string;
  /** True when this binding takes the key press. */
  matches(event: KeyLike): boolean;
  run(event: KeyLike): void;
}

/** The parts of a KeyboardEvent a binding reads (so tables are testable without a DOM). */
export interface KeyLike {
  key: string;
  ctrlKey: boolean;
  metaKey: boolean;
  shiftKey: boolean;
  altKey: boolean;
}

interface Combo {
  key: string;
  ctrl: boolean;
  shift: boolean | null;
  alt: boolean;
}

const NAMED: Record<string, string> = { Space: ' ', Plus: '+' };

function parseCombo(text: string): Combo {
  const parts = text.split('+');
  // A trailing '+' is the key itself ('Ctrl++'), not a separator.
  let key = parts.pop()!;
  if (key === '' && parts.length && parts[parts.length - 1] === '') {
    parts.pop();
    key = '+';
  }
  const modifiers = new Set(parts.map((p) => p.toLowerCase()));
  for (const m of modifiers) if (!['ctrl', 'shift', 'alt'].includes(m)) throw new Error(`unknown modifier "${m}" in key "${text}"`);
  key = NAMED[key] ?? key;
  const isLetter = key.length === 1 && key.toLowerCase() !== key.toUpperCase();
  return { key: isLetter ? key.toLowerCase() : key, ctrl: modifiers.has('ctrl'), alt: modifiers.has('alt'), shift: modifiers.has('shift') ? true : isLetter || key.length > 1 ? false : null };
}

function comboMatches(combo: Combo, event: KeyLike): boolean {
  const key = event.key.length === 1 ? event.key.toLowerCase() : event.key;
  if (key !== combo.key) return false;
  if ((event.ctrlKey || event.metaKey) !== combo.ctrl) return false;
  if (event.altKey !== combo.alt) return false;
  return combo.shift === null || event.shiftKey === combo.shift;
}

export interface BindingOptions {
  /** How the help writes the keys, when not simply the combos joined (e.g. '1–4'). */
  shown?: string;
  /** The binding takes the key only while this holds (a tool is active, a polygon is open). */
  when?: () => boolean;
}

/** A binding of one or more key combos to an action. */
export function binding(combos: string | readonly string[], does: string, group: string, run: (event: KeyLike) => void, options: BindingOptions = {}): KeyBinding {
  const list = typeof combos === 'string' ? [combos] : [...combos];
  const parsed = list.map(parseCombo);
  return {
    keys: options.shown ?? list.join(', '),
    does,
    group,
    matches: (event) => parsed.some((c) => comboMatches(c, event)) && (options.when?.() ?? true),
    run,
  };
}

/** Runs the first binding that takes the key press; returns true when one did. */
export function dispatchKey(table: readonly KeyBinding[], event: KeyLike): boolean {
  const found = table.find((b) => b.matches(event));
  if (!found) return false;
  found.run(event);
  return true;
}

/** The table as the help lists it: headings in first-use order, each with its keys and what they do. */
export function keyHelpOf(table: readonly KeyBinding[]): { group: string; keys: { keys: string; does: string }[] }[] {
  const groups = new Map<string, { keys: string; does: string }[]>();
  for (const b of table) {
    let rows = groups.get(b.group);
    if (!rows) groups.set(b.group, (rows = []));
    if (!rows.some((r) => r.keys === b.keys && r.does === b.does)) rows.push({ keys: b.keys, does: b.does });
  }
  return [...groups].map(([group, keys]) => ({ group, keys }));
}

/** Keys typed into a text field are the field's; sliders, checkboxes and buttons leave them to the workspace. */
export function isTyping(target: EventTarget | null): boolean {
  const element = target as { isContentEditable?: boolean; tagName?: string; type?: string } | null;
  if (!element || !element.tagName) return false;
  if (element.isContentEditable || element.tagName === 'TEXTAREA' || element.tagName === 'SELECT') return true;
  return element.tagName === 'INPUT' && !['range', 'checkbox', 'radio', 'button'].includes(element.type ?? 'text');
}
