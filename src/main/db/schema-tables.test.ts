import { describe, expect, it } from 'vitest';
import { tablesInCreationOrder } from './schema-tables';

describe('tablesInCreationOrder', () => {
  it('lists every table of the migrations once, in creation order, ignoring comments', () => {
    expect(tablesInCreationOrder(['-- CREATE TABLE ghost (\nCREATE TABLE a (id INTEGER);\ncreate table B (x TEXT);', 'ALTER TABLE a ADD COLUMN y TEXT;\nCREATE TABLE c (z TEXT);'])).toEqual(['a', 'b', 'c']);
  });

  it('puts the referenced tables of the real schema before the tables that reference them', () => {
    const tables = tablesInCreationOrder();
    expect(tables.slice(0, 6)).toEqual(['datasets', 'items', 'label_revisions', 'reviews', 'models', 'jobs']);
    expect(tables.indexOf('validation_sets')).toBeLessThan(tables.indexOf('validation_items'));
    expect(tables.indexOf('users')).toBeLessThan(tables.indexOf('sessions'));
    expect(tables).toContain('claims');
  });
});
