// The browser host refuses whatever lacks the token (pages, assets, api, pixels, WebSocket), listens on
// 127.0.0.1 only, and refuses other hosts and origins.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync, writeFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { join } from 'node:path';
import WebSocket from 'ws';
import { startHost, type RunningHost } from './server';
import { binaryPaths } from '../../shared/api/binary';
import { openTestWorkspace, type TestWorkspace } from '../../../tests/helpers/workspace';

let space: TestWorkspace;
let host: RunningHost;
let base: string;
let firstItem: number;

beforeAll(async () => {
  space = await openTestWorkspace();
  const renderer = join(space.dir, 'renderer');
  mkdirSync(join(renderer, 'assets'), { recursive: true });
  writeFileSync(join(renderer, 'index.html'), '<!doctype html><title>Loupe</title><script type="module" src="./assets/app.js"></script>');
  writeFileSync(join(renderer, 'assets', 'app.js'), 'console.log("loupe")');
  host = await startHost({ workstation: space.workstation, rendererDir: renderer });
  base = `http://127.0.0.1:${host.port}`;
  firstItem = space.workstation.services.datasets.items(space.steelId)[0].id;
});
afterAll(async () => {
  await host?.close();
  await space?.cleanup();
});

const cookie = () => `loupe_token_${host.port}=${host.token}`;
const post = (name: string, headers: Record<string, string> = {}) =>
  fetch(`${base}/api/${name}`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: '{}' });

function rawGet(path: string, headers: Record<string, string>): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: '127.0.0.1', port: host.port, path, headers }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on('error', reject);
    req.end();
  });
}

function openSocket(url: string, headers: Record<string, string> = {}): Promise<{ socket?: WebSocket; status?: number }> {
  return new Promise((resolve) => {
    const socket = new WebSocket(url, { headers });
    socket.once('open', () => resolve({ socket }));
    socket.once('unexpected-response', (_req, res) => resolve({ status: res.statusCode }));
  });
}

describe('the printed address', () => {
  it('is on 127.0.0.1 and carries the token', () => {
    expect(host.url).toBe(`http://127.0.0.1:${host.port}/?token=${host.token}`);
    expect(host.token.length).toBeGreaterThanOrEqual(32);
  });
});

describe('the page and its assets', () => {
  it('refuses the page without the token, and with a wrong one', async () => {
    expect((await fetch(`${base}/`)).status).toBe(401);
    expect((await fetch(`${base}/?token=not-the-token`)).status).toBe(403);
  });

  it('serves the page with the token, setting the HttpOnly SameSite=Strict cookie and a strict CSP', async () => {
    const response = await fetch(host.url);
    expect(response.status).toBe(200);
    expect(response.headers.get('set-cookie')).toMatch(new RegExp(`^loupe_token_${host.port}=${host.token}; Path=/; HttpOnly; SameSite=Strict$`));
    const csp = response.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toContain('unsafe-eval');
    expect(csp).not.toContain("script-src 'self' 'unsafe-inline'");
    expect(await response.text()).toContain('<title>Loupe</title>');
  });

  it('serves assets only with the token cookie', async () => {
    expect((await fetch(`${base}/assets/app.js`)).status).toBe(401);
    const response = await fetch(`${base}/assets/app.js`, { headers: { cookie: cookie() } });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/javascript/);
  });

  it('never serves files outside the renderer build', async () => {
    expect(await rawGet('/../loupe.db', { cookie: cookie(), host: `127.0.0.1:${host.port}` })).toBe(404);
    expect(await rawGet('/%2e%2e/loupe.db', { cookie: cookie(), host: `127.0.0.1:${host.port}` })).toBe(404);
  });
});

describe('the api and the binary routes', () => {
  it('refuse requests without the token (401) or with a wrong one (403)', async () => {
    expect((await post('datasets.list')).status).toBe(401);
    expect((await post('datasets.list', { 'x-loupe-token': 'wrong' })).status).toBe(403);
    expect((await fetch(`${base}${binaryPaths.thumbnail(firstItem)}`)).status).toBe(401);
    expect((await fetch(`${base}${binaryPaths.thumbnail(firstItem)}`, { headers: { cookie: `loupe_token_${host.port}=nope` } })).status).toBe(403);
  });

  it('answer with the token as a header or as the cookie', async () => {
    const byHeader = await post('datasets.list', { 'x-loupe-token': host.token });
    expect(await byHeader.json()).toMatchObject({ ok: true });
    const byCookie = await post('datasets.list', { cookie: cookie() });
    expect(await byCookie.json()).toMatchObject({ ok: true });
    const image = await fetch(`${base}${binaryPaths.thumbnail(firstItem)}`, { headers: { cookie: cookie() } });
    expect(image.status).toBe(200);
    expect(image.headers.get('content-type')).toBe('image/jpeg');
  });

  it('refuses the token in the query for api calls (it would end up in logs and history)', async () => {
    expect((await fetch(`${base}/api/datasets.list?token=${host.token}`, { method: 'POST', body: '{}' })).status).toBe(401);
  });

  it('refuses another site (cross-origin) and another host name (DNS rebinding), even with the token', async () => {
    expect((await post('datasets.list', { cookie: cookie(), origin: 'http://evil.example' })).status).toBe(403);
    expect(await rawGet('/', { host: `evil.example:${host.port}`, cookie: cookie() })).toBe(403);
    expect(await rawGet('/', { host: `localhost:${host.port}`, cookie: cookie() })).toBe(200);
  });
});

describe('the event socket', () => {
  const events = () => `ws://127.0.0.1:${host.port}/events`;

  it('refuses a connection without the token (401) or with a wrong one (403)', async () => {
    expect((await openSocket(events())).status).toBe(401);
    expect((await openSocket(`${events()}?token=wrong`)).status).toBe(403);
    expect((await openSocket(`${events()}?token=${host.token}`, { origin: 'http://evil.example' })).status).toBe(403);
  });

  it('pushes the workstation events to a connection with the token', async () => {
    const { socket } = await openSocket(events(), { cookie: cookie() });
    expect(socket).toBeDefined();
    const received: unknown[] = [];
    const changed = new Promise<void>((resolve) =>
      socket!.on('message', (data) => {
        const message = JSON.parse(String(data)) as { event: string };
        received.push(message);
        if (message.event === 'datasets.changed') resolve();
      }),
    );
    space.workstation.events.publish('datasets.changed', { datasetIds: [7] });
    await changed;
    expect(received.at(-1)).toEqual({ event: 'datasets.changed', payload: { datasetIds: [7] } });
    socket!.close();
  });
});
