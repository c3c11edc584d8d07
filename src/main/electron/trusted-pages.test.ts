import { describe, expect, it } from 'vitest';
import { devServerOrigin, isAppPage, isDevServerUrl, isDevToolsShortcut, type KeyInput } from './trusted-pages';

describe('devServerOrigin', () => {
  it('is the origin of a loopback dev server in an unpackaged run', () => {
    expect(devServerOrigin('http://localhost:5173', false)).toBe('http://localhost:5173');
    expect(devServerOrigin('http://localhost:5173/', false)).toBe('http://localhost:5173');
    expect(devServerOrigin('http://127.0.0.1:5173/index.html', false)).toBe('http://127.0.0.1:5173');
    expect(devServerOrigin('https://[::1]:5173', false)).toBe('https://[::1]:5173');
  });

  it('is null in a packaged app, whatever the environment says', () => {
    expect(devServerOrigin('http://localhost:5173', true)).toBeNull();
  });

  it('is null when unset, not a URL, not http(s), or not on this machine', () => {
    for (const url of [undefined, '', 'localhost:5173', 'not a url', 'file:///tmp/index.html', 'javascript:alert(1)', 'http://evil.example:5173', 'http://localhost.evil.example:5173', 'http://192.168.1.5:5173']) {
      expect(devServerOrigin(url, false), String(url)).toBeNull();
    }
  });
});

describe('isAppPage', () => {
  const dev = 'http://localhost:5173';

  it("accepts the app's own pages on loupe://app", () => {
    expect(isAppPage('loupe://app/index.html', null)).toBe(true);
    expect(isAppPage('loupe://app/index.html#/items/3', dev)).toBe(true);
  });

  it('refuses other hosts of the scheme, credentials tricks and other schemes', () => {
    for (const url of ['loupe://other/index.html', 'loupe://app@evil.example/', 'loupe://app:1/index.html', 'loupe://evil/app/', 'file:///index.html', 'https://example.org/', 'about:blank', 'data:text/html,hi', 'not a url', '']) {
      expect(isAppPage(url, dev), url).toBe(false);
    }
  });

  it('accepts the dev server by exact origin only', () => {
    expect(isAppPage('http://localhost:5173/', dev)).toBe(true);
    expect(isAppPage('http://localhost:5173/src/main.ts?x=1', dev)).toBe(true);
    for (const url of ['http://localhost:5173.evil.example/', 'http://localhost:51730/', 'https://localhost:5173/', 'http://localhost:5174/', 'http://127.0.0.1:5173/', 'http://localhost:5173@evil.example/']) {
      expect(isAppPage(url, dev), url).toBe(false);
    }
  });

  it('refuses the dev server when there is none (packaged)', () => {
    expect(isAppPage('http://localhost:5173/', null)).toBe(false);
  });
});

describe('isDevServerUrl', () => {
  it('matches the exact origin, and nothing without a dev server', () => {
    expect(isDevServerUrl('http://localhost:5173/src/App.vue', 'http://localhost:5173')).toBe(true);
    expect(isDevServerUrl('http://localhost:5173.evil.example/', 'http://localhost:5173')).toBe(false);
    expect(isDevServerUrl('loupe://app/index.html', 'http://localhost:5173')).toBe(false);
    expect(isDevServerUrl('http://localhost:5173/', null)).toBe(false);
    expect(isDevServerUrl('::', 'http://localhost:5173')).toBe(false);
  });
});

describe('isDevToolsShortcut', () => {
  const key = (k: string, mods: Partial<KeyInput> = {}): KeyInput => ({ type: 'keyDown', key: k, control: false, meta: false, shift: false, alt: false, ...mods });

  it('knows the developer-tools keys', () => {
    expect(isDevToolsShortcut(key('F12'))).toBe(true);
    expect(isDevToolsShortcut(key('I', { control: true, shift: true }))).toBe(true);
    expect(isDevToolsShortcut(key('j', { control: true, shift: true }))).toBe(true);
    expect(isDevToolsShortcut(key('i', { meta: true, alt: true }))).toBe(true);
  });

  it("leaves the workstation's own keys alone", () => {
    expect(isDevToolsShortcut(key('i'))).toBe(false);
    expect(isDevToolsShortcut(key('i', { control: true }))).toBe(false);
    expect(isDevToolsShortcut(key('c', { control: true }))).toBe(false);
    expect(isDevToolsShortcut(key('F11'))).toBe(false);
    expect(isDevToolsShortcut({ ...key('F12'), type: 'keyUp' })).toBe(false);
  });
});
