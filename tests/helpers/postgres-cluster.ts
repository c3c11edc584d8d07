// A throwaway PostgreSQL 15 cluster on a loopback port, for the suite's second engine and the team benchmarks:
// Debian's server binaries (`postgresql` package) run from a temp folder, no system service. As root, the
// server runs as the `postgres` user (it refuses to run as root).
import { execFileSync } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const POSTGRES_BIN = process.env.LOUPE_POSTGRES_BIN ?? '/usr/lib/postgresql/15/bin';

export interface PostgresCluster {
  url: string;
  stop(): void;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

function asServerUser(command: string, args: string[]): void {
  const root = process.getuid?.() === 0;
  const [file, argv] = root ? ['runuser', ['-u', 'postgres', '--', join(POSTGRES_BIN, command), ...args]] : [join(POSTGRES_BIN, command), args];
  execFileSync(file, argv, { stdio: ['ignore', 'ignore', 'pipe'] });
}

/** `durable`: fsync and synchronous commit on, as a real server runs (benchmarks); tests run without. */
export async function startPostgres(options: { durable?: boolean } = {}): Promise<PostgresCluster> {
  if (!existsSync(join(POSTGRES_BIN, 'initdb'))) {
    throw new Error(`${POSTGRES_BIN}/initdb is missing: install Debian's postgresql package (apt-get install postgresql); .ci/run does this`);
  }
  const dir = mkdtempSync(join(tmpdir(), 'loupe-pg-'));
  chmodSync(dir, 0o777);
  if (process.getuid?.() === 0) execFileSync('chown', ['postgres', dir]);
  const data = join(dir, 'data');
  const port = await freePort();
  asServerUser('initdb', ['-D', data, '-U', 'loupe', '--auth=trust', '-E', 'UTF8', '--no-locale', '--no-sync']);
  // fsync off: a test cluster is thrown away; the store's own durability is tested on SQLite's file.
  const speed = options.durable ? '' : ' -c fsync=off -c synchronous_commit=off -c full_page_writes=off';
  const settings = `-c listen_addresses=127.0.0.1 -p ${port} -k ${dir} -c max_connections=400${speed}`;
  asServerUser('pg_ctl', ['-D', data, '-o', settings, '-l', join(dir, 'server.log'), '-w', 'start']);
  return {
    url: `postgres://loupe@127.0.0.1:${port}/postgres`,
    stop() {
      try {
        asServerUser('pg_ctl', ['-D', data, '-m', 'immediate', '-w', 'stop']);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}
