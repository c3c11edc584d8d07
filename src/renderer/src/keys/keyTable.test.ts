import { describe, expect, it, vi } from 'vitest';
import { binding, dispatchKey, isTyping, keyHelpOf, type KeyLike } from './keyTable';

const press = (key: string, mods: Partial<KeyLike> = {}): KeyLike => ({ key, ctrlKey: false, metaKey: false, shiftKey: false, altKey: false, ...mods });

describe('key tables', () => {
  it('matches letters in either case, with Shift exactly as written', () => {
    const next = binding('N', 'next', 'Review', () => {});
    const previous = binding('Shift+N', 'previous', 'Review', () => {});
    expect(next.matches(press('n'))).toBe(true);
    expect(next.matches(press('N', { shiftKey: true }))).toBe(false);
    expect(previous.matches(press('N', { shiftKey: true }))).toBe(true);
    expect(previous.matches(press('n'))).toBe(false);
  });

  it('takes Ctrl or ⌘ for Ctrl, and never a key with Alt unless named', () => {
    const undo = binding('Ctrl+Z', 'undo', 'Edit', () => {});
    expect(undo.matches(press('z', { ctrlKey: true }))).toBe(true);
    expect(undo.matches(press('z', { metaKey: true }))).toBe(true);
    expect(undo.matches(press('z'))).toBe(false);
    expect(undo.matches(press('z', { ctrlKey: true, altKey: true }))).toBe(false);
    expect(undo.matches(press('Z', { ctrlKey: true, shiftKey: true }))).toBe(false);
  });

  it('lets symbols ignore Shift (layouts need it for + and ?) and knows named keys', () => {
    expect(binding('+', 'zoom in', 'View', () => {}).matches(press('+', { shiftKey: true }))).toBe(true);
    expect(binding('Ctrl++', 'zoom in', 'View', () => {}).matches(press('+', { ctrlKey: true }))).toBe(true);
    expect(binding('Space', 'cine', 'View', () => {}).matches(press(' '))).toBe(true);
    expect(binding('F1', 'brain', 'Window', () => {}).matches(press('F1'))).toBe(true);
    expect(binding('F1', 'brain', 'Window', () => {}).matches(press('F1', { shiftKey: true }))).toBe(false);
    expect(() => binding('Hyper+K', 'x', 'y', () => {})).toThrow(/unknown modifier "hyper"/);
  });

  it('runs the first binding that takes the key, and only while its condition holds', () => {
    const calls: string[] = [];
    let polygonOpen = false;
    const table = [
      binding('Escape', 'drop the polygon', 'Polygon', () => calls.push('drop'), { when: () => polygonOpen }),
      binding('Escape', 'leave', 'Workspace', () => calls.push('leave')),
    ];
    expect(dispatchKey(table, press('Escape'))).toBe(true);
    polygonOpen = true;
    dispatchKey(table, press('Escape'));
    expect(calls).toEqual(['leave', 'drop']);
    expect(dispatchKey(table, press('q'))).toBe(false);
  });

  it('lists the help by heading in first-use order, each row once', () => {
    const run = vi.fn();
    const table = [
      binding(['1', '2', '3', '4'], 'active class', 'Classes', run, { shown: '1–4' }),
      binding('B', 'Brush', 'Tools', run),
      binding('E', 'Eraser', 'Tools', run),
      binding(['Ctrl+Shift+Z', 'Ctrl+Y'], 'redo', 'Edit', run),
    ];
    expect(keyHelpOf(table)).toEqual([
      { group: 'Classes', keys: [{ keys: '1–4', does: 'active class' }] },
      { group: 'Tools', keys: [{ keys: 'B', does: 'Brush' }, { keys: 'E', does: 'Eraser' }] },
      { group: 'Edit', keys: [{ keys: 'Ctrl+Shift+Z, Ctrl+Y', does: 'redo' }] },
    ]);
  });

  it('leaves keys typed into text fields to the field', () => {
    expect(isTyping({ tagName: 'INPUT', type: 'text' } as unknown as EventTarget)).toBe(true);
    expect(isTyping({ tagName: 'INPUT', type: 'range' } as unknown as EventTarget)).toBe(false);
    expect(isTyping({ tagName: 'TEXTAREA' } as unknown as EventTarget)).toBe(true);
    expect(isTyping({ tagName: 'DIV', isContentEditable: true } as unknown as EventTarget)).toBe(true);
    expect(isTyping(null)).toBe(false);
  });
});
