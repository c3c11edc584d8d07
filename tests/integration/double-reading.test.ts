// Double reading end to end over the real team host: a reviewer assigns strips to two annotators (a honeypot
// among them), each reads blind, the agreement and the honeypot accuracy come out per reader, the disagreement
// reaches the adjudication queue, and the reviewer's decision becomes a new human revision signed by them.
// An annotator's assign or adjudicate request is refused with 403 and writes nothing.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningHost } from '../../src/main/host/server';
import type { AdjudicationQueue, MyReading, ReadingAgreement, ReadingTaskView } from '../../src/shared/api/reading-types';
import { openTestWorkspace, type TestWorkspace } from '../helpers/workspace';
import { PEOPLE, addPeople, postJson, signIn, startTeamHost } from '../helpers/team';
import { fingerprint } from '../helpers/fs';
import { binaryPaths } from '../../src/shared/api/binary';

let space: TestWorkspace;
let host: RunningHost;
const cookies: Record<string, string> = {};
let s1: number;
let s2: number;
const BEN = { name: 'Ben', password: 'annotates-too-much' };

beforeAll(async () => {
  space = await openTestWorkspace();
  await addPeople(space.workstation);
  await space.workstation.services.users.add(BEN.name, BEN.password, 'annotator');
  host = await startTeamHost(space.workstation);
  cookies.ana = await signIn(host, 'annotator');
  cookies.rui = await signIn(host, 'reviewer');
  const ben = await postJson(host, '/auth/login', BEN);
  cookies.ben = ben.setCookie!.split(';')[0];
  const items = space.workstation.services.datasets.items(space.steelId);
  s1 = items.find((i) => i.key === 's1.jpg')!.id;
  s2 = items.find((i) => i.key === 's2.jpg')!.id;
});
afterAll(async () => {
  await host?.close();
  await space?.cleanup();
});

async function as<T>(who: string, name: string, args: unknown = {}): Promise<T> {
  const reply = await postJson(host, `/api/${name}`, args, cookies[who]);
  if (!reply.body.ok) throw new Error(`${who} ${name}: ${reply.status} ${JSON.stringify(reply.body.error)}`);
  return reply.body.value as T;
}
const humanRevisions = () => space.workstation.services.labels.history(s1).filter((r) => r.source === 'human').length;

describe('double reading of steel strips', () => {
  it('refuses an annotator who assigns readings or adjudicates, writing nothing', async () => {
    const before = fingerprint(space.workstation.services.db);
    const assign = await postJson(host, '/api/readings.assign', { datasetId: space.steelId, readers: ['Ana', 'Ben'], itemIds: [s1] }, cookies.ana);
    expect(assign.status).toBe(403);
    expect(assign.body.error?.message).toBe(`readings.assign needs a reviewer; ${PEOPLE.annotator.name} is an annotator`);
    const decide = await postJson(host, '/api/readings.adjudicate', { itemId: s1, classes: [{ classId: 1, payload: '' }] }, cookies.ben);
    expect(decide.status).toBe(403);
    expect((await postJson(host, '/api/readings.agreement', { datasetId: space.steelId }, cookies.ana)).status).toBe(403);
    expect(fingerprint(space.workstation.services.db)).toBe(before);
  });

  it('assigns a strip to two readers with a honeypot in each queue that they cannot tell apart', async () => {
    const assigned = await as<{ tasks: number; honeypots: number }>('rui', 'readings.assign', { datasetId: space.steelId, readers: ['Ana', 'Ben'], itemIds: [s1], honeypots: 1 });
    expect(assigned).toMatchObject({ tasks: 4, items: 1, honeypots: 1 });
    const mine = await as<ReadingTaskView[]>('ana', 'readings.mine');
    expect(mine.map((t) => t.key)).toEqual(['s1.jpg', 's2.jpg']);
    expect(JSON.stringify(mine)).not.toMatch(/honeypot/i);
    expect(mine[0]).toMatchObject({ assignedBy: PEOPLE.reviewer.name, doneAt: null });
    // An unknown reader is refused.
    const unknown = await postJson(host, '/api/readings.assign', { datasetId: space.steelId, readers: ['Ana', 'Nobody'], itemIds: [s1] }, cookies.rui);
    expect(unknown.body.error?.code).toBe('bad_input');
  });

  it('lets each reader see and save only their own reading, without touching the label', async () => {
    const revisions = humanRevisions();
    expect((await as<MyReading>('ana', 'readings.open', { itemId: s1 })).classes).toEqual([]); // not the truth, not Ben's
    await as('ana', 'readings.save', { itemId: s1, classes: [{ classId: 1, payload: '1 100' }] });
    await as('ben', 'readings.save', { itemId: s1, classes: [{ classId: 1, payload: '5000 100' }] });
    const anas = await as<MyReading>('ana', 'readings.open', { itemId: s1 });
    expect(anas.classes).toEqual([{ classId: 1, payload: '1 100' }]);
    expect(anas.doneAt).not.toBeNull();
    // The honeypot s2 (truth: class 3 at 5000 300): Ana gets it right, Ben marks nothing.
    await as('ana', 'readings.save', { itemId: s2, classes: [{ classId: 3, payload: '5000 300' }] });
    await as('ben', 'readings.save', { itemId: s2, classes: [{ classId: 3, payload: '' }] });
    expect(humanRevisions()).toBe(revisions);
    // The workspace hides the strip's label and history from its readers until a reviewer decides it.
    for (const name of ['steel.labels', 'steel.history', 'labels.history']) {
      const hidden = await postJson(host, `/api/${name}`, { itemId: s2 }, cookies.ben);
      expect({ name, ok: hidden.body.ok, code: hidden.body.error?.code }).toEqual({ name, ok: false, code: 'forbidden' });
    }
    const mask = await fetch(`${new URL(host.url).origin}${binaryPaths.mask(s2, 3)}`, { headers: { cookie: cookies.ana } });
    expect(mask.status).toBe(403);
    expect((await postJson(host, '/api/steel.labels', { itemId: s2 }, cookies.rui)).body.ok).toBe(true);
    // A reader opens only items in their own queue.
    const other = space.workstation.services.datasets.items(space.steelId).find((i) => i.key === 's3.jpg')!.id;
    expect((await postJson(host, '/api/readings.open', { itemId: other }, cookies.ana)).body.error?.code).toBe('not_found');
  });

  it('measures the agreement by Dice per class and the honeypot accuracy per reader', async () => {
    const agreement = await as<ReadingAgreement>('rui', 'readings.agreement', { datasetId: space.steelId });
    expect(agreement).toMatchObject({ assigned: 1, readByTwo: 1, disagreements: 1, waiting: 1, adjudicated: 0 });
    expect(agreement.dicePerClass).toEqual([
      { classId: 1, dice: 0, pairs: 1 },
      { classId: 2, dice: 1, pairs: 1 },
      { classId: 3, dice: 1, pairs: 1 },
      { classId: 4, dice: 1, pairs: 1 },
    ]);
    expect(agreement.honeypots).toEqual([
      { reader: 'Ana', read: 1, accuracy: 1 },
      { reader: 'Ben', read: 1, accuracy: 0.75 },
    ]);
  });

  it('puts the disagreement in the adjudication queue, and the decision becomes a human revision signed by the reviewer', async () => {
    const queue = await as<AdjudicationQueue>('rui', 'readings.adjudicationQueue', { datasetId: space.steelId });
    expect(queue.items.map((i) => [i.key, i.disagreeOn, i.readers.map((r) => r.reader)])).toEqual([['s1.jpg', ['1'], ['Ana', 'Ben']]]);
    const ana = queue.items[0].readers[0].classes;
    const decided = await as<{ revisionIds: number[] }>('rui', 'readings.adjudicate', { itemId: s1, classes: [1, 2, 3, 4].map((classId) => ({ classId, payload: ana.find((c) => c.classId === classId)?.payload ?? '' })) });
    expect(decided.revisionIds).toHaveLength(4);
    const current = space.workstation.services.labels.currentRevisionsOf(s1).get(1)!;
    expect(current).toMatchObject({ source: 'human', author: PEOPLE.reviewer.name, payload: '1 100', id: decided.revisionIds[0] });
    expect((await as<AdjudicationQueue>('rui', 'readings.adjudicationQueue', { datasetId: space.steelId })).items).toEqual([]);
    expect(await as<ReadingAgreement>('rui', 'readings.agreement', { datasetId: space.steelId })).toMatchObject({ disagreements: 1, waiting: 0, adjudicated: 1 });
    // Decided, the strip is no longer hidden from its readers.
    expect((await postJson(host, '/api/steel.labels', { itemId: s1 }, cookies.ana)).body.ok).toBe(true);
    const again = await postJson(host, '/api/readings.adjudicate', { itemId: s1, classes: [{ classId: 1, payload: '' }] }, cookies.rui);
    expect(again.body.error?.code).toBe('conflict');
    // The readings of a decided strip are closed.
    const late = await postJson(host, '/api/readings.save', { itemId: s1, classes: [{ classId: 1, payload: '' }] }, cookies.ben);
    expect(late.body.error?.code).toBe('conflict');
  });
});

describe('double reading of CT slices', () => {
  it("gives per-label agreement and Cohen's kappa, and queues the slices whose labels differ", async () => {
    const { readings, adjudication, datasets } = space.workstation.services;
    const slices = datasets.items(space.ctId);
    readings.assign({ datasetId: space.ctId, readers: ['Ana', 'Ben'], itemIds: slices.map((s) => s.id), assignedBy: 'Rui' });
    const subdural = String(1 << 4);
    readings.save('Ana', slices[0].id, [{ classId: 0, payload: '0' }]);
    readings.save('Ben', slices[0].id, [{ classId: 0, payload: '0' }]);
    readings.save('Ana', slices[1].id, [{ classId: 0, payload: subdural }]);
    readings.save('Ben', slices[1].id, [{ classId: 0, payload: subdural }]);
    readings.save('Ana', slices[2].id, [{ classId: 0, payload: '1' }]);
    readings.save('Ben', slices[2].id, [{ classId: 0, payload: subdural }]);
    const agreement = adjudication.agreement(space.ctId);
    const byLabel = Object.fromEntries(agreement.ctLabels.map((l) => [l.label, l]));
    expect(byLabel.subdural.agreement).toBeCloseTo(2 / 3);
    expect(byLabel.any).toMatchObject({ agreement: 1, kappa: 1, slices: 3 });
    expect(byLabel.intraventricular.kappa).toBe(1);
    expect(agreement.disagreements).toBe(1);
    const queue = adjudication.queue(space.ctId);
    expect(queue.items.map((i) => [i.itemId, i.disagreeOn])).toEqual([[slices[2].id, ['epidural', 'subdural']]]);
    expect(() => readings.save('Ana', slices[0].id, [{ classId: 1, payload: '1 2' }])).toThrow(/CT label/);

    // Blind: the series view shows Ana no label on the slices she reads, and refuses her saves of them; Rui sees them.
    const series = (who: string) => as<{ slices: { itemId: number; bits: number | null; labelRevisionId: number | null }[] }>(who, 'ct.series', { itemId: slices[2].id });
    expect((await series('ana')).slices.map((s) => s.bits)).toEqual([null, null, null]);
    expect((await series('rui')).slices.filter((s) => s.bits !== null).length).toBeGreaterThan(0);
    const save = await postJson(host, '/api/ct.saveLabels', { changes: [{ itemId: slices[2].id, bits: 1, base: 'none' }] }, cookies.ana);
    expect(save.body.error?.code).toBe('forbidden');
    const page = await as<{ rows: { labels: string[]; labelled: boolean }[] }>('ana', 'items.page', { datasetId: space.ctId, offset: 0, limit: 10 });
    expect(page.rows.every((r) => r.labels.length === 0 && !r.labelled)).toBe(true);
  });
});
