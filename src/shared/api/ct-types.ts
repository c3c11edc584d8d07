// What the CT workspace's requests carry: the series tree, one series with its slices' labels, reviews and
// model probabilities, a slice's DICOM header as text, and the person's viewing preferences. No pixels here:
// slices travel as Int16 bytes over the binary route.
import type { ReviewState } from '../domain';
import type { PatientNode } from '../ct-series';
import type { WindowPreset } from '../window-level';

/** Patients → studies → series of a CT dataset, with slice counts and review progress. */
export interface CtSeriesTree {
  datasetId: number;
  patients: PatientNode[];
  series: number;
  slices: number;
}

/** One slice of a series, in position order. */
export interface CtSliceRow {
  itemId: number;
  key: string;
  /** Place in the series, from 0. */
  index: number;
  /** Position along the slice normal (mm), or null when the header has none. */
  position: number | null;
  instanceNumber: number | null;
  /** The current label: bit mask of the five subtypes (bit i = CT_SUBTYPES[i]); null when not labelled. */
  bits: number | null;
  /** Who set the current label: 'truth' (imported) or 'human', with author and time; null when not labelled. */
  labelSource: 'truth' | 'human' | null;
  labelAuthor: string | null;
  labelAt: string | null;
  review: ReviewState;
  /** The active CT model's six probabilities (CT_LABELS order), when it has predicted this slice. */
  probabilities: number[] | null;
}

export interface CtSeriesView {
  datasetId: number;
  datasetName: string;
  patientId: string;
  studyUid: string;
  seriesUid: string;
  studyDescription: string;
  seriesDescription: string;
  modality: string;
  /** The model whose probabilities are shown (`model:<version>`), or null when none has predicted this series. */
  modelSource: string | null;
  slices: CtSliceRow[];
}

export interface CtLabelChange {
  itemId: number;
  /** The five subtypes as a bit mask (0–31); `any` follows from it. */
  bits: number;
}

export interface CtSaveResult {
  revisionIds: number[];
  /** The slices as saved: author and time of the new human revisions. */
  author: string;
  savedAt: string;
}

/** One element of a DICOM header, as text. Sequence items are listed under their sequence, one level deeper. */
export interface DicomTagRow {
  /** `(gggg,eeee)`, upper-case hexadecimal. */
  tag: string;
  /** The dictionary keyword, '' when unknown (private tags). */
  name: string;
  vr: string;
  /** The value as text (long values cut short); binary values as their size. */
  value: string;
  /** Bytes of the value. */
  length: number;
  /** 0 at the top level, 1 inside a sequence item, and so on. */
  depth: number;
}

export interface DicomTagList {
  itemId: number;
  key: string;
  transferSyntax: string;
  rows: DicomTagRow[];
  /** True when the header has more elements than were listed. */
  truncated: boolean;
}

/** How the person last looked at CT slices: one window, the RGB composite, or the 2×2 of windows. */
export type CtViewMode = 'single' | 'composite' | 'grid';

export interface CtViewPreferences {
  mode: CtViewMode;
  /** The single window's preset, or 'custom' after a drag. */
  preset: WindowPreset | 'custom';
  center: number;
  width: number;
}

export interface CtExport {
  fileName: string;
  /** The RSNA `ID,Label` CSV of the current labels (newest human revision, else truth), as `loupe export` writes it. */
  csv: string;
  /** Slices with a label (six rows each). */
  slices: number;
}
