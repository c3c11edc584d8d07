// A team-mode host over a test workspace: three people (one per role), signing in over HTTP(S) like the
// page does.
import { request as httpsRequest } from 'node:https';
import type { Role } from '../../src/shared/roles';
import { startHost, type RunningHost, type TeamHostOptions } from '../../src/main/host/server';
import type { Workstation } from '../../src/main/api/workstation';

export const PEOPLE: Record<Role, { name: string; password: string }> = {
  annotator: { name: 'Ana', password: 'annotates-strips' },
  reviewer: { name: 'Rui', password: 'reviews-everything' },
  admin: { name: 'Ada', password: 'administers-loupe' },
};

export async function addPeople(workstation: Workstation): Promise<void> {
  for (const [role, person] of Object.entries(PEOPLE)) await workstation.services.users.add(person.name, person.password, role as Role);
}

export function startTeamHost(workstation: Workstation, team: Partial<TeamHostOptions> = {}, rendererDir?: string): Promise<RunningHost> {
  return startHost({ workstation, rendererDir, team: { listen: '127.0.0.1', ...team } });
}

export interface Reply {
  status: number;
  body: { ok: boolean; value?: unknown; error?: { code: string; message: string } };
  setCookie: string | null;
}

/** POSTs JSON to the host as the page would (its Origin, its session cookie). */
export async function postJson(host: RunningHost, path: string, value: unknown, cookie?: string): Promise<Reply> {
  const origin = new URL(host.url).origin;
  const response = await fetch(`${origin}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin, ...(cookie ? { cookie } : {}) },
    body: JSON.stringify(value ?? {}),
  });
  const text = await response.text();
  return { status: response.status, body: text ? (JSON.parse(text) as Reply['body']) : { ok: false }, setCookie: response.headers.get('set-cookie') };
}

/** Signs in and returns the cookie to send (name=value). */
export async function signIn(host: RunningHost, role: Role): Promise<string> {
  const reply = await postJson(host, '/auth/login', PEOPLE[role]);
  if (reply.status !== 200 || !reply.setCookie) throw new Error(`${PEOPLE[role].name} could not sign in: ${reply.status} ${JSON.stringify(reply.body)}`);
  return reply.setCookie.split(';')[0];
}

/** An HTTPS request trusting one certificate (fetch cannot be given a CA). */
export function httpsJson(url: string, ca: string, init: { method?: string; headers?: Record<string, string>; body?: string } = {}): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; text: string }> {
  return new Promise((resolve, reject) => {
    const req = httpsRequest(url, { method: init.method ?? 'GET', headers: init.headers, ca }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (text += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, text }));
    });
    req.on('error', reject);
    req.end(init.body);
  });
}
