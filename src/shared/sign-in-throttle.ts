// Guessing passwords over the LAN: after a few failed sign-ins for one name, or from one address, the next
// attempt has to wait, twice as long after each further failure (up to a ceiling). A success clears the
// name's and the address's count. Time is passed in, so the rule is tested without waiting.

export interface ThrottleRule {
  /** Failures allowed before the first wait. */
  free: number;
  firstWaitMs: number;
  maxWaitMs: number;
  /** A count older than this is forgotten. */
  forgetAfterMs: number;
}

export const SIGN_IN_RULE: ThrottleRule = { free: 5, firstWaitMs: 1_000, maxWaitMs: 5 * 60_000, forgetAfterMs: 15 * 60_000 };

interface Count {
  failures: number;
  last: number;
}

export class SignInThrottle {
  private readonly counts = new Map<string, Count>();

  constructor(private readonly rule: ThrottleRule = SIGN_IN_RULE) {}

  /** How long (ms) the keys must still wait before the next attempt; 0 when they may try now. */
  waitMs(keys: readonly string[], now: number): number {
    let wait = 0;
    for (const key of keys) {
      const count = this.live(key, now);
      if (!count || count.failures < this.rule.free) continue;
      const span = Math.min(this.rule.maxWaitMs, this.rule.firstWaitMs * 2 ** (count.failures - this.rule.free));
      wait = Math.max(wait, count.last + span - now);
    }
    return Math.max(0, wait);
  }

  failed(keys: readonly string[], now: number): void {
    for (const key of keys) this.counts.set(key, { failures: (this.live(key, now)?.failures ?? 0) + 1, last: now });
    // Forgotten counts go, so a stream of made-up names cannot grow the map without end.
    if (this.counts.size > 10_000) for (const [key, count] of this.counts) if (now - count.last > this.rule.forgetAfterMs) this.counts.delete(key);
  }

  succeeded(keys: readonly string[]): void {
    for (const key of keys) this.counts.delete(key);
  }

  private live(key: string, now: number): Count | undefined {
    const count = this.counts.get(key);
    if (count && now - count.last > this.rule.forgetAfterMs) {
      this.counts.delete(key);
      return undefined;
    }
    return count;
  }
}
