import { describe, expect, it } from 'vitest';
import { secondReadout } from './second-readout';

describe('the A/B readout of a slice', () => {
  it("puts the two versions' probabilities side by side and says the second's draft at its own thresholds", () => {
    const rows = secondReadout([0.1, 0.1, 0.1, 0.1, 0.8, 0.8], [0.05, 0.25, 0.1, 0.9, 0.45, 0.9], [0.1, 0.2, 0.3, 0.4, 0.5, 0.6]);
    expect(rows.map((r) => r.label)).toEqual(['epidural', 'intraparenchymal', 'intraventricular', 'subarachnoid', 'subdural', 'any']);
    expect(rows.map((r) => r.yes)).toEqual([false, true, false, true, false, true]);
    expect(rows[4]).toEqual({ label: 'subdural', first: 0.8, second: 0.45, yes: false });
  });

  it('says no to `any` when no subtype passes, whatever its own probability, and works without a first version', () => {
    const rows = secondReadout(null, [0.1, 0.1, 0.1, 0.1, 0.1, 0.99], null);
    expect(rows.every((r) => !r.yes && r.first === null)).toBe(true);
  });
});
