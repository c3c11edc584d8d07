// What `loupe serve` acknowledged survives kill -9: a real child process on a temp database takes a burst of
// saves (steel.save, ct.saveLabels, labels.save) from several clients at once; after a set number of
// acknowledged saves it is killed with SIGKILL mid-burst, started again on the same file, and every
// acknowledged revision must be there with its payload, the database intact. Several rounds on one file;
// `npm run bench -- durability` runs more.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { openTestWorkspace } from '../helpers/workspace';
import { startServe } from '../helpers/serve';
import { burstThenKill, checkFile, missingFromServer, type AcknowledgedRevision, type BurstTargets } from '../helpers/save-burst';

const ROUNDS = 4;

let dir: string;
let database: string;
let targets: BurstTargets;

beforeAll(async () => {
  const space = await openTestWorkspace();
  dir = space.dir;
  database = join(dir, 'loupe.db');
  targets = {
    strips: space.workstation.services.datasets.items(space.steelId).map((i) => i.id),
    slices: space.workstation.services.datasets.items(space.ctId).map((i) => i.id),
  };
  await space.workstation.close();
}, 120_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('kill -9 during a burst of saves', () => {
  it(`keeps every acknowledged save, ${ROUNDS} rounds on one database`, async () => {
    const everything: AcknowledgedRevision[] = [];
    let served = await startServe(database);
    for (let round = 0; round < ROUNDS; round++) {
      const killAfter = 30 + round * 10;
      const { revisions, signal } = await burstThenKill(served, targets, killAfter);
      expect(signal).toBe('SIGKILL');
      expect(new Set(revisions.map((r) => r.save)).size).toBeGreaterThanOrEqual(killAfter);
      everything.push(...revisions);
      expect(checkFile(database, everything).integrity).toBe('ok');
      // The restarted server shows every save acknowledged so far, this round's and the earlier ones'.
      served = await startServe(database);
      expect(await missingFromServer(served, everything), `round ${round + 1}`).toEqual([]);
    }
    await served.stop();
    const file = checkFile(database, everything);
    expect(file).toEqual({ missing: [], integrity: 'ok' });
    expect(new Set(everything.map((a) => a.revisionId)).size).toBe(everything.length);
    const saves = new Set(everything.map((a) => a.save)).size;
    console.log(`[durability] ${ROUNDS} kill -9 rounds, ${saves} acknowledged saves (${everything.length} revisions), none lost, integrity ok`);
  }, 240_000);
});
