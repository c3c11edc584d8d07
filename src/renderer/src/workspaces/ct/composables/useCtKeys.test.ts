import { describe, expect, it } from 'vitest';
import { PRESET_KEYS, SUBTYPE_KEYS } from './useCtKeys';

describe('the CT keys', () => {
  it('maps F1–F4 to brain, subdural, soft tissue and bone', () => {
    expect(PRESET_KEYS).toEqual({ F1: 'brain', F2: 'subdural', F3: 'soft', F4: 'bone' });
  });

  it('numbers the five subtypes 1–5', () => {
    expect(SUBTYPE_KEYS.map((k) => k.key)).toEqual(['1', '2', '3', '4', '5']);
  });
});
