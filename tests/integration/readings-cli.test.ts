// `loupe readings assign|agreement`: the same double-reading services from the command line.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { openTestWorkspace, type TestWorkspace } from '../helpers/workspace';
import { loupe, loupeJson } from '../helpers/cli';
import type { ReadingAgreement, ReadingAssignment } from '../../src/shared/api/reading-types';

let space: TestWorkspace;
let db: string;

beforeAll(async () => {
  space = await openTestWorkspace();
  db = join(space.dir, 'loupe.db');
});
afterAll(async () => space?.cleanup());

describe('loupe readings', () => {
  it('assigns items to two readers with honeypots, and prints the agreement with their accuracy', { timeout: 120_000 }, () => {
    const assigned = loupeJson<ReadingAssignment>('readings', 'assign', 'steel', '--readers', 'ana,ben', '--count', '1', '--honeypots', '1', '--by', 'Rui', '--db', db);
    expect(assigned).toEqual({ tasks: 4, items: 1, honeypots: 1, readers: ['ana', 'ben'] });
    const { readings, datasets } = space.workstation.services;
    const [s1, s2] = datasets.items(space.steelId);
    readings.save('ana', s1.id, [{ classId: 1, payload: '1 100' }]);
    readings.save('ben', s1.id, [{ classId: 1, payload: '1 100' }]);
    readings.save('ana', s2.id, [{ classId: 3, payload: '5000 300' }]);
    const agreement = loupeJson<ReadingAgreement>('readings', 'agreement', 'steel', '--db', db);
    expect(agreement).toMatchObject({ readByTwo: 1, disagreements: 0, honeypots: [{ reader: 'ana', read: 1, accuracy: 1 }, { reader: 'ben', read: 0, accuracy: null }] });
    const text = loupe('readings', 'agreement', 'steel', '--db', db);
    expect(text.code, text.stderr).toBe(0);
    expect(text.stdout).toContain('class 1\tDice between readers 1.000\t(1 pairs)');
    expect(loupe('readings', 'assign', 'steel', '--readers', 'ana', '--db', db).stderr).toMatch(/at least two different readers/);
  });
});
