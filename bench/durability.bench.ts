// kill -9 durability with more rounds than the test: bursts of saves against a real `loupe serve`, SIGKILL
// after a set number of acknowledged saves, restart, and every acknowledged revision checked by id.
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { openTestWorkspace } from '../tests/helpers/workspace';
import { startServe } from '../tests/helpers/serve';
import { burstThenKill, checkFile, missingFromServer, type AcknowledgedRevision } from '../tests/helpers/save-burst';

const ROUNDS = Number(process.env.LOUPE_BENCH_DURABILITY_ROUNDS ?? 20);

export async function benchDurability(): Promise<Record<string, number>> {
  const space = await openTestWorkspace();
  const database = join(space.dir, 'loupe.db');
  const targets = {
    strips: space.workstation.services.datasets.items(space.steelId).map((i) => i.id),
    slices: space.workstation.services.datasets.items(space.ctId).map((i) => i.id),
  };
  await space.workstation.close();
  const everything: AcknowledgedRevision[] = [];
  let lost = 0;
  let integrityFailures = 0;
  let restartMs = 0;
  try {
    let served = await startServe(database);
    for (let round = 0; round < ROUNDS; round++) {
      const { revisions } = await burstThenKill(served, targets, 100 + ((round * 37) % 200));
      everything.push(...revisions);
      if (checkFile(database, everything).integrity !== 'ok') integrityFailures++;
      const started = performance.now();
      served = await startServe(database);
      restartMs += performance.now() - started;
      lost = Math.max(lost, (await missingFromServer(served, everything)).length);
    }
    await served.stop();
    const file = checkFile(database, everything);
    if (file.integrity !== 'ok') integrityFailures++;
    lost = Math.max(lost, file.missing.length);
  } finally {
    rmSync(space.dir, { recursive: true, force: true });
  }
  return {
    rounds: ROUNDS,
    acknowledgedSaves: new Set(everything.map((a) => a.save)).size,
    acknowledgedRevisions: everything.length,
    lost,
    integrityFailures,
    restartMs: restartMs / ROUNDS,
  };
}
