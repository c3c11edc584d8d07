// Many annotators at once on one store: N simulated annotators (default 20) save steel masks and CT labels as
// fast as their replies come, for a fixed time (default 60 s), through the HTTP API of `loupe serve` hosts that
// share one store (two hosts by default: two PCs): a SQLite file (benchTeamLoad), or a PostgreSQL 15 database
// (benchTeamLoadPostgres: a cluster started on loopback from Debian's binaries, with fsync on). Each annotator is its own client: its saves are based
// on the revisions it knows, and a conflict rebases on theirs and sends again. Afterwards every acknowledged
// revision must be in the file (by id, with its payload) and the file must hold no human revision that was not
// acknowledged (none lost, none doubled). Save latency is per request, a conflict's refused try included.
// Annotators mostly save their own share of the items and one save in ten lands anywhere.
//   npm run bench -- team --seconds 600 --annotators 20 --hosts 2
import { join } from 'node:path';
import { openDatabase } from '../src/main/db/database';
import { startPostgres } from '../tests/helpers/postgres-cluster';
import { openTestWorkspace } from '../tests/helpers/workspace';
import { startServe, type ServeChild } from '../tests/helpers/serve';
import { KnownBases, saveCtLabels, saveSteelMask } from '../tests/helpers/based-saves';
import { checkFile, type AcknowledgedRevision } from '../tests/helpers/save-burst';

const SECONDS = Number(process.env.LOUPE_BENCH_TEAM_SECONDS ?? 60);
const ANNOTATORS = Number(process.env.LOUPE_BENCH_TEAM_ANNOTATORS ?? 20);
const HOSTS = Number(process.env.LOUPE_BENCH_TEAM_HOSTS ?? 2);
/** Items on top of the test workspace's own: enough that annotators mostly work apart and sometimes meet. */
const STRIPS = 200;
const SLICES = 400;
const STRIP_PIXELS = 1600 * 256;

function percentile(sorted: number[], p: number): number {
  return sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] : NaN;
}

export async function benchTeamLoadPostgres(): Promise<Record<string, number>> {
  const cluster = await startPostgres({ durable: true });
  process.env.LOUPE_STORE_POSTGRES = cluster.url; // the workspace's store and the hosts' (they inherit it)
  try {
    return await benchTeamLoad();
  } finally {
    delete process.env.LOUPE_STORE_POSTGRES;
    cluster.stop();
  }
}

export async function benchTeamLoad(): Promise<Record<string, number>> {
  const space = await openTestWorkspace();
  const database = join(space.dir, 'loupe.db');
  const db = space.workstation.services.db;
  const grow = (datasetId: number, count: number, prefix: string, ct: boolean) =>
    db.transaction(() => {
      const insert = db.prepare(
        'INSERT INTO items (dataset_id, key, path, width, height, sort_index, series_uid) SELECT dataset_id, ?, path, width, height, ?, series_uid FROM items WHERE dataset_id = ? LIMIT 1',
      );
      for (let i = 0; i < count; i++) insert.run(`${prefix}${i}${ct ? '' : '.jpg'}`, 1000 + i, datasetId);
    })();
  grow(space.steelId, STRIPS, 'load-', false);
  grow(space.ctId, SLICES, 'ID_load', true);
  const strips = space.workstation.services.datasets.items(space.steelId).map((i) => i.id);
  const slices = space.workstation.services.datasets.items(space.ctId).map((i) => i.id);
  await space.workstation.close();

  const hosts: ServeChild[] = [];
  for (let h = 0; h < HOSTS; h++) hosts.push(await startServe(database, ['--user', `annotator-host-${h + 1}`]));
  const acknowledged: AcknowledgedRevision[] = [];
  const latencies: number[] = [];
  let conflicts = 0;
  let failures = 0;
  let counter = 0;
  const deadline = performance.now() + SECONDS * 1000;
  process.stderr.write(`team load: ${ANNOTATORS} annotators on ${HOSTS} hosts for ${SECONDS} s…\n`);

  const annotator = async (k: number) => {
    const served = hosts[k % hosts.length];
    const bases = new KnownBases();
    // mulberry32: each annotator its own reproducible sequence of items, classes and labels.
    let seed = 7919 * (k + 1);
    const next = (n: number) => {
      seed = (seed + 0x6d2b79f5) | 0;
      let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
      t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
      return Math.floor((((t ^ (t >>> 14)) >>> 0) / 4294967296) * n);
    };
    // Like a team working through its queues: mostly the annotator's own share of the items, now and then
    // anyone's (where saves meet, and an item whose newest revision the annotator has not seen is a conflict).
    const pick = (items: readonly number[]) => {
      if (next(10) === 0) return next(items.length);
      const share = Math.max(1, Math.floor(items.length / ANNOTATORS));
      return (k * share + next(share)) % items.length;
    };
    while (performance.now() < deadline) {
      const save = ++counter;
      const started = performance.now();
      if (next(2) === 0) {
        const itemId = strips[pick(strips)];
        const classId = 1 + next(4);
        const rle = `${1 + next(STRIP_PIXELS - 400)} ${1 + next(300)}`;
        const { reply, conflicts: met } = await saveSteelMask(served, bases, itemId, classId, rle);
        latencies.push((performance.now() - started) / Math.max(1, met + (reply.ok ? 1 : 0)));
        conflicts += met;
        if (!reply.ok) failures++;
        else for (const s of reply.value.saved) acknowledged.push({ save, request: 'steel.save', revisionId: s.revisionId, itemId, classId: s.classId, payload: rle });
      } else {
        const first = pick(slices);
        const changes = [0, 1].slice(0, 1 + next(2)).map((d) => ({ itemId: slices[(first + d) % slices.length], bits: next(32) }));
        const { reply, conflicts: met } = await saveCtLabels(served, bases, changes);
        latencies.push((performance.now() - started) / Math.max(1, met + (reply.ok ? 1 : 0)));
        conflicts += met;
        if (!reply.ok) failures++;
        else reply.value.revisionIds.forEach((revisionId, j) => acknowledged.push({ save, request: 'ct.saveLabels', revisionId, itemId: changes[j].itemId, classId: 0, payload: String(changes[j].bits) }));
      }
    }
  };
  await Promise.all(Array.from({ length: ANNOTATORS }, (_, k) => annotator(k)));
  for (const h of hosts) {
    h.child.kill('SIGTERM');
    await h.exited;
  }

  const { missing, integrity } = checkFile(database, acknowledged);
  const store = openDatabase(database);
  const humanRevisions = store.prepare("SELECT COUNT(*) FROM label_revisions WHERE source = 'human'").pluck().get() as number;
  store.close();
  await space.cleanup();
  const sorted = [...latencies].sort((a, b) => a - b);
  return {
    annotators: ANNOTATORS,
    hosts: HOSTS,
    seconds: SECONDS,
    acknowledgedSaves: new Set(acknowledged.map((a) => a.save)).size,
    acknowledgedRevisions: acknowledged.length,
    conflictsRebased: conflicts,
    failedSaves: failures,
    lostRevisions: missing.length,
    // Human revisions in the file that no acknowledged save made (a save written twice, or one never acknowledged).
    unacknowledgedRevisions: humanRevisions - acknowledged.length,
    integrityOk: integrity === 'ok' ? 1 : 0,
    savesPerSecond: acknowledged.length / SECONDS,
    p50SaveMs: percentile(sorted, 50),
    p95SaveMs: percentile(sorted, 95),
  };
}
