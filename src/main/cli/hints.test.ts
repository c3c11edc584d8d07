import { describe, expect, it } from 'vitest';
import { LoupeError, badInput } from '../../shared/errors';
import { cliMessage } from './hints';

describe('cliMessage', () => {
  it('names the flag that gets past an error', () => {
    expect(cliMessage(badInput('train.csv:7: image "x.jpg" is not in /data', 'allowMissing'))).toBe(
      'train.csv:7: image "x.jpg" is not in /data (use --allow-missing to skip such rows)',
    );
    expect(cliMessage(badInput('labels.csv:9: "any" is 0 for slice "ID_1" but the OR of its five subtypes is 1', 'fixAny'))).toMatch(/\(use --fix-any to recompute it\)$/);
    expect(cliMessage(new LoupeError('conflict', 'a dataset named "steel" exists already', 'name'))).toBe(
      'a dataset named "steel" exists already (choose another with --name)',
    );
  });

  it('leaves an error without an option as it is', () => {
    expect(cliMessage(badInput('/data: no such folder'))).toBe('/data: no such folder');
    expect(cliMessage(new Error('line one\nline two'))).toBe('line one line two');
  });
});
