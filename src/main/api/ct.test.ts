// The CT workspace's services and request handlers over a real SQLite file in a temp folder: the series tree
// with review progress, one series in position order with current labels, reviews and model probabilities,
// batch saves and series reviews, the DICOM tag browser, per-person view preferences, and the UI's export.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createServices, type Services } from '../composition';
import { createCtHandlers } from './ct';
import { EventHub } from './events';
import { formatTag } from '../services/ct/dicom-tags';
import { tempDir } from '../../../tests/helpers/fs';
import { writeCsv } from '../../../tests/helpers/severstal';
import { rsnaCsvLines, writeSeries } from '../../../tests/helpers/rsna';
import type { Events } from '../../shared/api/contract';
import type { CtLabelChange, CtSavedLabel, CtSeriesView } from '../../shared/api/ct-types';
import { decodeSeriesOverview } from '../../shared/ct-series-overview';
import { ctCard } from '../ml/architectures/builtin';

let tmp: ReturnType<typeof tempDir>;
let services: Services;
let events: EventHub;
let ct: ReturnType<typeof createCtHandlers>;
let datasetId: number;
const published: [string, unknown][] = [];

const SERIES_A = { patient: 'PAT_A', study: '1.2.3.1', series: '1.2.3.1.1', slices: [
  { key: 'ID_a3', z: 10, instanceNumber: 1 }, { key: 'ID_a1', z: 0, instanceNumber: 3 }, { key: 'ID_a2', z: 5, instanceNumber: 2 },
] };
const SERIES_B = { patient: 'PAT_B', study: '1.2.3.2', series: '1.2.3.2.1', slices: [
  { key: 'ID_b2', z: -20, instanceNumber: 7 }, { key: 'ID_b1', z: -30, instanceNumber: 9 },
] };

beforeEach(async () => {
  tmp = tempDir();
  const dicomDir = join(tmp.dir, 'dicom');
  writeSeries(join(dicomDir, 'a'), SERIES_A);
  writeSeries(join(dicomDir, 'b'), SERIES_B);
  const csv = writeCsv(tmp.dir, 'labels.csv', rsnaCsvLines(['ID_a1', 'ID_a2', 'ID_a3'], { ID_a2: ['subdural'] }));
  services = createServices(join(tmp.dir, 'loupe.db'));
  datasetId = (await services.importRsna({ dicomDir, labelsCsv: csv, author: 'importer' })).datasetId;
  services.settings.setUserName('Ada');
  events = new EventHub();
  published.length = 0;
  events.subscribe((event, payload) => published.push([event, payload]));
  ct = createCtHandlers({ services, events });
});
afterEach(() => {
  services.close();
  tmp.cleanup();
});

const idOf = (key: string) => services.datasets.items(datasetId).find((i) => i.key === key)!.id;
/** Changes as a reader who just opened the slices sends them: each based on the slice's current revision. */
const fresh = (changes: CtLabelChange[]): CtSavedLabel[] =>
  changes.map((c) => ({ ...c, base: services.labels.currentRevisionsOf(c.itemId).get(0)?.id ?? 'none' }));

describe('ct.seriesTree', () => {
  it('lists patients → studies → series in display order with slice, label and review counts', () => {
    const tree = ct['ct.seriesTree']({ datasetId }) as Awaited<ReturnType<(typeof ct)['ct.seriesTree']>>;
    expect(tree).toMatchObject({ series: 2, slices: 5 });
    expect(tree.patients.map((p) => p.patientId)).toEqual(['PAT_A', 'PAT_B']);
    expect(tree.patients[0].studies[0].series[0]).toMatchObject({ seriesUid: '1.2.3.1.1', slices: 3, labelled: 3, positive: 1, reviewed: 0, firstItemId: idOf('ID_a1') });
    expect(tree.patients[1].studies[0].series[0]).toMatchObject({ slices: 2, labelled: 0, firstItemId: idOf('ID_b1') });
  });

  it('counts approved and flagged slices as reviewed, and refuses a steel dataset', () => {
    services.labels.setReview(idOf('ID_a1'), 'approved', 'Ada');
    services.labels.setReview(idOf('ID_a2'), 'flagged', 'Ada');
    services.labels.setReview(idOf('ID_a3'), 'in_progress', 'Ada');
    const tree = (ct['ct.seriesTree']({ datasetId }) as { patients: { reviewed: number; studies: { series: { reviewed: number; flagged: number }[] }[] }[] });
    expect(tree.patients[0].reviewed).toBe(2);
    expect(tree.patients[0].studies[0].series[0]).toMatchObject({ reviewed: 2, flagged: 1 });
  });
});

describe('ct.series', () => {
  type View = { slices: { key: string; bits: number | null; labelSource: string | null; probabilities: number[] | null; review: string }[]; modelSource: string | null; seriesDescription: string };
  const view = (ref: object) => ct['ct.series'](ref as never) as unknown as View;

  it('gives the slices in position order with their current labels, by a slice or by the series UID', () => {
    const byItem = view({ itemId: idOf('ID_a3') });
    expect(byItem.slices.map((s) => s.key)).toEqual(['ID_a1', 'ID_a2', 'ID_a3']);
    expect(byItem.slices.map((s) => [s.bits, s.labelSource])).toEqual([[0, 'truth'], [16, 'truth'], [0, 'truth']]);
    expect(view({ datasetId, seriesUid: '1.2.3.2.1' }).slices.map((s) => [s.key, s.bits])).toEqual([['ID_b1', null], ['ID_b2', null]]);
    expect(() => view({ datasetId, seriesUid: 'nope' })).toThrow(/no series nope/);
  });

  it('shows the active CT model’s probabilities, else the newest model’s', () => {
    const a1 = idOf('ID_a1');
    services.labels.append([{ itemId: a1, classId: 0, payload: '[0.1,0.2,0.3,0.4,0.5,0.6]' }], 'model:v1', 'model');
    services.labels.append([{ itemId: a1, classId: 0, payload: JSON.stringify({ epidural: 0.9, intraparenchymal: 0, intraventricular: 0, subarachnoid: 0, subdural: 0, any: 0.95 }) }], 'model:v2', 'model');
    expect(view({ itemId: a1 })).toMatchObject({ modelSource: 'model:v2' });
    expect(view({ itemId: a1 }).slices[0].probabilities).toEqual([0.9, 0, 0, 0, 0, 0.95]);
    services.db.prepare("INSERT INTO models (version, task, architecture, created_at, path, active) VALUES ('v1', 'ct', 'ct-cnn', '2026-01-01', '/m', 1)").run();
    const active = view({ itemId: a1 });
    expect(active.modelSource).toBe('model:v1');
    expect(active.slices[0].probabilities).toEqual([0.1, 0.2, 0.3, 0.4, 0.5, 0.6]);
    expect(active.slices[1].probabilities).toBeNull();
  });

  it('gives the thresholds of the model whose probabilities it shows: its card’s, else 0.5 each', () => {
    const a1 = idOf('ID_a1');
    expect(view({ itemId: a1 })).toMatchObject({ modelSource: null, modelThresholds: null });
    services.labels.append([{ itemId: a1, classId: 0, payload: '[0.1,0.2,0.3,0.4,0.5,0.6]' }], 'model:other-tool', 'model');
    expect(view({ itemId: a1 })).toMatchObject({ modelSource: 'model:other-tool', modelThresholds: [0.5, 0.5, 0.5, 0.5, 0.5, 0.5] });
    const card = { ...ctCard(), thresholds: [0.2, 0.3, 0.4, 0.5, 0.6, 0.7] };
    services.db.prepare("INSERT INTO models (version, task, architecture, created_at, path, card, active) VALUES ('tuned', 'ct', 'ct-cnn', '2026-01-01', '/m', ?, 0)").run(JSON.stringify(card));
    services.labels.append([{ itemId: a1, classId: 0, payload: '[0.1,0.2,0.3,0.4,0.5,0.6]' }], 'model:tuned+other-tool', 'model');
    expect(view({ itemId: a1 })).toMatchObject({ modelSource: 'model:tuned+other-tool', modelThresholds: [0.2, 0.3, 0.4, 0.5, 0.6, 0.7] });
  });
});

describe('ct.series pages', () => {
  type Page = CtSeriesView;
  const LONG = 1234;
  let longIds: number[];
  beforeEach(() => {
    // A long series straight into the store (ct.series reads rows only): slice i is labelled subdural when i % 5 == 0.
    const db = services.db;
    const insert = db.prepare("INSERT INTO items (dataset_id, key, path, width, height, patient_id, study_uid, series_uid, position, sort_index) VALUES (?, ?, 'x.dcm', 512, 512, 'PAT_L', '9.9', '9.9.1', ?, ?)");
    // Inserted in reverse, so that item ids run against the position order.
    const ids = db.transaction(() => Array.from({ length: LONG }, (_, k) => Number(insert.run(datasetId, `ID_long${LONG - 1 - k}`, LONG - 1 - k, 1000 + LONG - 1 - k).lastInsertRowid)))();
    longIds = ids.reverse();
    services.labels.append(longIds.filter((_, i) => i % 5 === 0).map((itemId) => ({ itemId, classId: 0, payload: '16' })), 'truth', 'import');
    services.labels.setReview(longIds[1200], 'flagged', 'Ada');
    services.labels.append([{ itemId: longIds[3], classId: 0, payload: '[0.1,0.2,0.3,0.4,0.5,0.6]' }], 'model:v1', 'model');
  });
  const page = (ref: object) => ct['ct.series'](ref as never) as unknown as Page;

  it('gives the page that holds the slice asked for, with its place, the total and the whole series at a glance', () => {
    const view = page({ itemId: longIds[700] });
    expect([view.total, view.offset, view.index, view.slices.length]).toEqual([LONG, 500, 700, 500]);
    expect(view.slices[200]).toMatchObject({ itemId: longIds[700], key: 'ID_long700', index: 700, bits: 16, labelSource: 'truth' });
    expect(view.slices[1]).toMatchObject({ key: 'ID_long501', bits: null });
    const overview = decodeSeriesOverview(view.overview!);
    expect(overview.itemIds).toEqual(longIds);
    expect(overview.bits).toEqual(longIds.map((_, i) => (i % 5 === 0 ? 16 : null)));
    expect(overview.reviews[1200]).toBe('flagged');
    expect(overview.reviews.filter((r) => r !== 'unreviewed')).toHaveLength(1);
    expect(view.modelSource).toBe('model:v1');
    expect(overview.probabilities[3]!.map((p) => Math.round(p * 10) / 10)).toEqual([0.1, 0.2, 0.3, 0.4, 0.5, 0.6]);
    expect(overview.probabilities[4]).toBeNull();
  });

  it('gives later pages by offset and limit, without the overview unless asked', () => {
    const last = page({ datasetId, seriesUid: '9.9.1', offset: 1000 });
    expect([last.offset, last.slices.length, last.index, last.overview]).toEqual([1000, 234, null, null]);
    expect(last.slices.at(-1)).toMatchObject({ key: 'ID_long1233', index: 1233 });
    expect(last.slices[200]).toMatchObject({ key: 'ID_long1200', review: 'flagged' });
    const small = page({ datasetId, seriesUid: '9.9.1', offset: 3, limit: 2, overview: true });
    expect(small.slices.map((s) => [s.key, s.probabilities])).toEqual([['ID_long3', [0.1, 0.2, 0.3, 0.4, 0.5, 0.6]], ['ID_long4', null]]);
    expect(small.overview).not.toBeNull();
    const first = page({ datasetId, seriesUid: '9.9.1' });
    expect([first.offset, first.slices.length, first.slices[0].key]).toEqual([0, 500, 'ID_long0']);
    expect(page({ datasetId, seriesUid: '9.9.1', offset: 5000 }).slices).toEqual([]);
  });

  it('keeps every reply small even for a series this long', () => {
    const whole = JSON.stringify(page({ itemId: longIds[0] }));
    const onePage = JSON.stringify(page({ itemId: longIds[0], overview: false }));
    // The overview costs under 20 bytes a slice (ids, label, review, six probabilities); a full row, several times that.
    expect(whole.length - onePage.length).toBeLessThan(LONG * 20);
    expect(onePage.length / 500).toBeGreaterThan(150);
  });
});

describe('ct.saveLabels and ct.reviewSeries', () => {
  it('saves several slices as human revisions of the settings’ user in one request (the last change of a slice wins)', () => {
    const result = ct['ct.saveLabels']({ changes: fresh([{ itemId: idOf('ID_a1'), bits: 1 }, { itemId: idOf('ID_b1'), bits: 2 }, { itemId: idOf('ID_a1'), bits: 3 }]) }) as { revisionIds: number[]; author: string };
    expect(result.revisionIds).toHaveLength(2);
    expect(result.author).toBe('Ada');
    expect(services.labels.currentOf(idOf('ID_a1')).get(0)).toBe('3');
    expect(services.labels.history(idOf('ID_b1')).at(-1)).toMatchObject({ source: 'human', author: 'Ada', payload: '2' });
    expect(published).toEqual([['datasets.changed', { datasetIds: [datasetId] } satisfies Events['datasets.changed']]]);
  });

  it('refuses bits outside the five subtypes and slices of two datasets', async () => {
    expect(() => ct['ct.saveLabels']({ changes: fresh([{ itemId: idOf('ID_a1'), bits: 32 }]) })).toThrow(/0–31/);
    const other = join(tmp.dir, 'other');
    writeSeries(other, { patient: 'P', study: '9.1', series: '9.1.1', slices: [{ key: 'ID_x', z: 0, instanceNumber: 1 }] });
    const second = (await services.importRsna({ dicomDir: other, name: 'other', author: 'importer' })).datasetId;
    const foreign = services.datasets.items(second)[0].id;
    expect(() => ct['ct.saveLabels']({ changes: fresh([{ itemId: idOf('ID_a1'), bits: 1 }, { itemId: foreign, bits: 1 }]) })).toThrow(/one dataset/);
    expect(services.labels.history(foreign)).toEqual([]);
  });

  it('reviews every slice of a series at once', () => {
    const result = ct['ct.reviewSeries']({ datasetId, seriesUid: '1.2.3.1.1', state: 'approved' });
    expect(result).toEqual({ seriesUid: '1.2.3.1.1', state: 'approved', slices: 3, markedNone: 0 });
    expect(['ID_a1', 'ID_a2', 'ID_a3'].map((k) => services.labels.reviewOf(idOf(k)))).toEqual(['approved', 'approved', 'approved']);
    expect(services.labels.reviewOf(idOf('ID_b1'))).toBe('unreviewed');
  });

  it('never approves an unlabelled slice silently: refused with their count, or marked "none" when the person chose that', () => {
    const before = services.labels.history(idOf('ID_b1')).length;
    expect(() => ct['ct.reviewSeries']({ datasetId, seriesUid: '1.2.3.2.1', state: 'approved' })).toThrow(/2 of the 2 slices of this series have no label/);
    expect([services.labels.reviewOf(idOf('ID_b1')), services.labels.history(idOf('ID_b1')).length]).toEqual(['unreviewed', before]);
    const result = ct['ct.reviewSeries']({ datasetId, seriesUid: '1.2.3.2.1', state: 'approved', unlabelled: 'mark-none' });
    expect(result).toEqual({ seriesUid: '1.2.3.2.1', state: 'approved', slices: 2, markedNone: 2 });
    expect(services.labels.history(idOf('ID_b1')).at(-1)).toMatchObject({ source: 'human', payload: '0', author: 'Ada' });
    expect(services.labels.reviewInfoOf(idOf('ID_b2'))).toMatchObject({ state: 'approved', by: 'Ada' });
    // Flagging a series needs no label, and keeps its reason.
    ct['ct.reviewSeries']({ datasetId, seriesUid: '1.2.3.2.1', state: 'flagged', note: 'motion artefact' });
    expect(services.labels.reviewInfoOf(idOf('ID_b1'))).toMatchObject({ state: 'flagged', note: 'motion artefact' });
  });

  it('an edit after approval moves the slice back to "in progress"; the model draft it came from is kept', () => {
    ct['ct.reviewSeries']({ datasetId, seriesUid: '1.2.3.1.1', state: 'approved' });
    const result = ct['ct.saveLabels']({ changes: fresh([{ itemId: idOf('ID_a1'), bits: 16, origin: 'model:ct-3' }]) }) as { approvalsReset: number[] };
    expect(result.approvalsReset).toEqual([idOf('ID_a1')]);
    expect(services.labels.reviewInfoOf(idOf('ID_a1'))).toMatchObject({ state: 'in_progress', note: 'edited after approval', by: 'Ada' });
    expect(services.labels.reviewOf(idOf('ID_a2'))).toBe('approved');
    const page = ct['ct.series']({ itemId: idOf('ID_a1') }) as CtSeriesView;
    expect(page.slices.find((r) => r.itemId === idOf('ID_a1'))).toMatchObject({ bits: 16, labelOrigin: 'model:ct-3', reviewInfo: { state: 'in_progress', note: 'edited after approval' } });
    expect(page.slices.find((r) => r.itemId === idOf('ID_a2'))).toMatchObject({ labelOrigin: null, reviewInfo: { state: 'approved', by: 'Ada' } });
  });
});

describe('ct.dicomTags', () => {
  it('lists the header as tag, dictionary name, VR and value; pixel data by its size only', async () => {
    const list = await ct['ct.dicomTags']({ itemId: idOf('ID_a2') });
    const row = (tag: string) => list.rows.find((r) => r.tag === tag);
    expect(list).toMatchObject({ key: 'ID_a2', transferSyntax: 'Explicit VR Little Endian', truncated: false });
    expect(row('(0010,0020)')).toMatchObject({ name: 'PatientID', vr: 'LO', value: 'PAT_A', depth: 0 });
    expect(row('(0020,0032)')).toMatchObject({ name: 'ImagePositionPatient', vr: 'DS', value: '-125\\-125\\5' });
    expect(row('(0028,0010)')).toMatchObject({ name: 'Rows', vr: 'US', value: '16' });
    expect(row('(7FE0,0010)')).toMatchObject({ name: 'PixelData', value: '(pixel data, 512 bytes)' });
    expect(formatTag('x0028fe0a')).toBe('(0028,FE0A)');
  });
});

describe('view preferences and export', () => {
  it('remembers the window and mode per person', () => {
    expect(ct['ct.viewPreferences']({})).toEqual({ mode: 'single', preset: 'brain', center: 40, width: 80 });
    ct['ct.setViewPreferences']({ mode: 'grid', preset: 'custom', center: 55, width: 120 });
    expect(ct['ct.viewPreferences']({})).toMatchObject({ mode: 'grid', center: 55, width: 120 });
    services.settings.setUserName('Grace');
    expect(ct['ct.viewPreferences']({})).toMatchObject({ mode: 'single', preset: 'brain' });
  });

  it('downloads the current labels as a stream of the command line’s writer', async () => {
    ct['ct.saveLabels']({ changes: fresh([{ itemId: idOf('ID_b1'), bits: 4 }]) });
    const download = services.exports.download(datasetId, 'current');
    const text = await new Response(download.stream).text();
    const out = join(tmp.dir, 'cli.csv');
    const report = services.exports.export(datasetId, { format: 'rsna', source: 'current', out });
    expect(text).toBe(readFileSync(out, 'utf8'));
    expect([report.items, report.rows]).toEqual([4, 24]);
    expect(download.fileName).toMatch(/-labels\.csv$/);
    expect(text).toContain('ID_b1_intraventricular,1\nID_b1_subarachnoid,0\nID_b1_subdural,0\nID_b1_any,1');
  });

  it('in a browser, the dialog-based export is refused (the export is a download there)', async () => {
    await expect(ct['ct.saveExport']({ datasetId })).rejects.toThrow(/download/);
  });
});
