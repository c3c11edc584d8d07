import { describe, expect, it } from 'vitest';
import { SignInThrottle } from './sign-in-throttle';

const rule = { free: 3, firstWaitMs: 1000, maxWaitMs: 8000, forgetAfterMs: 60_000 };

describe('the sign-in throttle', () => {
  it('lets the first failures through, then doubles the wait after each further one, up to the ceiling', () => {
    const throttle = new SignInThrottle(rule);
    const keys = ['name:ana'];
    for (let i = 0; i < 3; i++) {
      expect(throttle.waitMs(keys, 0)).toBe(0);
      throttle.failed(keys, 0);
    }
    expect(throttle.waitMs(keys, 0)).toBe(1000);
    expect(throttle.waitMs(keys, 400)).toBe(600);
    throttle.failed(keys, 1000);
    expect(throttle.waitMs(keys, 1000)).toBe(2000);
    for (let i = 0; i < 5; i++) throttle.failed(keys, 2000);
    expect(throttle.waitMs(keys, 2000)).toBe(8000);
  });

  it('waits for the worst of the name and the address, and a success clears them', () => {
    const throttle = new SignInThrottle(rule);
    for (let i = 0; i < 4; i++) throttle.failed(['name:ana', 'ip:10.0.0.9'], 0);
    expect(throttle.waitMs(['name:rui', 'ip:10.0.0.9'], 0)).toBe(2000);
    expect(throttle.waitMs(['name:rui', 'ip:10.0.0.7'], 0)).toBe(0);
    throttle.succeeded(['name:ana', 'ip:10.0.0.9']);
    expect(throttle.waitMs(['name:ana', 'ip:10.0.0.9'], 0)).toBe(0);
  });

  it('forgets old failures', () => {
    const throttle = new SignInThrottle(rule);
    for (let i = 0; i < 5; i++) throttle.failed(['name:ana'], 0);
    expect(throttle.waitMs(['name:ana'], 1000)).toBeGreaterThan(0);
    expect(throttle.waitMs(['name:ana'], 61_001)).toBe(0);
  });
});
