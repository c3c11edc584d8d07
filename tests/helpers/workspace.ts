// A small workspace for the shell's tests: a steel dataset of three strips and a CT series of three
// slices, imported into a fresh database behind a workstation (the same object Electron and the host use).
import { join } from 'node:path';
import { openWorkstation, type Workstation } from '../../src/main/api/workstation';
import { tempDir } from './fs';
import { writeCsv, writeStrip } from './severstal';
import { rsnaCsvLines, writeSeries } from './rsna';

export interface TestWorkspace {
  dir: string;
  workstation: Workstation;
  steelId: number;
  ctId: number;
  steelFolder: string;
  steelCsv: string;
  ctFolder: string;
  ctCsv: string;
  cleanup(): Promise<void>;
}

/** Class 1 on s1, class 3 on s2, nothing on s3; CT: k1 none, k2 subdural, k3 epidural + subdural. */
export async function openTestWorkspace(shell: 'browser' | 'electron' = 'browser'): Promise<TestWorkspace> {
  const { dir, cleanup } = tempDir('loupe-shell-');
  const steelFolder = join(dir, 'steel', 'train_images');
  for (const [i, name] of ['s1.jpg', 's2.jpg', 's3.jpg'].entries()) await writeStrip(steelFolder, name, { seed: i });
  const steelCsv = writeCsv(join(dir, 'steel'), 'train.csv', ['ImageId,ClassId,EncodedPixels', 's1.jpg,1,1 100 1000 50', 's2.jpg,3,5000 300']);
  const ctFolder = join(dir, 'ct');
  writeSeries(ctFolder, {
    patient: 'P1',
    study: '1.2.3',
    series: '1.2.3.4',
    slices: [
      { key: 'ID_k3', z: 10, instanceNumber: 3 },
      { key: 'ID_k1', z: 0, instanceNumber: 1 },
      { key: 'ID_k2', z: 5, instanceNumber: 2 },
    ],
  });
  const ctCsv = writeCsv(dir, 'ct.csv', rsnaCsvLines(['ID_k1', 'ID_k2', 'ID_k3'], { ID_k2: ['subdural'], ID_k3: ['epidural', 'subdural'] }));
  const workstation = openWorkstation({ database: join(dir, 'loupe.db'), shell });
  const steel = await workstation.services.importSeverstal({ imagesDir: steelFolder, labelsCsv: steelCsv, name: 'steel' });
  const ct = await workstation.services.importRsna({ dicomDir: ctFolder, labelsCsv: ctCsv, name: 'ct' });
  return {
    dir,
    workstation,
    steelId: steel.datasetId,
    ctId: ct.datasetId,
    steelFolder,
    steelCsv,
    ctFolder,
    ctCsv,
    cleanup: async () => {
      await workstation.close();
      cleanup();
    },
  };
}

/** A request through the dispatcher that must succeed; returns its value. */
export async function call<T = unknown>(workstation: Workstation, name: string, args?: unknown): Promise<T> {
  const reply = await workstation.dispatch(name, args);
  if (!reply.ok) throw new Error(`${name}: ${reply.error.code}: ${reply.error.message}`);
  return reply.value as T;
}
