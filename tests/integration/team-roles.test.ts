// Team mode over the real host: people sign in, every request kind is checked against their role before it
// runs (a refused one is 403 and changes nothing), and what they write is signed with their own name.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { REQUEST_NAMES, type RequestName } from '../../src/shared/api/names';
import { binaryPaths } from '../../src/shared/api/binary';
import { ROLES, mayRequest } from '../../src/shared/roles';
import type { RunningHost } from '../../src/main/host/server';
import { openTestWorkspace, type TestWorkspace } from '../helpers/workspace';
import { PEOPLE, addPeople, postJson, signIn, startTeamHost } from '../helpers/team';
import { fingerprint } from '../helpers/fs';

let space: TestWorkspace;
let host: RunningHost;
let origin: string;
const cookies: Record<string, string> = {};
let steelItem: number;
let ctItem: number;

beforeAll(async () => {
  space = await openTestWorkspace();
  await addPeople(space.workstation);
  host = await startTeamHost(space.workstation);
  origin = new URL(host.url).origin;
  for (const role of ROLES) cookies[role] = await signIn(host, role);
  steelItem = space.workstation.services.datasets.items(space.steelId)[0].id;
  ctItem = space.workstation.services.datasets.items(space.ctId)[0].id;
});
afterAll(async () => {
  await host?.close();
  await space?.cleanup();
});

const call = (role: string | null, name: string, args: unknown = {}) => postJson(host, `/api/${name}`, args, role ? cookies[role] : undefined);

/** Arguments the schema accepts, so that a refusal is the role's and not the arguments'. */
function validArgs(name: RequestName): unknown {
  const series = space.workstation.services.datasets.item(ctItem).seriesUid;
  const table: Partial<Record<RequestName, unknown>> = {
    'settings.setUserName': { name: 'Somebody Else' },
    'imports.start': { kind: 'severstal', folder: space.steelFolder, labelsCsv: space.steelCsv, name: 'again' },
    'jobs.cancel': { jobId: 1 },
    'folders.list': { path: space.dir },
    'datasets.add': { datasetId: space.steelId, folder: space.steelFolder },
    'datasets.watch': { datasetId: space.steelId, folder: space.steelFolder },
    'datasets.unwatch': { datasetId: space.steelId },
    'datasets.rename': { datasetId: space.steelId, name: 'renamed' },
    'datasets.delete': { datasetId: space.steelId },
    'ct.saveExport': { datasetId: space.ctId },
    'steel.saveExport': { what: 'csv', datasetId: space.steelId },
    'qa.summary': { datasetId: space.steelId },
    'audit.list': {},
    'models.predict': { datasetId: space.steelId },
    'models.train': { datasetId: space.steelId },
    'reviews.set': { itemId: steelItem, state: 'approved' },
    'ct.reviewSeries': { datasetId: space.ctId, seriesUid: series, state: 'flagged' },
  };
  return table[name] ?? {};
}

describe('every request kind a role may not make', () => {
  it('is refused with 403 before it runs, and changes nothing', async () => {
    let refused = 0;
    for (const role of ROLES) {
      for (const name of REQUEST_NAMES) {
        const args = validArgs(name);
        if (mayRequest(role, name, args)) continue;
        const before = fingerprint(space.workstation.services.db);
        const reply = await call(role, name, args);
        expect({ role, name, status: reply.status, code: reply.body.error?.code }).toEqual({ role, name, status: 403, code: 'forbidden' });
        expect(fingerprint(space.workstation.services.db), `${role} ${name}`).toBe(before);
        refused++;
      }
    }
    // Annotators are refused the admin's and the reviewer's requests, reviewers the admin's.
    expect(refused).toBeGreaterThan(40);
  });

  it('says which role the request needs', async () => {
    const reply = await call('annotator', 'reviews.set', { itemId: steelItem, state: 'approved' });
    expect(reply.body.error?.message).toBe(`reviews.set needs a reviewer; ${PEOPLE.annotator.name} is an annotator`);
  });

  it('refuses every request without a session (401), a wrong origin (403), and an unknown session', async () => {
    for (const name of REQUEST_NAMES) expect((await call(null, name)).status, name).toBe(401);
    const crossSite = await fetch(`${origin}/api/datasets.list`, { method: 'POST', headers: { origin: 'http://evil.example', cookie: cookies.admin }, body: '{}' });
    expect(crossSite.status).toBe(403);
    const forged = await postJson(host, '/api/datasets.list', {}, `loupe_session_${host.port}=made-up`);
    expect(forged.status).toBe(401);
  });
});

describe('what each role may do', () => {
  it('lets an annotator save labels, signed with their own name whatever the workstation name says', async () => {
    expect((await call('admin', 'settings.setUserName', { name: 'Somebody Else' })).body.ok).toBe(true);
    const current = space.workstation.services.labels.currentRevisionsOf(steelItem).get(2);
    const saved = await call('annotator', 'steel.save', { itemId: steelItem, classes: [{ classId: 2, rle: '10 20', base: current?.id ?? 'none' }] });
    expect(saved.body.ok).toBe(true);
    expect(saved.status).toBe(200);
    const history = space.workstation.services.labels.history(steelItem).filter((r) => r.source === 'human');
    expect(history.at(-1)?.author ?? history[0]?.author).toBe(PEOPLE.annotator.name);
    const settings = await call('annotator', 'settings.get');
    expect(settings.body.value).toMatchObject({ userName: PEOPLE.annotator.name, userNameConfirmed: true });
  });

  it('lets an annotator mark work in progress but not approve; a reviewer approves, signed as themself', async () => {
    expect((await call('annotator', 'reviews.set', { itemId: steelItem, state: 'in_progress' })).body.ok).toBe(true);
    expect((await call('annotator', 'reviews.set', { itemId: steelItem, state: 'approved' })).status).toBe(403);
    const approved = await call('reviewer', 'reviews.set', { itemId: steelItem, state: 'approved' });
    expect(approved.body).toMatchObject({ ok: true, value: { state: 'approved', reviewInfo: { by: PEOPLE.reviewer.name } } });
  });

  it('tells each person who they are', async () => {
    for (const role of ROLES) {
      expect((await call(role, 'session.current')).body.value).toEqual({ team: true, user: { name: PEOPLE[role].name, role } });
    }
  });

  it('shows the admin who did what in the audit', async () => {
    const audit = await call('admin', 'audit.list', { limit: 50 });
    const entries = (audit.body.value as { entries: { who: string; kind: string; what: string }[] }).entries;
    expect(entries).toContainEqual(expect.objectContaining({ who: PEOPLE.reviewer.name, kind: 'review', what: expect.stringMatching(/^approved s1\.jpg/) }));
    expect(entries).toContainEqual(expect.objectContaining({ who: PEOPLE.annotator.name, kind: 'label', what: 'saved class 2 of s1.jpg' }));
  });
});

describe('the binary routes and the event socket', () => {
  it('need a session; whole-dataset label downloads need a reviewer', async () => {
    const get = (path: string, role: string | null) => fetch(`${origin}${path}`, { headers: role ? { cookie: cookies[role] } : {} });
    expect((await get(binaryPaths.thumbnail(steelItem), null)).status).toBe(401);
    expect((await get(binaryPaths.thumbnail(steelItem), 'annotator')).status).toBe(200);
    expect((await get(binaryPaths.mask(steelItem, 2), 'annotator')).status).toBe(200);
    expect((await get(binaryPaths.labelsCsv(space.steelId), 'annotator')).status).toBe(403);
    expect((await get(binaryPaths.labelsCsv(space.steelId), 'reviewer')).status).toBe(200);
  });

  it('opens the socket for a signed-in person only', async () => {
    const open = (headers: Record<string, string>) =>
      new Promise<number>((resolve) => {
        const socket = new WebSocket(`ws://127.0.0.1:${host.port}/events`, { headers });
        socket.once('open', () => (socket.close(), resolve(101)));
        socket.once('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
      });
    expect(await open({})).toBe(401);
    expect(await open({ cookie: cookies.annotator, origin: 'http://evil.example' })).toBe(403);
    expect(await open({ cookie: cookies.annotator })).toBe(101);
  });

  it('stops sending events to a socket whose session ended', async () => {
    const cookie = await signIn(host, 'reviewer');
    const socket = new WebSocket(`ws://127.0.0.1:${host.port}/events`, { headers: { cookie } });
    const received: string[] = [];
    socket.on('message', (data) => received.push((JSON.parse(String(data)) as { event: string }).event));
    await new Promise<void>((resolve) => socket.once('open', () => resolve()));
    await postJson(host, '/auth/logout', {}, cookie);
    const closed = new Promise<number>((resolve) => socket.once('close', (code) => resolve(code)));
    space.workstation.events.publish('datasets.changed', { datasetIds: [1] });
    expect(await closed).toBe(1008);
    expect(received).not.toContain('datasets.changed');
  });
});

describe('signing in and out', () => {
  it('refuses a wrong password and an unknown name alike', async () => {
    const wrong = await postJson(host, '/auth/login', { name: PEOPLE.admin.name, password: 'not-the-password' });
    const nobody = await postJson(host, '/auth/login', { name: 'Nobody', password: 'not-the-password' });
    expect([wrong.status, nobody.status]).toEqual([401, 401]);
    expect(wrong.body).toEqual(nobody.body);
    expect(wrong.setCookie).toBeNull();
  });

  it('sets an HttpOnly SameSite=Strict cookie that expires, not Secure over plain HTTP on loopback', async () => {
    const reply = await postJson(host, '/auth/login', PEOPLE.reviewer);
    expect(reply.setCookie).toMatch(new RegExp(`^loupe_session_${host.port}=[\\w-]{40,}; Path=/; HttpOnly; SameSite=Strict; Max-Age=43200$`));
  });

  it('ends the session at sign-out, and when the user is disabled', async () => {
    const cookie = await signIn(host, 'annotator');
    expect((await postJson(host, '/api/datasets.list', {}, cookie)).status).toBe(200);
    const out = await postJson(host, '/auth/logout', {}, cookie);
    expect(out.setCookie).toMatch(/Max-Age=0/);
    expect((await postJson(host, '/api/datasets.list', {}, cookie)).status).toBe(401);

    const again = await signIn(host, 'annotator');
    space.workstation.services.users.setDisabled(PEOPLE.annotator.name, true);
    expect((await postJson(host, '/api/datasets.list', {}, again)).status).toBe(401);
    expect((await postJson(host, '/auth/login', PEOPLE.annotator)).status).toBe(401);
    space.workstation.services.users.setDisabled(PEOPLE.annotator.name, false);
    cookies.annotator = await signIn(host, 'annotator');
  });
});
