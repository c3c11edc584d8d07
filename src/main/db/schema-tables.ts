// The store's tables in the order the migrations create them: a valid foreign-key order (a table only
// references tables created before it, or itself, as models.parent_version does).
import { migrations } from './migrations';

/** Table names in creation order, from SQLite DDL texts (comments ignored). */
export function tablesInCreationOrder(ddl: readonly string[] = migrations): string[] {
  const tables: string[] = [];
  for (const text of ddl) {
    const code = text.replace(/--[^\n]*/g, '').replace(/\/\*[\s\S]*?\*\//g, '');
    for (const match of code.matchAll(/\bCREATE\s+TABLE\s+(?:IF\s+NOT\s+EXISTS\s+)?([A-Za-z_][A-Za-z0-9_]*)/gi)) {
      const name = match[1].toLowerCase();
      if (!tables.includes(name)) tables.push(name);
    }
  }
  return tables;
}
