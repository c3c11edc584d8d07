// Time and authorship come from one place so tests can pin them.
export interface Clock {
  now(): string;
}

export const systemClock: Clock = { now: () => new Date().toISOString() };
