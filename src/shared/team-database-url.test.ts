import { describe, expect, it } from 'vitest';
import { parseTeamDatabaseUrl, withoutPassword } from './team-database-url';

describe('parseTeamDatabaseUrl', () => {
  it('accepts postgres:// and postgresql:// addresses with a server and a database', () => {
    expect(parseTeamDatabaseUrl('  postgres://ada:s3cret@db.lab:5433/loupe ')).toBe('postgres://ada:s3cret@db.lab:5433/loupe');
    expect(parseTeamDatabaseUrl('postgresql://ada@10.0.0.5/loupe?sslmode=require')).toBe('postgresql://ada@10.0.0.5/loupe?sslmode=require');
  });

  it('refuses anything else, saying why', () => {
    expect(() => parseTeamDatabaseUrl('')).toThrow(/type the address/);
    expect(() => parseTeamDatabaseUrl('team.db')).toThrow(/not an address/);
    expect(() => parseTeamDatabaseUrl('mysql://ada@db/loupe')).toThrow(/starts with postgres:\/\/ or postgresql:\/\//);
    expect(() => parseTeamDatabaseUrl('file:///home/ada/team.db')).toThrow(/starts with postgres/);
    expect(() => parseTeamDatabaseUrl('javascript:alert(1)')).toThrow(/starts with postgres/);
    expect(() => parseTeamDatabaseUrl('postgres:///loupe')).toThrow(/names no server/);
    expect(() => parseTeamDatabaseUrl('postgres://ada@db.lab')).toThrow(/names no database/);
  });
});

describe('withoutPassword', () => {
  it('drops the password and keeps the rest', () => {
    expect(withoutPassword('postgres://ada:s3cret@db.lab:5433/loupe?sslmode=require')).toBe('postgres://ada@db.lab:5433/loupe?sslmode=require');
    expect(withoutPassword('postgres://ada@db.lab/loupe')).toBe('postgres://ada@db.lab/loupe');
  });
});
