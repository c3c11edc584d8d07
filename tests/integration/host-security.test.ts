// The browser host as an attacker meets it: a real `startHost` on a temp database, probed with raw HTTP
// written byte for byte. Nothing is answered without the token; another site, another host name and an
// opaque origin are refused even with it; no path leaves the renderer build or a dataset folder (`../`,
// encodings, backslashes, symbolic links); a client's mistake is a 4xx, never a 500. The tally at the end
// is the README's figure. Malformed WebSocket frames: host-frames.test.ts.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { join } from 'node:path';
import { startHost, type RunningHost } from '../../src/main/host/server';
import { binaryPaths } from '../../src/shared/api/binary';
import { openTestWorkspace, type TestWorkspace } from '../helpers/workspace';
import { ProbeTally, rawHttp, rawWebSocket } from './host-probes';

const SECRET = 'TOP-SECRET-NOT-FOR-PAGES';
const tally = new ProbeTally();
let space: TestWorkspace;
let host: RunningHost;
let steelItem: number;
let ctItem: number;

beforeAll(async () => {
  space = await openTestWorkspace();
  const renderer = join(space.dir, 'renderer');
  mkdirSync(join(renderer, 'assets'), { recursive: true });
  writeFileSync(join(renderer, 'index.html'), '<!doctype html><title>Loupe</title>');
  writeFileSync(join(renderer, 'assets', 'app.js'), 'console.log("loupe")');
  writeFileSync(join(space.dir, 'secret.txt'), SECRET);
  // Links inside the build: one that stays inside (served), two that point out (refused).
  symlinkSync(join(renderer, 'assets', 'app.js'), join(renderer, 'assets', 'alias.js'));
  symlinkSync(join(space.dir, 'secret.txt'), join(renderer, 'assets', 'leak.js'));
  symlinkSync(space.dir, join(renderer, 'up'));
  host = await startHost({ workstation: space.workstation, rendererDir: renderer });
  steelItem = space.workstation.services.datasets.items(space.steelId)[0].id;
  ctItem = space.workstation.services.datasets.items(space.ctId)[0].id;
});
afterAll(async () => {
  await host?.close();
  await space?.cleanup();
});

const hostLine = () => `Host: 127.0.0.1:${host.port}`;
const cookie = () => `Cookie: loupe_token_${host.port}=${host.token}`;
const tokenHeader = () => `x-loupe-token: ${host.token}`;

async function get(what: string, path: string, headers: string[], withToken: boolean) {
  const response = await rawHttp(host.port, [`GET ${path} HTTP/1.1`, ...headers].join('\n'));
  tally.record(what, withToken, response.status);
  return response;
}

async function post(what: string, path: string, headers: string[], body: Buffer | string, withToken: boolean) {
  const response = await rawHttp(host.port, [`POST ${path} HTTP/1.1`, 'Content-Type: application/json', ...headers].join('\n'), body);
  tally.record(what, withToken, response.status);
  return response;
}

async function upgrade(what: string, headers: string[], withToken: boolean): Promise<number> {
  const result = await rawWebSocket(host.port, headers);
  const status = 'status' in result ? result.status : 101;
  if (!('status' in result)) result.socket.destroy();
  return tally.record(what, withToken, status);
}

describe('without the token, nothing is answered', () => {
  const routes = () => [
    ['page /', 'GET', '/'],
    ['page /index.html', 'GET', '/index.html'],
    ['asset', 'GET', '/assets/app.js'],
    ['api datasets.list', 'POST', '/api/datasets.list'],
    ['api settings.setUserName', 'POST', '/api/settings.setUserName'],
    ['api steel.save', 'POST', '/api/steel.save'],
    ['api no such request', 'POST', '/api/nothing.here'],
    ['binary image', 'GET', binaryPaths.itemImage(steelItem)],
    ['binary thumbnail', 'GET', binaryPaths.thumbnail(steelItem)],
    ['binary mask', 'GET', binaryPaths.mask(steelItem, 1)],
    ['binary hu', 'GET', binaryPaths.sliceHu(ctItem)],
  ];
  const wrongTokens = () => [
    ['no token', []],
    ['wrong header', ['x-loupe-token: not-the-token']],
    ['wrong cookie', [`Cookie: loupe_token_${host.port}=not-the-token`]],
    ["another port's cookie", [`Cookie: loupe_token_${host.port + 1}=${host.token}`]],
    ['token with a suffix', [`x-loupe-token: ${host.token}x`]],
    ['token cut short', [`x-loupe-token: ${host.token.slice(0, -1)}`]],
  ] as const;

  it('refuses every route kind with 401 or 403, whatever wrong token it carries', async () => {
    for (const [route, method, path] of routes()) {
      for (const [kind, headers] of wrongTokens()) {
        const what = `${route}, ${kind}`;
        const response =
          method === 'GET' ? await get(what, path, [hostLine(), ...headers], false) : await post(what, path, [hostLine(), ...headers], '{"name":"x"}', false);
        expect([401, 403], what).toContain(response.status);
        expect(response.body.toString(), what).not.toMatch(/console\.log|"ok":true|<title>Loupe<\/title><\/head>/);
      }
    }
  });

  it('refuses the token in the query for api calls (it would land in logs and history)', async () => {
    const response = await post('api with ?token=', `/api/datasets.list?token=${host.token}`, [hostLine()], '{}', false);
    expect(response.status).toBe(401);
  });

  it('refuses the event socket without the token or with a wrong one', async () => {
    for (const [kind, headers] of wrongTokens()) expect([401, 403], kind).toContain(await upgrade(`events, ${kind}`, [hostLine(), ...headers], false));
    expect(await upgrade('events, wrong ?token=', [hostLine()], false)).toBe(401);
  });

  it('serves the same routes with the token (the probes above can fail)', async () => {
    expect((await get('page with token', `/?token=${host.token}`, [hostLine()], true)).status).toBe(200);
    expect((await get('asset with cookie', '/assets/app.js', [hostLine(), cookie()], true)).status).toBe(200);
    expect((await post('api with header', '/api/datasets.list', [hostLine(), tokenHeader()], '{}', true)).status).toBe(200);
    expect((await get('binary with cookie', binaryPaths.thumbnail(steelItem), [hostLine(), cookie()], true)).status).toBe(200);
    expect(await upgrade('events with cookie', [hostLine(), cookie()], true)).toBe(101);
  });
});

describe('another host name or another site is refused, even with the token', () => {
  it('refuses a wrong Host (DNS rebinding) on HTTP and WebSocket', async () => {
    for (const wrongHost of ['evil.example', `evil.example:${host.port}`, `127.0.0.1:${host.port + 1}`, `127.0.0.1.evil.example:${host.port}`, `localhost.:${host.port}`, `[::1]:${host.port}`]) {
      expect((await get(`Host ${wrongHost}`, '/', [`Host: ${wrongHost}`, cookie()], true)).status, wrongHost).toBe(403);
      expect((await post(`api, Host ${wrongHost}`, '/api/datasets.list', [`Host: ${wrongHost}`, tokenHeader()], '{}', true)).status, wrongHost).toBe(403);
      expect(await upgrade(`events, Host ${wrongHost}`, [`Host: ${wrongHost}`, cookie()], true), wrongHost).toBe(403);
    }
    expect((await get('no Host at all', '/', [cookie()], true)).status).toBe(400);
    expect((await get('Host localhost', '/', [`Host: localhost:${host.port}`, cookie()], true)).status).toBe(200);
  });

  it('refuses cross-site and null origins on HTTP and WebSocket', async () => {
    const origins = ['null', 'http://evil.example', `http://127.0.0.1:${host.port}.evil.example`, `https://127.0.0.1:${host.port}`, `http://127.0.0.1:${host.port + 1}`, 'file://'];
    for (const origin of origins) {
      expect((await post(`api, Origin ${origin}`, '/api/datasets.list', [hostLine(), tokenHeader(), `Origin: ${origin}`], '{}', true)).status, origin).toBe(403);
      expect((await get(`binary, Origin ${origin}`, binaryPaths.thumbnail(steelItem), [hostLine(), cookie(), `Origin: ${origin}`], true)).status, origin).toBe(403);
      expect((await get(`page, Origin ${origin}`, '/', [hostLine(), cookie(), `Origin: ${origin}`], true)).status, origin).toBe(403);
      expect(await upgrade(`events, Origin ${origin}`, [hostLine(), cookie(), `Origin: ${origin}`], true), origin).toBe(403);
    }
    const own = `Origin: http://127.0.0.1:${host.port}`;
    expect((await post('api, own Origin', '/api/datasets.list', [hostLine(), tokenHeader(), own], '{}', true)).status).toBe(200);
    expect(await upgrade('events, own Origin', [hostLine(), cookie(), own], true)).toBe(101);
  });
});

describe('no path leaves the renderer build or a dataset folder', () => {
  const traversals = [
    '/../secret.txt',
    '/../../secret.txt',
    '/assets/../../secret.txt',
    '/%2e%2e/secret.txt',
    '/%2E%2E/%2E%2E/secret.txt',
    '/%2e%2e%2fsecret.txt',
    '/assets/..%2f..%2fsecret.txt',
    '/assets%2f..%2f..%2fsecret.txt',
    '/%252e%252e/secret.txt',
    '/%252e%252e%252fsecret.txt',
    '/..\\secret.txt',
    '/assets\\..\\..\\secret.txt',
    '/%5c..%5csecret.txt',
    '/..%5c..%5csecret.txt',
    '/.%2e/secret.txt',
    '//..//secret.txt',
    '/%2fetc%2fpasswd',
    '/assets/leak.js',
    '/up/secret.txt',
    '/up/loupe.db',
    '/%75p/secret.txt',
    '/index.html/../../secret.txt',
    '/assets/app.js%00.html',
  ];

  it('refuses ../, encoded dots and slashes, double encoding, backslashes and links that point out', async () => {
    for (const path of traversals) {
      const response = await get(`traversal ${path}`, path, [hostLine(), cookie()], true);
      expect([400, 403, 404], path).toContain(response.status);
      expect(response.body.toString(), path).not.toContain(SECRET);
      expect(response.body.toString(), path).not.toContain('root:');
    }
  });

  it('still serves a link that stays inside the build', async () => {
    const response = await get('link inside the build', '/assets/alias.js', [hostLine(), cookie()], true);
    expect(response.status).toBe(200);
    expect(response.body.toString()).toContain('console.log');
  });

  it('refuses an item whose file is a link out of its dataset folder, and one named with ../', async () => {
    writeFileSync(join(space.dir, 'outside.jpg'), readFileSync(join(space.steelFolder, 's1.jpg')));
    symlinkSync(join(space.dir, 'outside.jpg'), join(space.steelFolder, 'linked-out.jpg'));
    const { db } = space.workstation.services;
    const insert = db.prepare('INSERT INTO items (dataset_id, key, path, width, height, sort_index) VALUES (?, ?, ?, 1600, 256, ?)');
    const linked = Number(insert.run(space.steelId, 'linked-out.jpg', 'linked-out.jpg', 90).lastInsertRowid);
    const dotted = Number(insert.run(space.steelId, 'dotted.jpg', '../../outside.jpg', 91).lastInsertRowid);
    for (const id of [linked, dotted]) {
      for (const path of [binaryPaths.itemImage(id), binaryPaths.thumbnail(id)]) {
        const response = await get(`dataset escape ${path}`, path, [hostLine(), cookie()], true);
        expect(response.status, path).toBe(403);
      }
    }
  });
});

describe("a client's mistakes are 4xx, never 500", () => {
  it('answers a body over the limit with 413, and keeps serving', async () => {
    const big = Buffer.alloc(17 * 1024 * 1024, 0x20);
    const response = await post('oversize body', '/api/datasets.list', [hostLine(), tokenHeader()], big, true);
    expect(response.status).toBe(413);
    expect(JSON.parse(response.body.toString())).toMatchObject({ ok: false, error: { code: 'bad_input' } });
    const huge = await post('oversize announced', '/api/datasets.list', [hostLine(), tokenHeader(), 'Content-Length: 999999999999'], 'x', true);
    expect(huge.status).toBe(413);
    expect((await post('after oversize', '/api/datasets.list', [hostLine(), tokenHeader()], '{}', true)).status).toBe(200);
  });

  it('keeps serving after a client resets the connection in the middle of a body', async () => {
    await new Promise<void>((resolve) => {
      const socket = connect(host.port, '127.0.0.1', () => {
        socket.write(`POST /api/settings.setUserName HTTP/1.1\r\n${hostLine()}\r\n${tokenHeader()}\r\nContent-Length: 1000\r\n\r\n{"name":`);
        setImmediate(() => socket.resetAndDestroy());
      });
      socket.on('close', () => resolve());
    });
    expect((await post('after a reset body', '/api/app.info', [hostLine(), tokenHeader()], '{}', true)).status).toBe(200);
  });

  it('answers bad percent-encoding and targets that are not paths with 400', async () => {
    for (const path of ['/api/datasets.%E0%A4%A', '/api/%', '/api/datasets.list%ZZ']) {
      expect((await post(`bad encoding ${path}`, path, [hostLine(), tokenHeader()], '{}', true)).status, path).toBe(400);
    }
    for (const path of ['/assets/%E0%A4%A.js', '/%', '/%zz', '/assets/%C0%AF.js', '/assets/%00.js']) {
      expect((await get(`bad encoding ${path}`, path, [hostLine(), cookie()], true)).status, path).toBe(400);
    }
    expect((await get('target //[', '//[', [hostLine(), cookie()], true)).status).toBe(400);
  });

  it('answers bodies that are not UTF-8 or not JSON with 400', async () => {
    for (const [what, bytes] of [
      ['lone 0xff', Buffer.from([0x7b, 0x22, 0x6e, 0x22, 0x3a, 0x22, 0xff, 0x22, 0x7d])],
      ['overlong slash', Buffer.from([0x7b, 0x22, 0xc0, 0xaf, 0x22, 0x3a, 0x31, 0x7d])],
      ['UTF-16 surrogate as UTF-8', Buffer.from([0x7b, 0x22, 0x6e, 0x61, 0x6d, 0x65, 0x22, 0x3a, 0x22, 0xed, 0xa0, 0x80, 0x22, 0x7d])],
      ['truncated sequence', Buffer.from([0x7b, 0x22, 0x6e, 0x22, 0x3a, 0x22, 0xe2, 0x82, 0x22, 0x7d])],
    ] as const) {
      const response = await post(`body ${what}`, '/api/settings.setUserName', [hostLine(), tokenHeader()], bytes, true);
      expect(response.status, what).toBe(400);
      expect(response.body.toString(), what).toMatch(/not valid UTF-8/);
    }
    expect((await post('body not JSON', '/api/datasets.list', [hostLine(), tokenHeader()], '{"a":', true)).status).toBe(400);
    expect(space.workstation.services.settings.get().userNameConfirmed).toBe(false);
  });

  it('refuses names and other text with control characters or lone surrogates, and stores nothing', async () => {
    const bad = ['Ada\u0000', 'Ada\nLovelace', '\u001b[2JAda', 'Ada\ud800', 'evil\u202etxt', '\u0085'];
    for (const name of bad) {
      const body = JSON.stringify({ name });
      const response = await post(`user name ${JSON.stringify(name)}`, '/api/settings.setUserName', [hostLine(), tokenHeader()], body, true);
      expect(response.status).toBe(200);
      expect(JSON.parse(response.body.toString()), JSON.stringify(name)).toMatchObject({ ok: false, error: { code: 'bad_input' } });
      const start = JSON.stringify({ kind: 'severstal', folder: space.steelFolder, name });
      const imported = await post(`dataset name ${JSON.stringify(name)}`, '/api/imports.start', [hostLine(), tokenHeader()], start, true);
      expect(JSON.parse(imported.body.toString()), JSON.stringify(name)).toMatchObject({ ok: false, error: { code: 'bad_input' } });
    }
    for (const [request, args] of [
      ['items.page', { datasetId: space.steelId, offset: 0, limit: 5, filter: { key: 'a\u0000' } }],
      ['folders.list', { path: '/tmp/\u0000' }],
      ['folders.pick', { purpose: 'folder', title: 'Pick\n' }],
      ['models.activate', { version: 'v1\u0000' }],
      ['ct.series', { datasetId: space.ctId, seriesUid: '1.2\u0000' }],
      ['imports.start', { kind: 'rsna', folder: `${space.ctFolder}\u0000` }],
    ] as const) {
      const response = await post(`${request} with control characters`, `/api/${request}`, [hostLine(), tokenHeader()], JSON.stringify(args), true);
      expect(JSON.parse(response.body.toString()), request).toMatchObject({ ok: false, error: { code: 'bad_input' } });
    }
    expect(space.workstation.services.settings.get().userNameConfirmed).toBe(false);
    expect(space.workstation.services.datasets.summaries()).toHaveLength(2);
  });

  it('answers frames and items that do not exist with 404, and methods the route lacks with 405', async () => {
    for (const path of [
      binaryPaths.sliceHu(ctItem, 1),
      binaryPaths.sliceHu(ctItem, 999_999_999),
      `/bin/items/${ctItem}/hu?frame=99999999999999999999`,
      `/bin/items/${ctItem}/hu?frame=1e400`,
      `/bin/items/${ctItem}/hu?frame=-1`,
      binaryPaths.sliceHu(999_999_999_999),
      binaryPaths.thumbnail(999_999_999_999),
      '/bin/items/99999999999999999999/thumbnail',
      '/bin/items/1/everything',
    ]) {
      expect((await get(`absent ${path}`, path, [hostLine(), cookie()], true)).status, path).toBe(404);
    }
    const trace = await rawHttp(host.port, [`DELETE ${binaryPaths.thumbnail(steelItem)} HTTP/1.1`, hostLine(), cookie()].join('\n'));
    tally.record('binary DELETE', true, trace.status);
    expect(trace.status).toBe(405);
    expect((await get('api by GET', '/api/datasets.list', [hostLine(), tokenHeader()], true)).status).toBe(405);
  });
});

describe('the tally', () => {
  it('answered none of the probes without a valid token', () => {
    expect(tally.answeredWithoutToken()).toEqual([]);
    const withoutToken = tally.probes.filter((p) => !p.withToken).length;
    console.log(`[host-security] ${tally.probes.length} probes (${withoutToken} without a valid token, 0 of them answered)`);
    expect(withoutToken).toBeGreaterThan(60);
  });
});
