// Two people on one store: a steel or CT save based on a revision that is no longer current is refused as a
// conflict that carries their labels, and writes nothing; the merge by class is saved on top of theirs; claims
// say who is editing and lapse after the expiry without activity (on a pinned clock). Two workstations open the
// same SQLite file, as two PCs on one shared store would.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { openWorkstation, type Workstation } from '../../src/main/api/workstation';
import { ClaimService } from '../../src/main/services/claims/claims';
import type { Clock } from '../../src/main/services/clock';
import type { Reply } from '../../src/shared/api/types';
import type { SteelItemLabels, SteelSaveResult } from '../../src/shared/api/steel-types';
import type { CtSaveResult } from '../../src/shared/api/ct-types';
import { mergeByClass } from '../../src/shared/merge-by-class';
import { tempDir } from '../helpers/fs';

let tmp: ReturnType<typeof tempDir>;
let ana: Workstation;
let ben: Workstation;
let strip: number;
let slice: number;

async function call<T>(ws: Workstation, name: string, args: unknown): Promise<Reply<T>> {
  return (await ws.dispatch(name, args)) as Reply<T>;
}
async function ok<T>(ws: Workstation, name: string, args: unknown): Promise<T> {
  const reply = await call<T>(ws, name, args);
  if (!reply.ok) throw new Error(`${name}: ${reply.error.message}`);
  return reply.value;
}
const humanRevisions = (ws: Workstation, itemId: number) => ws.services.labels.history(itemId).filter((r) => r.source === 'human');

beforeEach(() => {
  tmp = tempDir();
  const database = join(tmp.dir, 'team.db');
  ana = openWorkstation({ database, shell: 'browser', importWorker: false, team: { user: 'Ana' } });
  ben = openWorkstation({ database, shell: 'browser', importWorker: false, team: { user: 'Ben' } });
  const db = ana.services.db;
  const steel = Number(db.prepare("INSERT INTO datasets (name, kind, root, created_at) VALUES ('strips', 'severstal', '/x', 'now')").run().lastInsertRowid);
  strip = Number(db.prepare("INSERT INTO items (dataset_id, key, path, width, height, sort_index) VALUES (?, 'a.jpg', 'a.jpg', 1600, 256, 0)").run(steel).lastInsertRowid);
  const ct = Number(db.prepare("INSERT INTO datasets (name, kind, root, created_at) VALUES ('heads', 'rsna', '/y', 'now')").run().lastInsertRowid);
  slice = Number(db.prepare("INSERT INTO items (dataset_id, key, path, width, height, sort_index, series_uid) VALUES (?, 'ID_1', 'ID_1.dcm', 512, 512, 0, '1.2')").run(ct).lastInsertRowid);
  ana.services.labels.append([{ itemId: strip, classId: 1, payload: '1 10' }], 'truth', 'import');
});
afterEach(async () => {
  await ana.close();
  await ben.close();
  tmp.cleanup();
});

describe('steel saves on a moved base', () => {
  it('refuses the second save with their revision (who, when, what) and writes nothing of it', async () => {
    const opened = await ok<SteelItemLabels>(ben, 'steel.labels', { itemId: strip });
    const base = (classId: number) => opened.current[classId - 1].revisionId ?? 'none';
    await ok(ana, 'steel.save', { itemId: strip, classes: [{ classId: 1, rle: '1 20', base: base(1) }] });
    const before = ana.services.labels.history(strip).length;

    const reply = await call<SteelSaveResult>(ben, 'steel.save', {
      itemId: strip,
      classes: [
        { classId: 1, rle: '1 30', base: base(1) },
        { classId: 2, rle: '500 4', base: base(2) },
      ],
    });
    expect(reply.ok).toBe(false);
    if (reply.ok) return;
    expect(reply.error.code).toBe('conflict');
    expect(reply.error.message).toMatch(/a\.jpg .*saved by someone else .*Ana.*nothing was saved/);
    const current = ana.services.labels.currentRevisionsOf(strip).get(1)!;
    expect(reply.error.conflict?.theirs).toEqual([{ itemId: strip, classId: 1, revisionId: current.id, author: 'Ana', createdAt: current.createdAt, payload: '1 20' }]);
    // Class 2 had no conflict, but the save is refused whole: nothing of Ben's was written.
    expect(ana.services.labels.history(strip)).toHaveLength(before);
    expect(humanRevisions(ana, strip).map((r) => r.author)).toEqual(['Ana']);
  });

  it('saves the merge by class as new revisions on top of theirs', async () => {
    const opened = await ok<SteelItemLabels>(ben, 'steel.labels', { itemId: strip });
    const base = (classId: number) => opened.current[classId - 1].revisionId ?? ('none' as const);
    await ok(ana, 'steel.save', { itemId: strip, classes: [{ classId: 1, rle: '1 20', base: base(1) }, { classId: 3, rle: '900 9', base: base(3) }] });
    const mine = [
      { classId: 1, rle: '1 30', base: base(1) },
      { classId: 2, rle: '500 4', base: base(2) },
      { classId: 3, rle: '700 2', base: base(3) },
    ];
    const reply = await call<SteelSaveResult>(ben, 'steel.save', { itemId: strip, classes: mine });
    if (reply.ok) throw new Error('expected a conflict');
    const theirs = reply.error.conflict!.theirs;
    expect(theirs.map((t) => t.classId)).toEqual([1, 3]);

    const merged = mergeByClass(mine, theirs, new Map([[1, 'mine'], [3, 'theirs']]));
    const saved = await ok<SteelSaveResult>(ben, 'steel.save', { itemId: strip, classes: merged });
    expect(saved.saved.map((s) => s.classId)).toEqual([1, 2]);
    expect(saved.unchanged).toEqual([3]);
    const current = ana.services.labels.currentOf(strip);
    expect([current.get(1), current.get(2), current.get(3)]).toEqual(['1 30', '500 4', '900 9']);
    // Ana's revisions are still in the history, under Ben's.
    expect(humanRevisions(ana, strip).map((r) => [r.classId, r.author])).toEqual([[1, 'Ana'], [3, 'Ana'], [1, 'Ben'], [2, 'Ben']]);
  });

  it('is no conflict when the base moved to the very mask being sent (a retried save)', async () => {
    const truth = ana.services.labels.currentRevisionsOf(strip).get(1)!.id;
    await ok(ana, 'steel.save', { itemId: strip, classes: [{ classId: 1, rle: '1 20', base: truth }] });
    const again = await ok<SteelSaveResult>(ana, 'steel.save', { itemId: strip, classes: [{ classId: 1, rle: '1 20', base: truth }] });
    expect([again.saved, again.unchanged]).toEqual([[], [1]]);
  });

  it('a first save names "none": refused once someone labelled the class meanwhile', async () => {
    await ok(ana, 'steel.save', { itemId: strip, classes: [{ classId: 4, rle: '10 2', base: 'none' }] });
    const reply = await call(ben, 'steel.save', { itemId: strip, classes: [{ classId: 4, rle: '', base: 'none' }] });
    expect(reply.ok ? null : reply.error.code).toBe('conflict');
    expect(ana.services.labels.currentOf(strip).get(4)).toBe('10 2');
  });
});

describe('CT saves on a moved base', () => {
  it('refuses every slice of the save with their label when one slice moved, and writes nothing', async () => {
    await ok<CtSaveResult>(ana, 'ct.saveLabels', { changes: [{ itemId: slice, bits: 3, base: 'none' }] });
    const before = ana.services.labels.history(slice).length;
    const reply = await call<CtSaveResult>(ben, 'ct.saveLabels', { changes: [{ itemId: slice, bits: 16, base: 'none' }] });
    if (reply.ok) throw new Error('expected a conflict');
    expect(reply.error.code).toBe('conflict');
    expect(reply.error.conflict!.theirs).toMatchObject([{ itemId: slice, classId: 0, author: 'Ana', payload: '3' }]);
    expect(ana.services.labels.history(slice)).toHaveLength(before);
    // Ben keeps his labels, now based on Ana's revision: a new revision after hers.
    const theirs = reply.error.conflict!.theirs[0].revisionId!;
    await ok(ben, 'ct.saveLabels', { changes: [{ itemId: slice, bits: 16, base: theirs }] });
    expect(humanRevisions(ana, slice).map((r) => [r.author, r.payload])).toEqual([['Ana', '3'], ['Ben', '16']]);
  });

  it('the series page names each slice’s current revision, the base of the next save', async () => {
    const saved = await ok<CtSaveResult>(ana, 'ct.saveLabels', { changes: [{ itemId: slice, bits: 1, base: 'none' }] });
    const page = await ok<{ slices: { itemId: number; labelRevisionId: number | null }[] }>(ben, 'ct.series', { itemId: slice });
    expect(page.slices[0].labelRevisionId).toBe(saved.revisionIds[0]);
  });
});

describe('claims', () => {
  it('opening claims the item; someone else opening it sees who, and the list row says so', async () => {
    expect(await ok(ana, 'claims.open', { itemId: strip })).toMatchObject({ mine: true, claim: { user: 'Ana' } });
    expect(await ok(ben, 'claims.open', { itemId: strip })).toMatchObject({ mine: false, claim: { user: 'Ana' } });
    const page = await ok<{ rows: { id: number; claim?: { user: string } }[] }>(ben, 'items.page', { datasetId: ben.services.datasets.item(strip).datasetId, offset: 0, limit: 10 });
    expect(page.rows[0].claim?.user).toBe('Ana');
    const own = await ok<{ rows: { claim?: unknown }[] }>(ana, 'items.page', { datasetId: ana.services.datasets.item(strip).datasetId, offset: 0, limit: 10 });
    expect(own.rows[0].claim).toBeUndefined();
    // Leaving lets go: Ben can claim it now.
    expect(await ok(ana, 'claims.release', { itemId: strip })).toEqual({ released: true });
    expect(await ok(ben, 'claims.open', { itemId: strip })).toMatchObject({ mine: true, claim: { user: 'Ben' } });
  });

  it('lapses after the expiry without activity; activity moves the expiry on', () => {
    let now = Date.parse('2026-03-01T08:00:00.000Z');
    const clock: Clock = { now: () => new Date(now).toISOString() };
    const claims = new ClaimService(ana.services.db, clock, 10);
    const minutes = (m: number) => (now += m * 60_000);
    expect(claims.open(strip, 'Ana').mine).toBe(true);
    minutes(9);
    expect(claims.open(strip, 'Ben')).toMatchObject({ mine: false, claim: { user: 'Ana' } });
    claims.touch(strip, 'Ana'); // a save at 08:09
    minutes(9);
    expect(claims.of(strip)?.user).toBe('Ana');
    claims.touch(strip, 'Ben'); // someone else's activity does not take it over
    minutes(1.5);
    expect(claims.of(strip)).toBeNull();
    expect(claims.ofItems([strip]).size).toBe(0);
    const taken = claims.open(strip, 'Ben');
    expect(taken).toMatchObject({ mine: true, claim: { user: 'Ben', since: '2026-03-01T08:19:30.000Z', expiresAt: '2026-03-01T08:29:30.000Z' } });
  });
});
