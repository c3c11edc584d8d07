import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { LOUPE_VERSION } from './version';
import { buildProgram } from './cli/main';

describe("Loupe's version", () => {
  it('is the one in package.json, and the one `loupe --version` prints', () => {
    const { version } = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
    expect(LOUPE_VERSION).toBe(version);
    expect(buildProgram().version()).toBe(version);
  });
});
