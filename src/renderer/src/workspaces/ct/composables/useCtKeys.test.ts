import { describe, expect, it } from 'vitest';
import { PRESET_KEYS, SUBTYPE_KEYS, ctKeyTable, type CtKeyActions } from './useCtKeys';
import { dispatchKey, type KeyLike } from '../../../keys/keyTable';

/** Actions that record what ran; of the state questions only `accepting` (and, if asked, `measuring`) says yes. */
function recorder(accepting = false, measuring = false): { actions: CtKeyActions; ran: string[] } {
  const ran: string[] = [];
  const states: Record<string, boolean> = { accepting, measuring };
  const actions = new Proxy({} as CtKeyActions, {
    get: (_, name: string) => (name in states ? () => states[name] : (...args: unknown[]) => void ran.push([name, ...args].join(' '))),
  });
  return { actions, ran };
}

const key = (k: string, modifiers: Partial<KeyLike> = {}): KeyLike => ({ key: k, ctrlKey: false, metaKey: false, shiftKey: false, altKey: false, ...modifiers });

describe('the CT keys', () => {
  it('maps F1–F4 to brain, subdural, soft tissue and bone', () => {
    expect(PRESET_KEYS).toEqual({ F1: 'brain', F2: 'subdural', F3: 'soft', F4: 'bone' });
  });

  it('numbers the five subtypes 1–5', () => {
    expect(SUBTYPE_KEYS.map((k) => k.key)).toEqual(['1', '2', '3', '4', '5']);
  });

  it("accepts the model's labels for the slice (Shift+M), the whole series (Shift+S) and turns the strip's Accept-model tool on (Shift+R)", () => {
    const { actions, ran } = recorder();
    const table = ctKeyTable(actions);
    dispatchKey(table, key('M', { shiftKey: true }));
    dispatchKey(table, key('S', { shiftKey: true }));
    dispatchKey(table, key('R', { shiftKey: true }));
    dispatchKey(table, key('m'));
    expect(ran).toEqual(['acceptSlice', 'acceptSeries', 'acceptTool', 'mode composite']);
  });

  it('goes to the next item to review with N and the previous one with Shift+N', () => {
    const { actions, ran } = recorder();
    const table = ctKeyTable(actions);
    dispatchKey(table, key('n'));
    dispatchKey(table, key('N', { shiftKey: true }));
    expect(ran).toEqual(['nextUnreviewed next', 'nextUnreviewed previous']);
  });

  it('leaves the Accept-model tool with Escape only while it is on', () => {
    const off = recorder(false);
    expect(dispatchKey(ctKeyTable(off.actions), key('Escape'))).toBe(false);
    const on = recorder(true);
    expect(dispatchKey(ctKeyTable(on.actions), key('Escape'))).toBe(true);
    expect(on.ran).toEqual(['acceptTool']);
  });

  it('gives every key press to one binding only, with the ruler and the Accept-model tool both on', () => {
    const table = ctKeyTable(recorder(true, true).actions);
    const presses = ['a', 'c', 'f', 'g', 'j', 'k', 'm', 'n', 'r', 's', 'z', '0', '1', '2', '3', '4', '5', '+', '-', '=', ' ', 'Delete', 'Escape', 'Home', 'End', 'PageUp', 'PageDown', 'ArrowUp', 'ArrowDown', 'F1', 'F2', 'F3', 'F4'];
    for (const k of presses) {
      for (const modifiers of [{}, { shiftKey: true }, { ctrlKey: true }]) {
        const takers = table.filter((b) => b.matches(key(k, modifiers)));
        expect(takers.length, `${JSON.stringify(modifiers)} ${k}: ${takers.map((b) => b.does).join(' / ')}`).toBeLessThanOrEqual(1);
      }
    }
  });
});
