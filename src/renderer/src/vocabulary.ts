// The words and colours the workstation shows for classes, labels and review states.
import type { DatasetKind, ReviewState } from '../../shared/domain';
import type { ReviewInfo } from '../../shared/api/types';
import { CT_SUBTYPES, STEEL_CLASSES } from '../../shared/domain';
import { classCss } from './workspaces/steel/palette';

export const KIND_NAMES: Record<DatasetKind, string> = { severstal: 'Steel strips', rsna: 'Head CT' };

export const REVIEW_NAMES: Record<ReviewState, string> = {
  unreviewed: 'Unreviewed',
  in_progress: 'In progress',
  approved: 'Approved',
  flagged: 'Flagged',
};

/** Short names radiologists use for the haemorrhage subtypes. */
export const CT_LABEL_SHORT: Record<string, string> = {
  epidural: 'EDH',
  intraparenchymal: 'IPH',
  intraventricular: 'IVH',
  subarachnoid: 'SAH',
  subdural: 'SDH',
  any: 'Any',
};

export const CT_LABEL_COLOURS: Record<string, string> = {
  epidural: '#ff7a59',
  intraparenchymal: '#ff5c8a',
  intraventricular: '#b57cff',
  subarachnoid: '#4cc9f0',
  subdural: '#f7b32b',
  any: '#e5e9ee',
};

export interface LabelChoice {
  value: string;
  name: string;
}

/** The label filter's "no label at all" choice: neither imported truth nor a person's label. */
export const UNLABELLED_CHOICE: LabelChoice = { value: 'unlabelled', name: 'Unlabelled' };

/** The label filter's choices for a kind of dataset. */
export function labelChoices(kind: DatasetKind): LabelChoice[] {
  if (kind === 'severstal') {
    return [...STEEL_CLASSES.map((c) => ({ value: String(c), name: `Class ${c} present` })), { value: 'none', name: 'No defect' }, UNLABELLED_CHOICE];
  }
  return [
    { value: 'any', name: 'Any haemorrhage' },
    ...CT_SUBTYPES.map((s) => ({ value: s, name: `${s[0].toUpperCase()}${s.slice(1)} (${CT_LABEL_SHORT[s]})` })),
    { value: 'none', name: 'No haemorrhage' },
    UNLABELLED_CHOICE,
  ];
}

export function labelColour(kind: DatasetKind, label: string): string {
  return kind === 'severstal' ? classCss(Number(label)) : (CT_LABEL_COLOURS[label] ?? '#ccc');
}

export function labelName(kind: DatasetKind, label: string): string {
  return kind === 'severstal' ? `Class ${label}` : (CT_LABEL_SHORT[label] ?? label);
}

const COUNT_FORMAT = new Intl.NumberFormat('en');
/** 1,234,567: one formatter for every count (the list formats hundreds per scroll). */
export const formatCount = (n: number) => COUNT_FORMAT.format(n);

/** A moment as a workstation shows it: the time today, else the day and the time. */
export function formatWhen(iso: string, now = new Date()): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return date.toDateString() === now.toDateString()
    ? date.toLocaleTimeString('en-GB', { hour: '2-digit', minute: '2-digit', second: '2-digit' })
    : date.toLocaleString('en-GB', { day: 'numeric', month: 'short', year: date.getFullYear() === now.getFullYear() ? undefined : 'numeric', hour: '2-digit', minute: '2-digit' });
}

/** "Approved by Ana · 14:02:10", with the flag's reason (or what moved the state) after a colon. */
export function reviewSummary(info: ReviewInfo, now = new Date()): string {
  const who = info.by ? ` by ${info.by}` : '';
  const when = info.at ? ` · ${formatWhen(info.at, now)}` : '';
  const note = info.note ? `: ${info.note}` : '';
  return `${REVIEW_NAMES[info.state]}${who}${when}${note}`;
}
