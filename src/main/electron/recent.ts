// The recently opened databases, newest first, kept in the user data folder for the File menu: files that
// still exist, and team databases' addresses without their passwords.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { isPostgresUrl } from '../db/store';
import { withoutPassword } from '../../shared/team-database-url';

const KEPT = 8;

export class RecentDatabases {
  constructor(private readonly file: string) {}

  list(): string[] {
    try {
      const value = JSON.parse(readFileSync(this.file, 'utf8')) as unknown;
      return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string' && (isPostgresUrl(v) || existsSync(v))) : [];
    } catch {
      return [];
    }
  }

  remember(database: string): string[] {
    const path = isPostgresUrl(database) ? withoutPassword(database) : resolve(database);
    const list = [path, ...this.list().filter((p) => p !== path)].slice(0, KEPT);
    mkdirSync(dirname(this.file), { recursive: true });
    writeFileSync(this.file, JSON.stringify(list, null, 2));
    return list;
  }
}
