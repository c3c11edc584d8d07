import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { createServices, type Services } from '../../src/main/composition';
import { generateDemo, DEMO_CT, DEMO_STEEL } from '../../src/main/demo/generate';
import { ItemService } from '../../src/main/services/datasets/items';
import { tempDir } from '../helpers/fs';

let tmp: ReturnType<typeof tempDir>;
let services: Services;
let report: Awaited<ReturnType<typeof generateDemo>>;

beforeAll(async () => {
  tmp = tempDir();
  services = createServices(join(tmp.dir, 'demo.db'));
  report = await generateDemo(services, join(tmp.dir, 'demo-data'), { strips: 8, slices: 12, sliceSize: 64 });
});
afterAll(() => {
  services.close();
  tmp.cleanup();
});

describe('demo workspace', () => {
  it('creates a steel dataset with masks of all four classes and a defect-free strip', () => {
    expect(report.steel).toMatchObject({ name: DEMO_STEEL, items: 8, skippedFiles: [] });
    const items = new ItemService(services.datasets, services.labels).list(DEMO_STEEL);
    for (const c of ['1', '2', '3', '4']) expect(items.some((i) => i.labels[c] > 0)).toBe(true);
    expect(items.some((i) => Object.values(i.labels).every((v) => v === 0))).toBe(true);
  });

  it('creates a head-CT dataset of two phantom series, ordered by position, with haemorrhage labels', () => {
    expect(report.ct).toMatchObject({ name: DEMO_CT, items: 24, labelled: 24, skippedFiles: [] });
    const items = new ItemService(services.datasets, services.labels).list(DEMO_CT);
    expect(new Set(items.map((i) => i.seriesUid)).size).toBe(2);
    const first = items.filter((i) => i.seriesUid === items[0].seriesUid).map((i) => i.position!);
    expect(first).toEqual([...first].sort((a, b) => a - b));
    for (const subtype of ['epidural', 'intraparenchymal', 'intraventricular', 'subarachnoid', 'subdural']) {
      expect(items.some((i) => i.labels[subtype] === 1)).toBe(true);
    }
    expect(items.every((i) => i.labels.any === (Object.entries(i.labels).some(([k, v]) => k !== 'any' && v === 1) ? 1 : 0))).toBe(true);
  });
});
