// `npm run bench`: every benchmark in its own process (so memory figures are its own), then a table.
// Benchmarks measure speed; tests never assert timings. `npm run bench -- rle dicom` runs only those (a file's
// start, or one benchmark's export name: `npm run bench -- benchTeamLoadPostgres --seconds 600`).
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { join } from 'node:path';

interface Bench {
  file: string;
  exportName: string;
  title: string;
}

const benches: Bench[] = [
  { file: 'cli.bench.ts', exportName: 'benchCli', title: 'CLI start-up beside the Node + SQLite floor' },
  { file: 'rle.bench.ts', exportName: 'benchRle', title: 'RLE decode + encode of a real 1600×256 mask' },
  { file: 'dicom.bench.ts', exportName: 'benchDicom', title: 'DICOM 512² read → HU → composite RGB' },
  { file: 'rsna-csv.bench.ts', exportName: 'benchRsnaCsvParse', title: 'RSNA label CSV, 4.5 million rows, parse and check only' },
  { file: 'rsna-import.bench.ts', exportName: 'benchRsnaImport', title: 'RSNA label CSV, 4.5 million rows, into the store' },
  { file: 'import-verify.bench.ts', exportName: 'benchImportVerify', title: 'RSNA import: structural check, and the cost of --verify per 10,000 slices' },
  { file: 'rsna-export.bench.ts', exportName: 'benchRsnaExport', title: 'RSNA export, 752k slices: to a file and as the streamed download' },
  { file: 'ml.bench.ts', exportName: 'benchMl', title: 'Models: inference and training step' },
  { file: 'onnx.bench.ts', exportName: 'benchOnnx', title: 'ONNX fixtures: ONNX Runtime CPU beside PyTorch on the same graph' },
  { file: 'steel-workspace.bench.ts', exportName: 'benchSteelWorkspace', title: 'Steel workspace in Chromium' },
  { file: 'ct-workspace.bench.ts', exportName: 'benchCtWorkspace', title: 'CT workspace in Chromium' },
  { file: 'durability.bench.ts', exportName: 'benchDurability', title: 'loupe serve: kill -9 during save bursts, then restart' },
  { file: 'loop.bench.ts', exportName: 'benchLoop', title: 'Label efficiency: labels each review strategy needs, with known truth' },
  { file: 'sequence.bench.ts', exportName: 'benchSequence', title: 'CT sequence model: held-out weighted log loss, CNN alone and CNN + sequence' },
  { file: 'team-load.bench.ts', exportName: 'benchTeamLoad', title: 'Team load: N annotators saving at once on one shared SQLite file' },
  { file: 'team-load.bench.ts', exportName: 'benchTeamLoadPostgres', title: 'Team load: N annotators saving at once on one PostgreSQL 15 database' },
];
// --seconds / --annotators / --hosts set the team load test's run (default 60 s, 20 annotators, 2 hosts); the
// other arguments name the benchmarks to run.
const TEAM_FLAGS: Record<string, string> = { '--seconds': 'LOUPE_BENCH_TEAM_SECONDS', '--annotators': 'LOUPE_BENCH_TEAM_ANNOTATORS', '--hosts': 'LOUPE_BENCH_TEAM_HOSTS' };
const args = process.argv.slice(2);
const only: string[] = [];
for (let i = 0; i < args.length; i++) {
  const variable = TEAM_FLAGS[args[i]];
  if (!variable) only.push(args[i]);
  else if (!(Number(args[i + 1]) > 0)) throw new Error(`${args[i]} needs a number above 0`);
  else process.env[variable] = args[++i];
}

const root = join(import.meta.dirname, '..');
const results: Record<string, Record<string, number>> = {};
for (const bench of benches.filter((b) => only.length === 0 || only.some((o) => b.file.startsWith(o) || b.exportName === o))) {
  const script = `import(${JSON.stringify(join(root, 'bench', bench.file))}).then(async (m) => console.log(JSON.stringify(await m.${bench.exportName}())))`;
    // stderr passes through as the bench runs (progress of the long ones, and the error of a failed one).
  const run = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
  if (run.status !== 0) {
    console.error(`${bench.title}: FAILED (exit status ${run.status ?? run.signal})`);
    process.exitCode = 1;
    continue;
  }
  results[bench.title] = JSON.parse(run.stdout.trim().split('\n').pop()!);
  console.log(`\n${bench.title}`);
  for (const [k, v] of Object.entries(results[bench.title])) console.log(`  ${k.padEnd(32)} ${Number.isInteger(v) ? v : v.toFixed(4)}`);
}
mkdirSync(join(root, '.bench'), { recursive: true });
writeFileSync(join(root, '.bench', 'results.json'), JSON.stringify({ date: new Date().toISOString(), node: process.version, cpu: cpus()[0]?.model, cores: cpus().length, results }, null, 2));
