// The model registry: import a model folder with its card, activate and roll back, export; a corrupt
// folder or card is a clear error and leaves the registry (and the models folder) unchanged.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cpSync, existsSync, readdirSync, readFileSync, truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createServices, type Services } from '../../src/main/composition';
import { defaultStarterDir } from '../../src/main/services/models/models-folders';
import { fingerprint, tempDir } from '../helpers/fs';

let tmp: ReturnType<typeof tempDir>;
let services: Services;
const starter = join(defaultStarterDir(), 'steel-starter');

function copyOfStarter(name: string): string {
  const dir = join(tmp.dir, name);
  cpSync(starter, dir, { recursive: true });
  return dir;
}

beforeAll(() => {
  tmp = tempDir('loupe-registry-');
  services = createServices(join(tmp.dir, 'loupe.db'));
});
afterAll(() => {
  services.close();
  tmp.cleanup();
});

describe('model registry', () => {
  it('refuses a corrupt folder or card with a clear error and changes nothing', () => {
    const before = fingerprint(services.db);
    const truncated = copyOfStarter('truncated');
    truncateSync(join(truncated, 'weights.bin'), 1000);
    expect(() => services.modelFolders.importFolder(truncated)).toThrow(/weight files hold 1000 bytes .* truncated or corrupt/);

    const badCard = copyOfStarter('bad-card');
    const card = JSON.parse(readFileSync(join(badCard, 'card.json'), 'utf8'));
    writeFileSync(join(badCard, 'card.json'), JSON.stringify({ ...card, minArea: [-1, 0, 0, 0], classNames: ['1'] }));
    expect(() => services.modelFolders.importFolder(badCard)).toThrow(/not a valid Loupe model card: .*classNames.*minArea/);

    const notJson = copyOfStarter('not-json');
    writeFileSync(join(notJson, 'card.json'), '{ task: steel');
    expect(() => services.modelFolders.importFolder(notJson)).toThrow(/card\.json: card\.json is not valid JSON/);
    expect(() => services.modelFolders.importFolder(join(tmp.dir, 'nowhere'))).toThrow(/no such model folder/);

    expect(fingerprint(services.db)).toBe(before);
    expect(existsSync(services.models.modelsDir) ? readdirSync(services.models.modelsDir) : []).toEqual([]);
  });

  it('imports, activates, rolls back and exports versions', () => {
    const a = services.modelFolders.importFolder(copyOfStarter('a'), { version: 'steel-a', activate: true });
    expect(a).toMatchObject({ version: 'steel-a', task: 'steel', architecture: 'steel-unet', active: true });
    const b = services.modelFolders.importFolder(copyOfStarter('b'), { version: 'steel-b' });
    expect(b.active).toBe(false);
    services.models.activate('steel-b');
    expect(services.models.active('steel')?.version).toBe('steel-b');
    expect(services.models.rollback('steel').version).toBe('steel-a');
    expect(services.models.list('steel').filter((m) => m.active).map((m) => m.version)).toEqual(['steel-a']);

    const before = fingerprint(services.db);
    expect(() => services.modelFolders.importFolder(copyOfStarter('c'), { version: 'steel-a' })).toThrow(/exists already/);
    expect(fingerprint(services.db)).toBe(before);

    const out = join(tmp.dir, 'exported');
    const exported = services.modelFolders.exportVersion('steel-b', out);
    expect(exported.files.sort()).toEqual(['card.json', 'model.json', 'weights.bin']);
    expect(JSON.parse(readFileSync(join(out, 'card.json'), 'utf8')).provenance.version).toBe('steel-b');
    expect(services.modelFolders.importFolder(out).version).toMatch(/^steel-\d+$/); // its name is taken: the next free one
    expect(() => services.modelFolders.exportVersion('steel-a', out)).toThrow(/not empty/);
  });

  it('changes a steel version’s thresholds in its card and refuses bad ones', () => {
    const updated = services.models.setPostprocessing('steel-a', { thresholds: [0.6, 0.6, 0.7, 0.7], minArea: [10, 20, 30, 40] });
    expect(updated.card).toMatchObject({ thresholds: [0.6, 0.6, 0.7, 0.7], minArea: [10, 20, 30, 40] });
    expect(JSON.parse(readFileSync(join(updated.path, 'card.json'), 'utf8')).thresholds).toEqual([0.6, 0.6, 0.7, 0.7]);
    expect(() => services.models.setPostprocessing('steel-a', { thresholds: [2, 0, 0, 0] })).toThrow(/four values/);
  });
});
