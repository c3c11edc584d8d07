// Done when "a worker in another process runs a training job submitted from the UI with live progress": the
// real page in Chromium against `loupe serve --jobs-on-worker` on a team database; Train in the Models panel
// waits for a GPU worker, then a `loupe worker` process takes it, and the page draws its curves live and
// lists the new version. Needs Debian's PostgreSQL 15 server binaries (skipped with the reason without them).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { createServices } from '../../src/main/composition';
import type { DatasetCard } from '../../src/shared/api/types';
import type { ModelRegistryView } from '../../src/shared/api/model-types';
import { POSTGRES_BIN, startPostgres, type PostgresCluster } from '../helpers/postgres-cluster';
import { tempDir } from '../helpers/fs';
import { writeSmallCt } from '../helpers/small-ct';
import { startWorker, type WorkerChild } from '../helpers/worker';
import { api, closeWorkstation, openWorkstation, serve, type Served, type TestBrowser } from './browser';

const HAS_POSTGRES = existsSync(join(POSTGRES_BIN, 'initdb'));
const LONG = 200_000;

let cluster: PostgresCluster;
let tmp: ReturnType<typeof tempDir>;
let served: Served;
let browser: TestBrowser;
let page: Page;
let worker: WorkerChild | undefined;
let dataset: DatasetCard;
const modelsDirBefore = process.env.LOUPE_MODELS_DIR;

describe.skipIf(!HAS_POSTGRES)(`Train on a GPU worker from the page (skipped without ${POSTGRES_BIN}/initdb: apt-get install postgresql)`, () => {
  beforeAll(async () => {
    cluster = await startPostgres();
    tmp = tempDir('loupe-e2e-worker-');
    process.env.LOUPE_MODELS_DIR = join(tmp.dir, 'models'); // the folder every machine reads: the host inherits it
    const services = createServices(cluster.url);
    try {
      const ct = writeSmallCt(tmp.dir);
      await services.importRsna({ dicomDir: ct.dicomDir, labelsCsv: ct.labelsCsv, name: 'Head on the team database' });
    } finally {
      services.close();
    }
    served = await serve(undefined, { database: cluster.url, args: ['--no-demo', '--jobs-on-worker'] });
    dataset = (await api<DatasetCard[]>(served, 'datasets.list')).find((d) => d.name === 'Head on the team database')!;
    browser = await openWorkstation(served, { userName: 'E2E Trainer' });
    page = browser.page;
    await page.goto(`${served.origin}/#/datasets/${dataset.id}`);
    await page.getByRole('button', { name: 'Models of this dataset' }).click();
    await panel().getByRole('table', { name: 'Model versions' }).waitFor();
  }, LONG);

  afterAll(async () => {
    if (worker && worker.child.exitCode === null && worker.child.signalCode === null) worker.child.kill('SIGKILL');
    await closeWorkstation(browser, served);
    cluster?.stop();
    tmp?.cleanup();
    if (modelsDirBefore === undefined) delete process.env.LOUPE_MODELS_DIR;
    else process.env.LOUPE_MODELS_DIR = modelsDirBefore;
  });

  const panel = () => page.getByRole('dialog', { name: `Models of ${dataset.name}` });

  it('waits for a worker, then shows the live curves of the worker that took it, and lists the new version', async () => {
    const before = await api<ModelRegistryView>(served, 'models.list', { datasetId: dataset.id });
    await panel().getByLabel('Epochs').fill('3');
    await panel().getByRole('button', { name: 'Train', exact: true }).click();
    await panel().getByText('Waiting for a GPU worker').waitFor({ timeout: LONG });

    worker = await startWorker(cluster.url, process.env.LOUPE_MODELS_DIR!);
    await panel().getByRole('status', { name: /^Training curves: [1-9]\d* epochs$/ }).waitFor({ timeout: LONG });
    const result = panel().getByRole('status', { name: 'Training result' });
    await result.waitFor({ timeout: LONG });
    const after = await api<ModelRegistryView>(served, 'models.list', { datasetId: dataset.id });
    const added = after.versions.filter((v) => !before.versions.some((b) => b.version === v.version));
    expect(added.map((v) => v.version)).toEqual(['ct-1']);
    expect(await result.textContent()).toContain('ct-1');
    await panel().getByRole('table', { name: 'Model versions' }).getByText('ct-1', { exact: true }).waitFor();
    expect(worker.stderr()).toMatch(/job \d+ done/);
    worker.child.kill('SIGTERM');
    expect(await worker.exited).toBe(0);
  }, LONG);
});
