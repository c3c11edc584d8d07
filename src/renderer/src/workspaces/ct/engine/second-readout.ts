// The CT label panel's A/B readout, pure: per label, the first version's probability beside the second's and
// the second's draft yes / no at its own card's thresholds (`any` follows from the five subtypes).
import { CT_LABELS, type CtLabel } from '../../../../../shared/domain';
import { draftBits } from '../../../../../shared/ct-draft';
import { hasLabel } from '../../../../../shared/ct-labels';

export interface SecondReadoutRow {
  label: CtLabel;
  first: number | null;
  second: number;
  /** The second version's draft says yes. */
  yes: boolean;
}

export function secondReadout(first: readonly number[] | null, second: readonly number[], thresholds: readonly number[] | null): SecondReadoutRow[] {
  const bits = draftBits(second, thresholds ?? []);
  return CT_LABELS.map((label, i) => ({ label, first: first?.[i] ?? null, second: second[i], yes: hasLabel(bits, label) }));
}
