import { afterAll, describe, expect, it } from 'vitest';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isInside, realPathInside } from './paths';

const dir = mkdtempSync(join(tmpdir(), 'loupe-paths-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const root = join(dir, 'root');
mkdirSync(join(root, 'sub'), { recursive: true });
writeFileSync(join(root, 'sub', 'inside.txt'), 'in');
writeFileSync(join(dir, 'secret.txt'), 'out');
symlinkSync(join(dir, 'secret.txt'), join(root, 'link-out.txt'));
symlinkSync(join(root, 'sub', 'inside.txt'), join(root, 'link-in.txt'));
symlinkSync(dir, join(root, 'folder-out'));

describe('isInside', () => {
  it('holds only for paths strictly below the root', () => {
    expect(isInside('/a/b', '/a/b/c')).toBe(true);
    expect(isInside('/a/b', '/a/b/..c')).toBe(true);
    expect(isInside('/a/b', '/a/b')).toBe(false);
    expect(isInside('/a/b', '/a/bc')).toBe(false);
    expect(isInside('/a/b', '/a')).toBe(false);
    expect(isInside('/a/b', '/etc/passwd')).toBe(false);
  });
});

describe('realPathInside', () => {
  it('finds a file below the root, also through a link that stays inside', () => {
    expect(realPathInside(root, 'sub/inside.txt')).toMatchObject({ ok: true });
    expect(realPathInside(root, 'link-in.txt')).toMatchObject({ ok: true });
  });

  it('refuses a symbolic link (to a file or a folder) that points out, and ../', () => {
    expect(realPathInside(root, 'link-out.txt')).toEqual({ ok: false, reason: 'outside' });
    expect(realPathInside(root, 'folder-out/secret.txt')).toEqual({ ok: false, reason: 'outside' });
    expect(realPathInside(root, '../secret.txt')).toEqual({ ok: false, reason: 'outside' });
    expect(realPathInside(root, join(dir, 'secret.txt'))).toEqual({ ok: false, reason: 'outside' });
  });

  it('says when the file is missing', () => {
    expect(realPathInside(root, 'nope.txt')).toEqual({ ok: false, reason: 'missing' });
  });
});
