// The steel workspace's requests through the real dispatcher over a SQLite file: a strip's layers, saves
// that write one human revision per changed class (and nothing for unchanged ones), the history with
// pixel counts, reverts as new revisions, the next strip to review, and the CSV export of the CLI's writer.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { readFileSync } from 'node:fs';
import { openWorkstation, type Workstation } from './workstation';
import type { Reply } from '../../shared/api/types';
import type { SteelItemLabels, SteelRevision, SteelSaveResult } from '../../shared/api/steel-types';
import { tempDir } from '../../../tests/helpers/fs';
import { decodeRle, encodeRle } from '../../shared/rle';
import { binaryPaths } from '../../shared/api/binary';

let tmp: ReturnType<typeof tempDir>;
let ws: Workstation;
let items: number[];
const events: string[] = [];

async function call<T>(name: string, args: unknown): Promise<T> {
  const reply = (await ws.dispatch(name, name === 'steel.save' ? fresh(args as SaveArgs) : args)) as Reply<T>;
  if (!reply.ok) throw new Error(`${reply.error.code}: ${reply.error.message}`);
  return reply.value;
}

type SaveArgs = { itemId: number; classes: { classId: number; rle: string; base?: number | 'none' }[] };
/** A save as an inspector who just opened the strip sends it: each class based on its current revision (unless the test names one). */
function fresh(args: SaveArgs): SaveArgs {
  const current = ws.services.labels.currentRevisionsOf(args.itemId);
  return { ...args, classes: args.classes.map((c) => ({ ...c, base: c.base ?? current.get(c.classId)?.id ?? 'none' })) };
}

/** A 1600×256 mask with the pixels of columns x0..x1, rows y0..y1 set, as RLE. */
function box(x0: number, x1: number, y0: number, y1: number): string {
  const mask = new Uint8Array(1600 * 256);
  for (let x = x0; x <= x1; x++) mask.fill(1, x * 256 + y0, x * 256 + y1 + 1);
  return encodeRle(mask);
}

beforeEach(() => {
  tmp = tempDir();
  ws = openWorkstation({ database: join(tmp.dir, 'loupe.db'), shell: 'browser', importWorker: false });
  const db = ws.services.db;
  const ds = Number(db.prepare("INSERT INTO datasets (name, kind, root, created_at) VALUES ('strips', 'severstal', '/x', 'now')").run().lastInsertRowid);
  items = ['a.jpg', 'b.jpg', 'c.jpg', 'd.jpg'].map((key, i) =>
    Number(db.prepare('INSERT INTO items (dataset_id, key, path, width, height, sort_index) VALUES (?, ?, ?, 1600, 256, ?)').run(ds, key, key, i).lastInsertRowid),
  );
  ws.services.labels.append([{ itemId: items[0], classId: 3, payload: box(10, 19, 0, 9) }], 'truth', 'import');
  ws.services.settings.setUserName('Inspector');
  events.length = 0;
  ws.events.subscribe((event) => events.push(event));
});
afterEach(async () => {
  await ws.close();
  tmp.cleanup();
});

describe('steel.labels', () => {
  it('gives the four classes of each layer, current from the truth until a person saves', async () => {
    const labels = await call<SteelItemLabels>('steel.labels', { itemId: items[0] });
    expect(labels.current.map((c) => c.classId)).toEqual([1, 2, 3, 4]);
    expect(labels.current[2]).toMatchObject({ source: 'truth', rle: box(10, 19, 0, 9) });
    expect(labels.current[0]).toMatchObject({ rle: '', source: null, revisionId: null });
    expect(labels.truth[2].rle).toBe(box(10, 19, 0, 9));
    expect(labels.prediction).toBeNull();
  });

  it('shows the active steel model’s prediction, else the newest model’s', async () => {
    ws.services.labels.append([{ itemId: items[0], classId: 1, payload: box(0, 4, 0, 4) }], 'model:v1', 'model');
    ws.services.labels.append([{ itemId: items[0], classId: 2, payload: box(0, 4, 0, 4) }], 'model:v2', 'model');
    let labels = await call<SteelItemLabels>('steel.labels', { itemId: items[0] });
    expect(labels.prediction).toMatchObject({ source: 'model:v2', version: 'v2', active: false });
    expect(labels.prediction!.classes[1].rle).toBe(box(0, 4, 0, 4));
    ws.services.db.prepare("INSERT INTO models (version, task, architecture, created_at, path, active) VALUES ('v1', 'steel', 'unet', 'now', '/m', 1)").run();
    labels = await call<SteelItemLabels>('steel.labels', { itemId: items[0] });
    expect(labels.prediction).toMatchObject({ source: 'model:v1', active: true });
    expect(labels.prediction!.classes[0].rle).toBe(box(0, 4, 0, 4));
  });
});

describe('steel.save', () => {
  it('appends one human revision per changed class, skips unchanged ones, and says the dataset changed', async () => {
    const result = await call<SteelSaveResult>('steel.save', {
      itemId: items[0],
      classes: [
        { classId: 3, rle: box(10, 19, 0, 9) }, // as it is
        { classId: 4, rle: box(100, 120, 50, 60) },
      ],
    });
    expect(result.saved.map((s) => [s.classId, s.pixels])).toEqual([[4, 21 * 11]]);
    expect(result.unchanged).toEqual([3]);
    expect(result.review).toBe('in_progress');
    expect(events).toContain('datasets.changed');
    const history = ws.services.labels.history(items[0]);
    expect(history.filter((r) => r.source === 'human').map((r) => [r.classId, r.author])).toEqual([[4, 'Inspector']]);
  });

  it('stores the canonical RLE, and a mask saved back to its current form writes nothing', async () => {
    await call('steel.save', { itemId: items[1], classes: [{ classId: 1, rle: '1 3  4 2' }] });
    expect(ws.services.labels.currentOf(items[1]).get(1)).toBe('1 5');
    const again = await call<SteelSaveResult>('steel.save', { itemId: items[1], classes: [{ classId: 1, rle: '1 5' }] });
    expect(again.saved).toEqual([]);
  });

  it('refuses invalid RLE, a class given twice and CT items, writing nothing', async () => {
    await expect(call('steel.save', { itemId: items[0], classes: [{ classId: 2, rle: '5 3 1 2' }] })).rejects.toThrow(/bad_input/);
    await expect(call('steel.save', { itemId: items[0], classes: [{ classId: 2, rle: '' }, { classId: 2, rle: '1 1' }] })).rejects.toThrow(/twice/);
    await expect(call('steel.save', { itemId: items[0], classes: [{ classId: 5, rle: '' }] })).rejects.toThrow(/bad_input/);
    expect(ws.services.labels.history(items[0]).filter((r) => r.source === 'human')).toEqual([]);
  });
});

describe('history and revert', () => {
  it('lists revisions newest first with pixel counts, and reverts with a new revision', async () => {
    await call('steel.save', { itemId: items[0], classes: [{ classId: 3, rle: '' }] });
    let history = await call<SteelRevision[]>('steel.history', { itemId: items[0] });
    expect(history.map((r) => [r.classId, r.source, r.pixels, r.current])).toEqual([
      [3, 'human', 0, true],
      [3, 'truth', 100, false],
    ]);
    const truthId = history[1].id;
    const reverted = await call<{ rle: string; revisionId: number | null }>('steel.revert', { itemId: items[0], revisionId: truthId });
    expect(decodeRle(reverted.rle).reduce((a, b) => a + b, 0)).toBe(100);
    history = await call<SteelRevision[]>('steel.history', { itemId: items[0] });
    expect(history[0]).toMatchObject({ id: reverted.revisionId, source: 'human', pixels: 100, current: true });
    expect(history).toHaveLength(3);
    await expect(call('steel.revert', { itemId: items[1], revisionId: truthId })).rejects.toThrow(/not_found/);
  });
});

describe('steel.nextUnreviewed', () => {
  it('skips approved and flagged strips, forwards and backwards', async () => {
    ws.services.labels.append(items.slice(1).map((itemId) => ({ itemId, classId: 1, payload: '' })), 'truth', 'import');
    await call('reviews.set', { itemId: items[1], state: 'approved' });
    await call('reviews.set', { itemId: items[2], state: 'flagged' });
    expect(await call('steel.nextUnreviewed', { itemId: items[0], direction: 'next' })).toEqual({ itemId: items[3], wrapped: false });
    expect(await call('steel.nextUnreviewed', { itemId: items[3], direction: 'previous' })).toEqual({ itemId: items[0], wrapped: false });
    // Past the last strip, N comes round to the first one still to review (and says so); Shift+N likewise backwards.
    expect(await call('steel.nextUnreviewed', { itemId: items[3], direction: 'next' })).toEqual({ itemId: items[0], wrapped: true });
    expect(await call('steel.nextUnreviewed', { itemId: items[0], direction: 'previous' })).toEqual({ itemId: items[3], wrapped: true });
    await call('reviews.set', { itemId: items[3], state: 'approved' });
    expect(await call('steel.nextUnreviewed', { itemId: items[0], direction: 'next' })).toEqual({ itemId: null, wrapped: false });
  });
});

describe('reviews that mean something', () => {
  it('refuses to approve a strip nobody labelled, and writes nothing', async () => {
    const reply = await ws.dispatch('reviews.set', { itemId: items[1], state: 'approved' });
    expect(reply).toMatchObject({ ok: false, error: { code: 'conflict', message: expect.stringMatching(/b\.jpg has no label yet/) } });
    expect(ws.services.labels.reviewOf(items[1])).toBe('unreviewed');
    // Flagging needs no label: it is how a person asks about a strip.
    const flagged = await call<{ reviewInfo: { state: string; by: string; note: string } }>('reviews.set', { itemId: items[1], state: 'flagged', note: 'glare, cannot tell' });
    expect(flagged.reviewInfo).toMatchObject({ state: 'flagged', by: 'Inspector', note: 'glare, cannot tell' });
  });

  it("a first save on an unlabelled strip writes every class, empty ones too, with the model draft it came from", async () => {
    const saved = await call<SteelSaveResult>('steel.save', {
      itemId: items[1],
      classes: [1, 2, 3, 4].map((classId) => ({ classId, rle: classId === 3 ? box(0, 9, 0, 9) : '', origin: 'model:steel-2' })),
    });
    expect(saved.saved.map((s) => s.classId)).toEqual([1, 2, 3, 4]);
    expect(saved).toMatchObject({ review: 'in_progress', approvalReset: false });
    const labels = await call<SteelItemLabels>('steel.labels', { itemId: items[1] });
    expect(labels.unlabelled).toBe(false);
    expect(labels.current.map((c) => [c.classId, c.source, c.origin])).toEqual([1, 2, 3, 4].map((c) => [c, 'human', 'model:steel-2']));
    const history = await call<SteelRevision[]>('steel.history', { itemId: items[1] });
    expect(history.every((r) => r.origin === 'model:steel-2')).toBe(true);
    // A second save writes only what changed.
    const again = await call<SteelSaveResult>('steel.save', { itemId: items[1], classes: [{ classId: 1, rle: '' }, { classId: 2, rle: box(5, 6, 5, 6) }] });
    expect(again.saved.map((s) => s.classId)).toEqual([2]);
  });

  it('an edit after approval puts the strip back to "in progress" and says so', async () => {
    const approved = await call<{ reviewInfo: { state: string; by: string; at: string } }>('reviews.set', { itemId: items[0], state: 'approved' });
    expect(approved.reviewInfo).toMatchObject({ state: 'approved', by: 'Inspector', at: expect.any(String) });
    const saved = await call<SteelSaveResult>('steel.save', { itemId: items[0], classes: [{ classId: 1, rle: box(50, 60, 0, 9) }] });
    expect(saved).toMatchObject({ review: 'in_progress', approvalReset: true, reviewInfo: { state: 'in_progress', note: 'edited after approval', by: 'Inspector' } });
    // Saving the same masks again changes nothing, and a flagged strip stays flagged when edited.
    await call('reviews.set', { itemId: items[0], state: 'flagged', note: 'class 1 or 2?' });
    const edited = await call<SteelSaveResult>('steel.save', { itemId: items[0], classes: [{ classId: 1, rle: box(50, 70, 0, 9) }] });
    expect(edited).toMatchObject({ review: 'flagged', approvalReset: false });
  });
});

describe('exports', () => {
  it('gives the Severstal CSV of the current labels, written by the CLI’s writer', async () => {
    await call('steel.save', { itemId: items[1], classes: [{ classId: 2, rle: '1 5' }] });
    const response = await ws.binary(new Request(`http://127.0.0.1${binaryPaths.labelsCsv(1)}`));
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(response.headers.get('content-disposition')).toBe('attachment; filename="strips-current.csv"');
    const csv = await response.text();
    const out = join(tmp.dir, 'cli.csv');
    ws.services.exports.export(1, { format: 'severstal', source: 'current', out });
    expect(csv).toBe(readFileSync(out, 'utf8'));
    expect(csv).toContain(`b.jpg,2,1 5`);
    expect(csv).toContain(`a.jpg,3,${box(10, 19, 0, 9)}`);
    const legacy = await (await ws.binary(new Request(`http://127.0.0.1${binaryPaths.labelsCsv(1, 'truth', true)}`))).text();
    expect(legacy.split('\n').slice(0, 5)).toEqual(['ImageId_ClassId,EncodedPixels', 'a.jpg_1,', 'a.jpg_2,', `a.jpg_3,${box(10, 19, 0, 9)}`, 'a.jpg_4,']);
    expect((await ws.binary(new Request(`http://127.0.0.1/bin/datasets/1/labels.csv?source=model`))).status).toBe(404);
    expect((await ws.binary(new Request(`http://127.0.0.1${binaryPaths.labelsCsv(99)}`))).status).toBe(404);
  });

  it('in a browser, the files are downloads: the dialog-based export is refused', async () => {
    await expect(call('steel.saveExport', { what: 'masks', itemId: items[0] })).rejects.toThrow(/download/);
  });
});
