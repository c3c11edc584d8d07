import { describe, expect, it } from 'vitest';
import { displayName, filePath, identifier, pathProblem, personName, plainText, textProblem } from './text';

describe('textProblem', () => {
  it('accepts names in any script, with emoji (surrogate pairs) and inner spaces', () => {
    for (const name of ['Ada Lovelace', 'Zoë Ørsted-Łukasiewicz', '山田 太郎', 'محمد', 'José 🔬', "O'Brien"]) expect(textProblem(name), name).toBeNull();
  });

  it('refuses NUL, line breaks, tabs, escapes, DEL, C1 controls and Unicode line separators', () => {
    for (const name of ['a\u0000b', 'a\nb', 'a\rb', 'a\tb', '\u001b[31mred', 'a\u007fb', 'a\u0085b', 'a\u2028b', 'a\u2029b']) {
      expect(textProblem(name), JSON.stringify(name)).toMatch(/control characters/);
    }
  });

  it('refuses bidirectional overrides and lone surrogates', () => {
    expect(textProblem('evil\u202egpj.exe')).toMatch(/bidirectional/);
    expect(textProblem('a\u2066b')).toMatch(/bidirectional/);
    expect(textProblem('a\ud800b')).toMatch(/lone surrogate/);
    expect(textProblem('\udc00')).toMatch(/lone surrogate/);
    expect(textProblem('a\udc00\ud800b')).toMatch(/lone surrogate/);
  });
});

describe('pathProblem', () => {
  it('accepts what file systems allow except NUL and lone surrogates', () => {
    expect(pathProblem('/data/ct scans/series 1')).toBeNull();
    expect(pathProblem('C:\\data\\steel')).toBeNull();
    expect(pathProblem('/data/a\u0000b')).toMatch(/NUL/);
    expect(pathProblem('/data/\ud83d')).toMatch(/lone surrogate/);
  });
});

describe('the schemas', () => {
  it('trim names and refuse empty, long or control-laden ones', () => {
    expect(personName.parse('  Ada  ')).toBe('Ada');
    expect(personName.safeParse('   ').success).toBe(false);
    expect(personName.safeParse('x'.repeat(101)).success).toBe(false);
    expect(personName.safeParse('Ada\u0000').success).toBe(false);
    expect(displayName(10).safeParse('a\nb').success).toBe(false);
  });

  it('let search text be empty but never hold controls', () => {
    expect(plainText(20).parse('')).toBe('');
    expect(plainText(20).safeParse('a\u0000').success).toBe(false);
  });

  it('check identifiers and paths', () => {
    expect(identifier(64).parse('unet-2')).toBe('unet-2');
    expect(identifier(64).safeParse('').success).toBe(false);
    expect(identifier(64).safeParse('v1\n').success).toBe(false);
    expect(filePath.parse('/tmp/x')).toBe('/tmp/x');
    expect(filePath.safeParse('/tmp/\u0000x').success).toBe(false);
    expect(filePath.safeParse('').success).toBe(false);
  });
});
