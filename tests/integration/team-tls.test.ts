// Team mode over TLS with a certificate made for the test (openssl, a throwaway self-signed one): the page,
// sign-in and the api over HTTPS, a Secure session cookie, the event socket over wss, and no plain HTTP.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import WebSocket from 'ws';
import type { RunningHost } from '../../src/main/host/server';
import { openTestWorkspace, type TestWorkspace } from '../helpers/workspace';
import { PEOPLE, addPeople, httpsJson, startTeamHost } from '../helpers/team';

let space: TestWorkspace;
let host: RunningHost;
let cert: string;

beforeAll(async () => {
  space = await openTestWorkspace();
  await addPeople(space.workstation);
  const key = join(space.dir, 'key.pem');
  const certFile = join(space.dir, 'cert.pem');
  execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', key, '-out', certFile, '-days', '1', '-subj', '/CN=loupe-test', '-addext', 'subjectAltName=IP:127.0.0.1'], {
    stdio: 'ignore',
  });
  cert = readFileSync(certFile, 'utf8');
  host = await startTeamHost(space.workstation, { tls: { cert, key: readFileSync(key, 'utf8') } });
});
afterAll(async () => {
  await host?.close();
  await space?.cleanup();
});

describe('team mode over TLS', () => {
  it('prints an https address without a token', () => {
    expect(host.url).toBe(`https://127.0.0.1:${host.port}/`);
    expect(host.token).toBe('');
  });

  it('signs in over HTTPS with a Secure, HttpOnly, SameSite=Strict cookie that the api then takes', async () => {
    const origin = `https://127.0.0.1:${host.port}`;
    const login = await httpsJson(`${origin}/auth/login`, cert, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin },
      body: JSON.stringify(PEOPLE.reviewer),
    });
    expect(login.status).toBe(200);
    const setCookie = String(login.headers['set-cookie']);
    expect(setCookie).toMatch(/; HttpOnly; SameSite=Strict; Max-Age=\d+; Secure$/);
    const cookie = setCookie.split(';')[0];
    const list = await httpsJson(`${origin}/api/datasets.list`, cert, { method: 'POST', headers: { origin, cookie }, body: '{}' });
    expect(list.status).toBe(200);
    expect(JSON.parse(list.text)).toMatchObject({ ok: true });
    expect((await httpsJson(`${origin}/api/datasets.list`, cert, { method: 'POST', headers: { origin }, body: '{}' })).status).toBe(401);

    const socket = new WebSocket(`wss://127.0.0.1:${host.port}/events`, { headers: { cookie }, ca: cert });
    const hello = await new Promise<string>((resolve, reject) => {
      socket.once('message', (data) => resolve(String(data)));
      socket.once('error', reject);
    });
    expect(JSON.parse(hello)).toEqual({ event: 'hello', payload: null });
    socket.close();
  });

  it('does not answer plain HTTP on its port', async () => {
    await expect(fetch(`http://127.0.0.1:${host.port}/api/datasets.list`, { method: 'POST', body: '{}' })).rejects.toThrow();
  });
});
