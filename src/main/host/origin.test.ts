import { describe, expect, it } from 'vitest';
import { isOwnOrigin } from './origin';

const own = ['http://127.0.0.1:4000', 'http://localhost:4000'];

describe('isOwnOrigin', () => {
  it("lets through the host's own origins and requests without one", () => {
    expect(isOwnOrigin('http://127.0.0.1:4000', own)).toBe(true);
    expect(isOwnOrigin('http://localhost:4000', own)).toBe(true);
    expect(isOwnOrigin(undefined, own)).toBe(true);
  });

  it('refuses null, other sites, other ports, other schemes and look-alikes', () => {
    for (const origin of ['null', 'http://evil.example', 'http://127.0.0.1:4001', 'https://127.0.0.1:4000', 'http://127.0.0.1:4000.evil.example', 'http://127.0.0.1:4000/', '', 'HTTP://127.0.0.1:4000']) {
      expect(isOwnOrigin(origin, own), origin).toBe(false);
    }
    expect(isOwnOrigin(['http://127.0.0.1:4000', 'http://127.0.0.1:4000'], own)).toBe(false);
  });
});
