import { describe, expect, it } from 'vitest';
import { chooseTransport, isLoopback, parseListen } from './listen';

describe('the team host address', () => {
  it('reads host and port, IPv6 in brackets, with a default port', () => {
    expect(parseListen('0.0.0.0:8443')).toEqual({ host: '0.0.0.0', port: 8443 });
    expect(parseListen('[::]:9000')).toEqual({ host: '[::]', port: 9000 });
    expect(parseListen('loupe.lan')).toEqual({ host: 'loupe.lan', port: 8443 });
    expect(() => parseListen('http://x:1')).toThrow(/--listen must be/);
    expect(() => parseListen('x:99999')).toThrow(/0–65535/);
  });

  it('knows loopback addresses', () => {
    expect(isLoopback('127.0.0.1')).toBe(true);
    expect(isLoopback('[::1]')).toBe(true);
    expect(isLoopback('localhost')).toBe(true);
    expect(isLoopback('0.0.0.0')).toBe(false);
    expect(isLoopback('192.168.1.4')).toBe(false);
  });
});

describe('team mode transport', () => {
  it('serves TLS with a certificate and its key, and refuses one without the other', () => {
    expect(chooseTransport('0.0.0.0', { cert: 'c.pem', key: 'k.pem' }, false)).toEqual({ ok: true, tls: true });
    expect(chooseTransport('0.0.0.0', { cert: 'c.pem' }, false)).toMatchObject({ ok: false, message: expect.stringMatching(/go together/) });
  });

  it('allows plain HTTP on loopback only, unless the admin says so, and then warns', () => {
    expect(chooseTransport('127.0.0.1', {}, false)).toEqual({ ok: true, tls: false });
    expect(chooseTransport('0.0.0.0', {}, false)).toMatchObject({ ok: false, message: expect.stringMatching(/needs TLS.*--insecure-http/) });
    const insecure = chooseTransport('0.0.0.0', {}, true);
    expect(insecure).toMatchObject({ ok: true, tls: false, warning: expect.stringMatching(/^WARNING: plain HTTP/) });
  });
});
