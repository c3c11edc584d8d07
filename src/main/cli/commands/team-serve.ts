// What `loupe serve --team` settles before it opens anything: where it listens, TLS or (only when the admin
// says so beyond loopback) plain HTTP, and that someone can administer it — the first admin is made here
// when the database has none.
import { readFileSync } from 'node:fs';
import type { TeamHostOptions } from '../../host/server';
import { chooseTransport, parseListen } from '../../host/listen';
import type { UserService } from '../../services/team/users';
import { askLine, readPassword } from '../password-input';

export interface TeamFlags {
  team?: boolean;
  listen?: string;
  tlsCert?: string;
  tlsKey?: string;
  insecureHttp?: boolean;
  admin?: string;
}

export interface TeamServe {
  host: TeamHostOptions;
  port: number;
  warning?: string;
  ensureAdmin(users: UserService): Promise<void>;
}

export function prepareTeam(flags: TeamFlags, port: number): TeamServe | null {
  if (!flags.team) {
    const stray = (['listen', 'tlsCert', 'tlsKey', 'insecureHttp', 'admin'] as const).find((f) => flags[f] !== undefined);
    if (stray) throw new Error(`--${stray.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)} is for team mode: add --team`);
    return null;
  }
  const listen = flags.listen === undefined ? { host: '127.0.0.1', port } : parseListen(flags.listen);
  const transport = chooseTransport(listen.host, { cert: flags.tlsCert, key: flags.tlsKey }, flags.insecureHttp === true);
  if (!transport.ok) throw new Error(transport.message);
  const tls = transport.tls ? { cert: readPem(flags.tlsCert!, '--tls-cert'), key: readPem(flags.tlsKey!, '--tls-key') } : undefined;
  return {
    host: { listen: listen.host, tls },
    port: listen.port,
    warning: transport.warning,
    async ensureAdmin(users) {
      if (users.activeAdmins() > 0) {
        if (flags.admin !== undefined) process.stderr.write(`loupe: this database has an admin already; --admin ${flags.admin} is not needed\n`);
        return;
      }
      let name = flags.admin;
      if (name === undefined) {
        if (!process.stdin.isTTY) throw new Error('team mode needs an admin: run loupe users add <name> --role admin --db <file>, or give --admin <name>');
        process.stderr.write('This database has no admin yet: make the first one.\n');
        name = await askLine('Admin name: ');
      }
      const password = await readPassword(`Password for ${name}`);
      const admin = await users.add(name, password, 'admin');
      process.stderr.write(`Made ${admin.name} the first admin.\n`);
    },
  };
}

function readPem(file: string, flag: string): string {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new Error(`${flag} ${file}: cannot read it (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`);
  }
  if (!text.includes('-----BEGIN ')) throw new Error(`${flag} ${file}: not a PEM file`);
  return text;
}
