// What the e2e tests drive: a real `loupe serve` child process on a temporary database, and Debian's
// Chromium through playwright-core (no browser download).
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import sharp from 'sharp';
import { repoRoot } from '../helpers/fs';

export const CHROMIUM = '/usr/bin/chromium';
const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

export interface Served {
  url: string;
  origin: string;
  token: string;
  database: string;
  dir: string;
  stop(): Promise<void>;
}

export interface ServeOptions {
  /** More flags for `loupe serve` (`--user Ana`). */
  args?: string[];
  /** Serve this database (another host already serves it: two PCs on one store); it is left in place on stop. */
  database?: string;
}

/**
 * Starts `loupe serve --db <file>` and reads the printed address. Without `prepare` the database is new,
 * so serve creates the demo workspace; `prepare` may fill the database first.
 */
export async function serve(prepare?: (database: string) => void | Promise<void>, options: ServeOptions = {}): Promise<Served> {
  const dir = options.database ? dirname(options.database) : mkdtempSync(join(tmpdir(), 'loupe-e2e-'));
  const database = options.database ?? join(dir, 'loupe.db');
  await prepare?.(database);
  const child: ChildProcess = spawn(process.execPath, [join(repoRoot, 'bin/loupe.mjs'), 'serve', '--db', database, '--port', '0', ...(options.args ?? [])], {
    cwd: repoRoot,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let errors = '';
  child.stderr!.on('data', (chunk) => (errors += String(chunk)));
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (chunk) => {
      out += String(chunk);
      const line = out.split('\n').find((l) => /^http:\/\/127\.0\.0\.1:\d+\/\?token=\S+$/.test(l.trim()));
      if (line) resolve(line.trim());
    });
    child.once('exit', (code) => reject(new Error(`loupe serve exited (${code}) before printing its address:\n${errors}`)));
  });
  const parsed = new URL(url);
  return {
    url,
    origin: parsed.origin,
    token: parsed.searchParams.get('token')!,
    database,
    dir,
    stop: async () => {
      if (child.exitCode === null) {
        const exited = new Promise((resolve) => child.once('exit', resolve));
        child.kill('SIGTERM');
        await exited;
      }
      if (!options.database) rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** A Chromium with a fresh profile. */
export interface TestBrowser {
  context: BrowserContext;
  /** Its first page. */
  page: Page;
  /** The uncaught errors of every page it opened, in order: a test file ends by expecting none. */
  errors: string[];
  close(): Promise<void>;
}

export async function openBrowser(): Promise<TestBrowser> {
  const profile = mkdtempSync(join(tmpdir(), 'loupe-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    args: CHROMIUM_ARGS,
    viewport: { width: 1440, height: 860 },
    deviceScaleFactor: 1,
  });
  const errors: string[] = [];
  const listen = (page: Page) => page.on('pageerror', (error) => errors.push(error.message));
  context.pages().forEach(listen);
  context.on('page', listen);
  const page = context.pages()[0] ?? (await context.newPage());
  return {
    context,
    page,
    errors,
    close: async () => {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

/**
 * Opens the served workstation in a fresh Chromium, at the address with the token (the page keeps it as a
 * cookie). With `userName`, that reviewer name is confirmed first, so the first-start dialog does not show.
 */
export async function openWorkstation(served: Served, options: { userName?: string } = {}): Promise<TestBrowser> {
  if (options.userName) await api(served, 'settings.setUserName', { name: options.userName });
  const browser = await openBrowser();
  await browser.page.goto(served.url);
  return browser;
}

/** Closes the browser and stops the host, whichever of them was started. */
export async function closeWorkstation(browser: TestBrowser | undefined, served: Served | undefined): Promise<void> {
  await browser?.close();
  await served?.stop();
}

/** A promise the test opens when it chooses: a route handler awaits it to hold a reply back. */
export function gate(): { promise: Promise<void>; open(): void } {
  let open = () => {};
  const promise = new Promise<void>((resolve) => (open = resolve));
  return { promise, open };
}

/** A request to the host's api with the token, from the test process. */
export async function api<T>(served: Served, name: string, args: unknown = {}): Promise<T> {
  const response = await fetch(`${served.origin}/api/${name}`, {
    method: 'POST',
    headers: { 'x-loupe-token': served.token, 'content-type': 'application/json' },
    body: JSON.stringify(args),
  });
  const reply = (await response.json()) as { ok: boolean; value: T; error?: { message: string } };
  if (!reply.ok) throw new Error(`${name}: ${reply.error?.message}`);
  return reply.value;
}

/** Spread (standard deviation) of gray levels in the centre of a PNG; a blank or flat picture has almost none. */
export async function centreSpread(png: Buffer, shareWide = 0.4, shareHigh = shareWide): Promise<number> {
  const image = sharp(png);
  const { width, height } = await image.metadata();
  const w = Math.max(1, Math.round(width! * shareWide));
  const h = Math.max(1, Math.round(height! * shareHigh));
  const { data } = await image
    .extract({ left: Math.round((width! - w) / 2), top: Math.round((height! - h) / 2), width: w, height: h })
    .grayscale()
    .raw()
    .toBuffer({ resolveWithObject: true });
  let sum = 0;
  let squares = 0;
  for (const v of data) {
    sum += v;
    squares += v * v;
  }
  const mean = sum / data.length;
  return Math.sqrt(Math.max(0, squares / data.length - mean * mean));
}
