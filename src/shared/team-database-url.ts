// The address of a team database as a person types it into "Connect to a team database…":
// postgres://user[:password]@host[:port]/database — nothing else is accepted.
import { z } from 'zod';

const teamDatabaseUrl = z
  .string()
  .trim()
  .min(1, 'type the address of the team database: postgres://user@host/database')
  .refine((text) => URL.canParse(text), 'not an address: write it as postgres://user@host/database')
  .transform((text) => new URL(text))
  .refine((url) => url.protocol === 'postgres:' || url.protocol === 'postgresql:', 'a team database address starts with postgres:// or postgresql://')
  .refine((url) => url.hostname !== '', 'the address names no server: postgres://user@host/database')
  .refine((url) => url.pathname.length > 1, 'the address names no database: add /<database> after the server');

/** The address, checked; throws an Error whose message says what is wrong with it. */
export function parseTeamDatabaseUrl(text: string): string {
  const parsed = teamDatabaseUrl.safeParse(text);
  if (!parsed.success) throw new Error(parsed.error.issues[0]?.message ?? 'not a team database address');
  return parsed.data.toString();
}

/** The address without its password, to show and to remember (the password comes from ~/.pgpass or PGPASSWORD). */
export function withoutPassword(address: string): string {
  const url = new URL(address);
  url.password = '';
  return url.toString();
}
