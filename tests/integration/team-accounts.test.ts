// Team accounts and sessions on a real SQLite file: sessions expire and keep only a hash of their token,
// a new password or a disabled user ends them, the audit pages through rows of one instant without losing
// or repeating any, jobs are signed by whoever started them, and guessing passwords is slowed down.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { createServices, type Services } from '../../src/main/composition';
import { SessionService } from '../../src/main/services/team/sessions';
import { actAs } from '../../src/main/services/team/acting-user';
import type { RunningHost } from '../../src/main/host/server';
import type { JobView } from '../../src/shared/api/types';
import type { AuditEntry } from '../../src/shared/api/team-types';
import { tempDir } from '../helpers/fs';
import { openTestWorkspace, type TestWorkspace } from '../helpers/workspace';
import { PEOPLE, addPeople, postJson, signIn, startTeamHost } from '../helpers/team';

describe('users and sessions', () => {
  let services: Services;
  let cleanup: () => void;
  let now = '2026-03-02T08:00:00.000Z';
  const clock = { now: () => now };

  beforeAll(() => {
    const temp = tempDir('loupe-accounts-');
    cleanup = temp.cleanup;
    services = createServices(join(temp.dir, 'loupe.db'), clock);
  });
  afterAll(() => {
    services?.close();
    cleanup?.();
  });

  it('refuses a second user of the same name, and trims names', async () => {
    const ana = await services.users.add('  Ana ', 'annotates-strips', 'annotator');
    expect(ana).toMatchObject({ name: 'Ana', role: 'annotator', disabled: false });
    await expect(services.users.add('Ana', 'another-password', 'reviewer')).rejects.toThrow(/already a user named "Ana"/);
    await expect(services.users.add('Bad\nName', 'another-password', 'reviewer')).rejects.toThrow(/control characters/);
  });

  it('keeps only a hash of the session token, and ends sessions at their expiry', () => {
    const sessions = new SessionService(services.db, clock, 12);
    const ana = services.users.get('Ana');
    const { token, expiresAt } = sessions.start(ana.id);
    expect(expiresAt).toBe('2026-03-02T20:00:00.000Z');
    const stored = services.db.prepare('SELECT token_hash FROM sessions').all() as { token_hash: string }[];
    expect(stored.map((r) => r.token_hash)).not.toContain(token);
    expect(sessions.user(token)).toEqual({ name: 'Ana', role: 'annotator' });
    now = '2026-03-02T19:59:59.999Z';
    expect(sessions.user(token)).not.toBeNull();
    now = '2026-03-02T20:00:00.000Z';
    expect(sessions.user(token)).toBeNull();
    now = '2026-03-02T08:00:00.000Z';
  });

  it('ends the sessions of a user who gets a new password, and signs in only with the new one', async () => {
    const ana = services.users.get('Ana');
    const { token } = services.sessions.start(ana.id);
    await services.users.setPassword('Ana', 'a-new-password');
    expect(services.sessions.user(token)).toBeNull();
    expect(await services.users.authenticate('Ana', 'annotates-strips')).toBeNull();
    expect(await services.users.authenticate('Ana', 'a-new-password')).toMatchObject({ name: 'Ana' });
  });

  it('pages through the audit without losing or repeating rows saved at one instant', () => {
    const [item] = services.datasets.items(services.datasets.list()[0]?.id ?? 0);
    expect(item).toBeUndefined(); // an empty workspace: the rows below come from jobs alone
    for (let i = 0; i < 7; i++) actAs({ name: `P${i}`, role: 'admin' }, () => services.jobs.run({ kind: 'import', title: `import ${i}` }, () => Promise.resolve({} as never)));
    const all = services.audit.list({ limit: 100 }).entries;
    expect(all).toHaveLength(7);
    expect(new Set(all.map((e) => e.who))).toEqual(new Set(['P0', 'P1', 'P2', 'P3', 'P4', 'P5', 'P6']));
    const paged: AuditEntry[] = [];
    let before: string | undefined;
    do {
      const page = services.audit.list({ limit: 3, before });
      paged.push(...page.entries);
      before = page.next ?? undefined;
    } while (before);
    expect(paged).toEqual(all);
    expect(() => services.audit.list({ limit: 3, before: 'made-up' })).toThrow(/not one this workstation gave/);
  });
});

describe('the team host', () => {
  let space: TestWorkspace;
  let host: RunningHost;

  beforeAll(async () => {
    space = await openTestWorkspace();
    await addPeople(space.workstation);
    host = await startTeamHost(space.workstation);
  });
  afterAll(async () => {
    await host?.close();
    await space?.cleanup();
  });

  it("signs an admin's import with their name, and the audit shows it", async () => {
    const admin = await signIn(host, 'admin');
    const started = await postJson(host, '/api/imports.start', { kind: 'severstal', folder: space.steelFolder, labelsCsv: space.steelCsv, name: 'second import' }, admin);
    expect(started.body.ok).toBe(true);
    const jobId = (started.body.value as JobView).id;
    await expect.poll(async () => ((await postJson(host, '/api/jobs.get', { jobId }, admin)).body.value as JobView).state, { timeout: 60_000 }).toBe('done');
    const audit = await postJson(host, '/api/audit.list', { kind: 'import' }, admin);
    expect((audit.body.value as { entries: AuditEntry[] }).entries[0]).toMatchObject({ kind: 'import', who: PEOPLE.admin.name, what: expect.stringMatching(/^Import steel strips from .* \(done\)$/) });
    const truth = space.workstation.services.db.prepare("SELECT DISTINCT r.author FROM label_revisions r JOIN items i ON i.id = r.item_id JOIN datasets d ON d.id = i.dataset_id WHERE d.name = 'second import'").all();
    expect(truth).toEqual([{ author: PEOPLE.admin.name }]);
  });

  it('makes someone who keeps guessing a password wait, even for the right one', async () => {
    for (let i = 0; i < 5; i++) expect((await postJson(host, '/auth/login', { name: PEOPLE.reviewer.name, password: `guess number ${i}` })).status).toBe(401);
    const right = await postJson(host, '/auth/login', PEOPLE.reviewer);
    expect(right.status).toBe(429);
    expect(right.body.error?.message).toMatch(/^too many failed sign-ins: try again in \d+ s$/);
    expect(right.setCookie).toBeNull();
    // Another name is not held up by them.
    expect((await postJson(host, '/auth/login', PEOPLE.annotator)).status).toBe(200);
  });
});
