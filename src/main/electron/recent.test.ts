import { afterEach, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { RecentDatabases } from './recent';

let dir = '';
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('RecentDatabases', () => {
  it('remembers a team database without its password, newest first, beside existing files', () => {
    dir = mkdtempSync(join(tmpdir(), 'loupe-recent-'));
    const file = join(dir, 'loupe.db');
    writeFileSync(file, '');
    const recent = new RecentDatabases(join(dir, 'recent.json'));
    recent.remember(file);
    recent.remember(join(dir, 'gone.db'));
    expect(recent.remember('postgres://ada:s3cret@db.lab/loupe')).toEqual(['postgres://ada@db.lab/loupe', file]);
    expect(readFileSync(join(dir, 'recent.json'), 'utf8')).not.toContain('s3cret');
    expect(recent.remember('postgres://ada:other@db.lab/loupe')).toEqual(['postgres://ada@db.lab/loupe', file]);
  });
});
