// The shared job queue from several processes on one database file, as workstations on several PCs would use
// it: two processes submit jobs at the same moment while two workers take and run them. Every job submitted is
// run exactly once — none lost, none run twice — and a workstation starting meanwhile leaves waiting jobs alone.
import { afterEach, beforeEach, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { openDatabase } from '../../src/main/db/database';
import { JobService } from '../../src/main/services/jobs/jobs';
import { JobQueue } from '../../src/main/services/jobs/job-queue';
import { systemClock } from '../../src/main/services/clock';
import { repoRoot, tempDir } from '../helpers/fs';

const PER_SUBMITTER = 40;
let tmp: ReturnType<typeof tempDir>;
let database: string;

beforeEach(() => {
  tmp = tempDir();
  database = join(tmp.dir, 'queue.db');
  openDatabase(database).close(); // the schema exists before the processes race
});
afterEach(() => tmp.cleanup());

/** Runs a script in a fresh Node process (TypeScript through tsx) and resolves with its stdout. */
function node(script: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (c) => (out += String(c)));
    child.stderr.on('data', (c) => (err += String(c)));
    child.once('exit', (code) => (code === 0 ? resolve(out) : reject(new Error(`exit ${code}: ${err.slice(0, 1500)}`))));
  });
}

const imports = () => `
  const { openDatabase } = await import(${JSON.stringify(join(repoRoot, 'src/main/db/database.ts'))});
  const { JobQueue } = await import(${JSON.stringify(join(repoRoot, 'src/main/services/jobs/job-queue.ts'))});
  const { systemClock } = await import(${JSON.stringify(join(repoRoot, 'src/main/services/clock.ts'))});
  const db = openDatabase(${JSON.stringify(database)});
  const queue = new JobQueue(db, systemClock);
`;

const submitter = (name: string) => `${imports()}
  const ids = [];
  for (let i = 0; i < ${PER_SUBMITTER}; i++) ids.push(queue.submit({ kind: 'predict', title: '${name} ' + i, args: { from: '${name}', i } }));
  db.close();
  console.log(JSON.stringify(ids));
`;

// A worker takes until every submitted job has ended; each job it runs it writes down (and says who ran it).
const worker = (name: string) => `${imports()}
  const ran = [];
  const total = ${2 * PER_SUBMITTER};
  const ended = () => db.prepare("SELECT COUNT(*) FROM jobs WHERE state IN ('done', 'failed')").pluck().get();
  while (ended() < total) {
    const job = queue.take();
    if (!job) { await new Promise((r) => setImmediate(r)); continue; }
    db.prepare('INSERT INTO settings (key, value, updated_at) VALUES (?, ?, ?)').run('ran:' + job.id + ':' + '${name}', '1', 'now');
    ran.push(job.id);
    queue.finish(job.id, { result: { by: '${name}' } });
  }
  db.close();
  console.log(JSON.stringify(ran));
`;

it('two processes submit at once, two workers run every job once', async () => {
  const [a, b, w1, w2] = await Promise.all([node(submitter('pc-a')), node(submitter('pc-b')), node(worker('w1')), node(worker('w2'))]);
  const submitted = [...JSON.parse(a), ...JSON.parse(b)] as number[];
  const ran = [...JSON.parse(w1), ...JSON.parse(w2)] as number[];
  expect(new Set(submitted).size).toBe(2 * PER_SUBMITTER);
  expect([...ran].sort((x, y) => x - y)).toEqual([...submitted].sort((x, y) => x - y));

  const db = openDatabase(database);
  try {
    // Run once: one "ran" mark per job, whichever worker took it; every job done.
    const marks = db.prepare("SELECT key FROM settings WHERE key LIKE 'ran:%'").pluck().all() as string[];
    expect(marks.length).toBe(2 * PER_SUBMITTER);
    expect(db.prepare("SELECT state, COUNT(*) AS n FROM jobs GROUP BY state").all()).toEqual([{ state: 'done', n: 2 * PER_SUBMITTER }]);
  } finally {
    db.close();
  }
});

it('a workstation starting up leaves jobs waiting in the shared queue alone', () => {
  const db = openDatabase(database);
  try {
    const queue = new JobQueue(db, systemClock);
    const id = queue.submit({ kind: 'train', title: 'train from another PC' });
    expect(new JobService(db, systemClock).recoverInterrupted()).toBe(0);
    expect(queue.waiting()).toBe(1);
    expect(queue.take(4242)).toMatchObject({ id, kind: 'train' });
    expect(queue.take()).toBeNull();
  } finally {
    db.close();
  }
});
