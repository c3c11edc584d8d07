// Team mode in Chromium against a real `loupe serve --team`: the page asks to sign in; an annotator sees who
// they are, no Approve / Flag and no admin controls, and the host refuses an approval sent by hand; a
// reviewer signs in on the same page after them and approves, signed with their own name.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { openBrowser, type TestBrowser } from './browser';
import { startTeamServe, type TeamServe } from './team-serve';
import { writeCsv, writeStrip } from '../helpers/severstal';
import { createServices } from '../../src/main/composition';
import { PEOPLE } from '../helpers/team';

let dir: string;
let serve: TeamServe;
let origin: string;
let browser: TestBrowser;
let page: Page;
let itemId: number;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'loupe-e2e-team-'));
  const database = join(dir, 'loupe.db');
  const images = join(dir, 'steel', 'train_images');
  for (const [i, name] of ['s1.jpg', 's2.jpg'].entries()) await writeStrip(images, name, { seed: i });
  const csv = writeCsv(join(dir, 'steel'), 'train.csv', ['ImageId,ClassId,EncodedPixels', 's1.jpg,1,1 100 1000 50']);
  const services = createServices(database);
  try {
    const { datasetId } = await services.importSeverstal({ imagesDir: images, labelsCsv: csv, name: 'team steel' });
    itemId = services.datasets.items(datasetId).find((i) => i.key === 's1.jpg')!.id;
    await services.users.add(PEOPLE.admin.name, PEOPLE.admin.password, 'admin');
    await services.users.add(PEOPLE.annotator.name, PEOPLE.annotator.password, 'annotator');
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

/** Signs in on the sign-in page the page shows now (opening the strip first, unless it is there already). */
async function signIn(person: { name: string; password: string }, open = true): Promise<void> {
  if (open) await page.goto(`${origin}/#/items/${itemId}`);
  await page.getByRole('heading', { name: 'Sign in to Loupe' }).waitFor();
  await page.getByLabel('Name').fill(person.name);
  await page.getByLabel('Password').fill(person.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByTestId('signed-in').waitFor();
}

const reviewState = () => page.getByTestId('review-state').innerText();

describe('roles in the browser', () => {
  it('asks to sign in, and refuses a wrong password in words', async () => {
    await page.goto(`${origin}/`);
    await page.getByLabel('Name').fill(PEOPLE.annotator.name);
    await page.getByLabel('Password').fill('not the password');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect.poll(() => page.getByRole('alert').innerText()).toBe('wrong name or password');
  });

  it('shows an annotator who they are, and no Approve, Flag, Import or Models', async () => {
    await signIn(PEOPLE.annotator);
    expect(await page.getByTestId('signed-in').innerText()).toMatch(/^Ana\s+· annotator$/);
    await expect.poll(reviewState).toBe('Unreviewed');
    await expect.poll(() => page.getByRole('button', { name: 'Reset' }).count()).toBe(1);
    expect(await page.getByRole('button', { name: /^Approve/ }).count()).toBe(0);
    expect(await page.getByRole('button', { name: /^Flag/ }).count()).toBe(0);
    expect(await page.getByRole('button', { name: 'Models of this dataset' }).count()).toBe(0);
    expect(await page.getByRole('link', { name: 'Audit' }).count()).toBe(0);

    // The key and a hand-made request are refused by the host, whatever the page shows.
    await page.keyboard.press('a');
    const refused = await page.evaluate(async (id) => {
      const response = await fetch('api/reviews.set', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ itemId: id, state: 'approved' }) });
      return { status: response.status, body: (await response.json()) as { error: { message: string } } };
    }, itemId);
    expect(refused.status).toBe(403);
    expect(refused.body.error.message).toMatch(/needs a reviewer; Ana is an annotator/);
    await page.reload();
    await expect.poll(reviewState).toBe('Unreviewed');
  });

  it('lets a reviewer, signed in after the annotator signs out, approve in their own name', async () => {
    // Signing out starts the page again on the sign-in form, at the same strip (no navigation of our own:
    // it could cut the sign-out request off).
    await page.getByRole('button', { name: 'Sign out' }).click();
    await signIn(PEOPLE.reviewer, false);
    expect(await page.getByTestId('signed-in').innerText()).toMatch(/^Rui\s+· reviewer$/);
    await page.getByRole('button', { name: /^Approve/ }).click();
    await expect.poll(reviewState).toBe('Approved');
    await expect.poll(() => page.getByTestId('review-by').innerText()).toMatch(/^by Rui/);
    expect(browser.errors).toEqual([]);
  });
});
