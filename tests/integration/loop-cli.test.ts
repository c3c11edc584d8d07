// `loupe queue` and `loupe qa` as a person runs them, on a store prepared with planted predictions: the
// --json shapes, the text tables (rank, key, score, reason; per class model beside baseline), and one-line
// errors for a wrong strategy or an ensemble with a single version.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { createServices } from '../../src/main/composition';
import { tempDir } from '../helpers/fs';
import { loupe, loupeJson } from '../helpers/cli';
import { importSteelQueueSet, plantSteelPrediction } from '../helpers/loop';
import type { QaSummary, QueueView } from '../../src/shared/api/loop-types';

let tmp: ReturnType<typeof tempDir>;
let db: string;

beforeAll(async () => {
  tmp = tempDir('loupe-loop-cli-');
  db = join(tmp.dir, 'loupe.db');
  const services = createServices(db);
  const s = await importSteelQueueSet(services, tmp.dir);
  plantSteelPrediction(services, 'model:v1', { [s.s1]: {}, [s.s2]: { 1: '1 80' }, [s.s3]: {}, [s.s4]: { 2: '1 500' } });
  services.labels.review(s.s1, 'approved', 'Ada');
  services.labels.review(s.s2, 'approved', 'Ada');
  services.close();
});
afterAll(() => tmp.cleanup());

describe('loupe queue', () => {
  it('prints the queue worst first with its reasons (--json)', () => {
    const view = loupeJson<QueueView>('queue', 'steel', '--by', 'disagreement', '--db', db);
    expect(Object.keys(view).sort()).toEqual(['dataset', 'datasetId', 'kind', 'order', 'rows', 'scored', 'total']);
    expect(view).toMatchObject({ dataset: 'steel', kind: 'severstal', order: { by: 'disagreement', model: 'v1', against: null, seed: null }, total: 4, scored: 3 });
    expect(view.rows[0]).toEqual({ rank: 1, itemId: view.rows[0].itemId, key: 's1.jpg', score: 0.25, reason: 'class 3: model 0 px, label 5,253 px (Dice 0.0000)' });
    expect(view.rows.map((r) => r.key)).toEqual(['s1.jpg', 's2.jpg', 's3.jpg', 's4.jpg']);
    expect(loupeJson<QueueView>('queue', 'steel', '--by', 'random', '--seed', '7', '--limit', '2', '--db', db).rows).toHaveLength(2);
  });

  it('prints a table of rank, key, score and reason', () => {
    const result = loupe('queue', 'steel', '--by', 'disagreement', '--db', db);
    expect(result.code).toBe(0);
    const lines = result.stdout.trimEnd().split('\n');
    expect(lines[0]).toBe('Disagreement queue of "steel" (model v1): 4 items, 3 scored');
    expect(lines[1]).toMatch(/^rank\s+key\s+score\s+reason$/);
    expect(lines[2]).toMatch(/^\s+1\s+s1\.jpg\s+0\.2500\s+class 3: model 0 px, label 5,253 px \(Dice 0\.0000\)$/);
    expect(lines[5]).toMatch(/^\s+4\s+s4\.jpg\s+-\s+no label yet to compare the model with$/);
  });

  it('fails with one line for an unknown strategy and for an ensemble of one version', () => {
    const unknown = loupe('queue', 'steel', '--by', 'loudest', '--db', db);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr.trim().split('\n')).toHaveLength(1);
    expect(unknown.stderr).toMatch(/--by.*loudest/);
    const single = loupe('queue', 'steel', '--by', 'ensemble', '--db', db);
    expect(single.code).toBe(1);
    expect(single.stderr.trim()).toBe('loupe: the ensemble order compares two model versions, and only v1 has predicted dataset "steel": pre-annotate it with another version');
  });
});

describe('loupe qa', () => {
  it('prints the reviewed-items figures per model and class (--json)', () => {
    const qa = loupeJson<QaSummary>('qa', 'steel', '--tz', 'UTC', '--db', db);
    expect(Object.keys(qa).sort()).toEqual(['dataset', 'datasetId', 'kind', 'models', 'overTime', 'progress', 'rule', 'throughput', 'timeZone']);
    expect(qa.progress).toEqual({ total: 4, counted: 2, byState: { unreviewed: 2, in_progress: 0, approved: 2, flagged: 0 } });
    expect(qa.models[0].steel!.perClass.map((c) => c.emptyBaseline)).toEqual([0.5, 1, 0.5, 1]);
    expect(qa.models[0].steel!.emptyBaseline).toBe(0.75);
    expect(qa.throughput.authors).toEqual([{ author: 'Ada', approved: 2, flagged: 0, days: 1 }]);
  });

  it('prints the count, the rule, a table per class with the empty baseline, the worst strips and the throughput', () => {
    const result = loupe('qa', 'steel', '--tz', 'UTC', '--db', db);
    expect(result.code).toBe(0);
    const text = result.stdout;
    expect(text).toMatch(/^QA of "steel": 2 of 4 strips counted\n/);
    expect(text).toContain('Counted on the items a person approved that have a label');
    expect(text).toContain('Model v1 on 2 reviewed strips');
    expect(text).toMatch(/class\s+mean Dice\s+empty baseline\s+model − baseline/);
    expect(text).toMatch(/\n\s+3\s+0\.5000\s+0\.5000\s+\+0\.0000\s+1\s+0\s+0\s+1\s+1\n/);
    expect(text).toMatch(/\n\s+all\s+0\.8611\s+0\.7500\s+\+0\.1111\n/);
    expect(text).toMatch(/s1\.jpg\s+0\.2500\s+class 3: model 0 px, label 5,253 px/);
    expect(text).toMatch(/\d{4}-\d{2}-\d{2}\s+Ada\s+2\s+0/);
  });

  it('refuses an unknown time zone in one line', () => {
    const result = loupe('qa', 'steel', '--tz', 'Mars/Olympus', '--db', db);
    expect(result.code).toBe(1);
    expect(result.stderr.trim()).toBe('loupe: --tz "Mars/Olympus" is not a time zone (expected an IANA name such as UTC or Europe/Berlin)');
  });
});
