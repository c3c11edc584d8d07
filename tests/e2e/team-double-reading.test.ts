// Double reading end to end in Chromium against a real `loupe serve --team`: a reviewer assigns a strip to two
// annotators; each reads it blind in "My readings" and marks a different defect; the reviewer sees both readers'
// overlays side by side in the adjudication view, keeps one reader's mask per class, and the decision is the
// strip's current label: human revisions signed by the reviewer.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase } from '../../src/main/db/database';
import type { Page } from 'playwright-core';
import { openBrowser, type TestBrowser } from './browser';
import { startTeamServe, type TeamServe } from './team-serve';
import { writeCsv, writeStrip } from '../helpers/severstal';
import { rsnaCsvLines, writeSeries } from '../helpers/rsna';
import { createServices } from '../../src/main/composition';
import { PEOPLE } from '../helpers/team';

const BEN = { name: 'Ben', password: 'annotates-too-much' };
let dir: string;
let database: string;
let serve: TeamServe;
let origin: string;
let browser: TestBrowser;
let page: Page;
let datasetId: number;
let itemId: number;
let ctId: number;
let sliceId: number;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'loupe-e2e-reading-'));
  database = join(dir, 'loupe.db');
  const images = join(dir, 'steel', 'train_images');
  for (const [i, name] of ['s1.jpg', 's2.jpg'].entries()) await writeStrip(images, name, { seed: i });
  const csv = writeCsv(join(dir, 'steel'), 'train.csv', ['ImageId,ClassId,EncodedPixels', 's2.jpg,1,1 100 1000 50']);
  const services = createServices(database);
  try {
    ({ datasetId } = await services.importSeverstal({ imagesDir: images, labelsCsv: csv, name: 'read twice' }));
    itemId = services.datasets.items(datasetId).find((i) => i.key === 's1.jpg')!.id;
    const ctFolder = join(dir, 'ct');
    writeSeries(ctFolder, { patient: 'P1', study: '1.2.3', series: '1.2.3.4', slices: [{ key: 'ID_k1', z: 0, instanceNumber: 1 }, { key: 'ID_k2', z: 5, instanceNumber: 2 }] });
    const ctCsv = writeCsv(dir, 'ct.csv', rsnaCsvLines(['ID_k1', 'ID_k2'], { ID_k2: ['subdural'] }));
    ({ datasetId: ctId } = await services.importRsna({ dicomDir: ctFolder, labelsCsv: ctCsv, name: 'read twice ct' }));
    sliceId = services.datasets.items(ctId).find((i) => i.key === 'ID_k1')!.id;
    await services.users.add(PEOPLE.admin.name, PEOPLE.admin.password, 'admin');
    await services.users.add(PEOPLE.annotator.name, PEOPLE.annotator.password, 'annotator');
    await services.users.add(BEN.name, BEN.password, 'annotator');
    await services.users.add(PEOPLE.reviewer.name, PEOPLE.reviewer.password, 'reviewer');
  } finally {
    services.close();
  }
  serve = await startTeamServe(database);
  origin = serve.origin;
  browser = await openBrowser();
  page = browser.page;
});

afterAll(async () => {
  await browser?.close();
  await serve?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/** Signs in and opens a page of the workstation; signs the person before out first, when someone is signed in. */
async function signInAt(person: { name: string; password: string }, hash: string): Promise<void> {
  if (await page.getByRole('button', { name: 'Sign out' }).count()) {
    await page.getByRole('button', { name: 'Sign out' }).click();
  } else {
    await page.goto(`${origin}/`);
  }
  await page.getByRole('heading', { name: 'Sign in to Loupe' }).waitFor();
  await page.getByLabel('Name').fill(person.name);
  await page.getByLabel('Password').fill(person.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByTestId('signed-in').waitFor();
  await page.goto(`${origin}/${hash}`);
}

/** Drags a box over a share of the strip's width (0–1), the whole height's middle. */
async function dragBox(from: number, to: number): Promise<void> {
  const canvas = page.getByLabel('Your reading: drag a box over each defect: masks');
  await canvas.waitFor();
  const box = (await canvas.boundingBox())!;
  await page.mouse.move(box.x + box.width * from, box.y + box.height * 0.25);
  await page.mouse.down();
  await page.mouse.move(box.x + box.width * to, box.y + box.height * 0.75, { steps: 4 });
  await page.mouse.up();
}

function labelRows(item = itemId): { classId: number; author: string; payload: string }[] {
  const db = openDatabase(database);
  try {
    return db
      .prepare("SELECT class_id AS classId, author, payload FROM label_revisions WHERE item_id = ? AND source = 'human' ORDER BY id")
      .all(item) as { classId: number; author: string; payload: string }[];
  } finally {
    db.close();
  }
}

/** A reader's saved mask of one class of the strip. */
function readingOf(reader: string, classId: number): string | undefined {
  const db = openDatabase(database);
  try {
    return db
      .prepare('SELECT r.payload FROM readings r JOIN reading_tasks t ON t.id = r.task_id WHERE t.item_id = ? AND t.reader = ? AND r.class_id = ?')
      .pluck()
      .get(itemId, reader, classId) as string | undefined;
  } finally {
    db.close();
  }
}

describe('double reading in the browser', () => {
  it('lets a reviewer assign a strip to two annotators', async () => {
    await signInAt(PEOPLE.reviewer, `#/datasets/${datasetId}/adjudication`);
    await page.getByTestId('assign-readers').fill('Ana, Ben');
    await page.getByLabel('Items').fill('1');
    await page.getByLabel('Honeypots').fill('1'); // s2, whose truth is known
    await page.getByTestId('assign').click();
    await expect.poll(() => page.getByRole('status').filter({ hasText: 'assigned' }).innerText()).toBe('4 readings assigned to Ana, Ben');
  });

  it('lets each annotator read the strip blind and mark a different defect', async () => {
    await signInAt(PEOPLE.annotator, '#/readings');
    await page.getByTestId('reading-s1.jpg').waitFor();
    await page.keyboard.press('1');
    await dragBox(0.05, 0.2);
    await page.keyboard.press('Enter');
    await expect.poll(() => page.getByTestId('reading-s1.jpg').innerText()).toMatch(/read$/);
    // Saving opens the next to read: the honeypot s2, which Ana reads as defect-free (its truth has class 1).
    await expect.poll(() => page.getByRole('heading', { level: 2 }).innerText()).toBe('s2.jpg');
    await page.keyboard.press('Enter');
    await expect.poll(() => page.getByTestId('reading-s2.jpg').innerText()).toMatch(/read$/);

    await signInAt(BEN, '#/readings');
    await page.getByTestId('reading-s1.jpg').waitFor();
    // Ben's reading opens empty: Ana's boxes are not his to see.
    await expect.poll(() => page.getByRole('radio', { name: /Class 1/ }).innerText()).toMatch(/0 px/);
    await page.keyboard.press('2');
    await dragBox(0.6, 0.8);
    await page.keyboard.press('Enter');
    await expect.poll(() => page.getByTestId('reading-s1.jpg').innerText()).toMatch(/read$/);
    expect(labelRows()).toEqual([]); // readings are not labels
  });

  it("shows the reviewer both readers side by side, and the decision becomes the strip's label", async () => {
    await signInAt(PEOPLE.reviewer, `#/datasets/${datasetId}/adjudication`);
    await page.getByTestId('adjudicate-s1.jpg').waitFor();
    expect(await page.getByText('A · Ana').count()).toBe(1);
    expect(await page.getByText('B · Ben').count()).toBe(1);
    // Keep Ana's class 1 (reader A, the default) and Ben's class 2.
    await page.getByTestId('keep-2-Ben').click();
    await page.getByTestId('save-decision').click();
    await page.getByTestId('adjudication-empty').waitFor();

    const rows = labelRows();
    expect(rows.map((r) => r.author)).toEqual(['Rui', 'Rui', 'Rui', 'Rui']);
    const byClass = new Map(rows.map((r) => [r.classId, r.payload]));
    expect(byClass.get(1)).toBe(readingOf('Ana', 1));
    expect(byClass.get(2)).toBe(readingOf('Ben', 2));
    expect(byClass.get(1)).not.toBe('');
    expect(byClass.get(2)).not.toBe('');
    expect(byClass.get(3)).toBe('');

    // The QA page: the agreement, and each annotator's accuracy on the honeypot (Ana: classes 2–4 right, 1 missed).
    await page.goto(`${origin}/#/datasets/${datasetId}/qa`);
    await page.getByTestId('qa-double-reading').waitFor();
    await expect.poll(() => page.getByTestId('honeypot-Ana').innerText()).toMatch(/^Ana\s+0\.750\s+1$/);
    await expect.poll(() => page.getByTestId('honeypot-Ben').innerText()).toMatch(/^Ben\s+–\s+0$/);
    expect(browser.errors).toEqual([]);
  });

  it("reads a CT slice twice and keeps the reader the reviewer picks, the readers' toggles side by side", async () => {
    await signInAt(PEOPLE.reviewer, `#/datasets/${ctId}/adjudication`);
    await page.getByTestId('assign-readers').fill('Ana, Ben');
    await page.getByLabel('Items').fill('1');
    await page.getByTestId('assign').click();
    await expect.poll(() => page.getByRole('status').filter({ hasText: 'assigned' }).innerText()).toBe('2 readings assigned to Ana, Ben');

    await signInAt(PEOPLE.annotator, '#/readings');
    await page.getByTestId('reading-ID_k1').click();
    await page.keyboard.press('1'); // epidural
    await page.keyboard.press('Enter');
    await expect.poll(() => page.getByTestId('reading-ID_k1').innerText()).toMatch(/read$/);

    await signInAt(BEN, '#/readings');
    await page.getByTestId('reading-ID_k1').click();
    expect(await page.getByTestId('reading-epidural').isChecked()).toBe(false);
    await page.keyboard.press('5'); // subdural
    await page.keyboard.press('Enter');
    await expect.poll(() => page.getByTestId('reading-ID_k1').innerText()).toMatch(/read$/);

    await signInAt(PEOPLE.reviewer, `#/datasets/${ctId}/adjudication`);
    await page.getByTestId('adjudicate-ID_k1').waitFor();
    await page.keyboard.press('b');
    await expect.poll(() => page.getByTestId('keep-0-Ben').getAttribute('aria-pressed')).toBe('true');
    await page.keyboard.press('Enter');
    await page.getByTestId('adjudication-empty').waitFor();
    expect(labelRows(sliceId)).toEqual([{ classId: 0, author: 'Rui', payload: String(1 << 4) }]);
    expect(browser.errors).toEqual([]);
  });
});
