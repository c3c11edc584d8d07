// Benchmark: how fast the `loupe` command starts, beside the floor of any Node program that opens SQLite
// (`node -e "require('better-sqlite3')"`). Each is a fresh process, run in interleaved rounds so that all see
// the same machine load; median milliseconds of wall time, and the ratios to the floor. The CLI runs as users
// get it after `npm ci` (the bundle in out/cli, built here first when it is missing or stale) and, for
// comparison, from the sources through tsx.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const loupe = join(root, 'bin/loupe.mjs');

function timed(args: string[], env: NodeJS.ProcessEnv = {}): number {
  const start = performance.now();
  const run = spawnSync(process.execPath, args, { cwd: root, env: { ...process.env, ...env }, encoding: 'utf8' });
  const ms = performance.now() - start;
  if (run.status !== 0) throw new Error(`${args.join(' ')} failed (${run.status}): ${run.stderr}`);
  return ms;
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

export async function benchCli(rounds = 15): Promise<Record<string, number>> {
  const build = spawnSync(process.execPath, [join(root, 'scripts/build-cli.mjs')], { cwd: root, encoding: 'utf8' });
  if (build.status !== 0) throw new Error(`the CLI bundle did not build: ${build.stderr}`);
  const dir = mkdtempSync(join(tmpdir(), 'loupe-cli-bench-'));
  try {
    const db = join(dir, 'small.db');
    // A small database: the demo workspace (12 steel strips, a 48-slice CT series).
    timed([loupe, 'demo', '--db', db, '--json']);
    const cases: Record<string, { args: string[]; env?: NodeJS.ProcessEnv; rounds?: number }> = {
      floor: { args: ['-e', "require('better-sqlite3')"] },
      help: { args: [loupe, '--help'] },
      info: { args: [loupe, 'info', '--db', db, '--json'] },
      helpFromSource: { args: [loupe, '--help'], env: { LOUPE_FROM_SOURCE: '1' }, rounds: 5 },
      infoFromSource: { args: [loupe, 'info', '--db', db, '--json'], env: { LOUPE_FROM_SOURCE: '1' }, rounds: 5 },
    };
    const times: Record<string, number[]> = Object.fromEntries(Object.keys(cases).map((k) => [k, []]));
    for (const c of Object.values(cases)) timed(c.args, c.env); // warm the file cache
    for (let round = 0; round < rounds; round++) {
      for (const [name, c] of Object.entries(cases)) if (round < (c.rounds ?? rounds)) times[name].push(timed(c.args, c.env));
    }
    const m = Object.fromEntries(Object.entries(times).map(([name, values]) => [name, median(values)]));
    return {
      floorRequireBetterSqlite3_ms: m.floor,
      loupeHelp_ms: m.help,
      loupeInfoJson_ms: m.info,
      helpOverFloor: m.help / m.floor,
      infoOverFloor: m.info / m.floor,
      loupeHelpFromSourceTsx_ms: m.helpFromSource,
      loupeInfoJsonFromSourceTsx_ms: m.infoFromSource,
      runsPerCase: rounds,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
