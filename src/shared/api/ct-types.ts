// What the CT workspace's requests carry: the series tree, one series a page of slices at a time with their
// labels, reviews and model probabilities (and the whole series at a glance), a slice's DICOM header as text, and
// the person's viewing preferences. No pixels here: slices travel as Int16 bytes over the binary route.
import type { ReviewState } from '../domain';
import type { PatientNode } from '../ct-series';
import type { WindowPreset } from '../window-level';
import type { ReviewInfo } from './types';
import type { BaseRevision } from './collaboration-types';

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
  /** A person's label accepted from or edited from a model's draft: `model:<version>`; else null. */
  labelOrigin: string | null;
  /** The revision of the current label (a save names it as its base); null when not labelled. */
  labelRevisionId: number | null;
  review: ReviewState;
  reviewInfo: ReviewInfo;
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
  /**
   * That model's thresholds (six, CT_LABELS order, from its card; 0.5 each when the card has none): where its
   * draft says yes on a slice with no label. Null when no model has predicted this series.
   */
  modelThresholds: number[] | null;
  /** Slices in the whole series. */
  total: number;
  /** The place in the series of this page's first slice. */
  offset: number;
  /** One page of slices, from `offset`, in position order. */
  slices: CtSliceRow[];
  /** Asked by a slice (`{ itemId }`): that slice's place in the series; else null. */
  index: number | null;
  /** Every slice at a glance (ct-series-overview.ts), when asked for: by default with the first page of a series. */
  overview: CtSeriesOverview | null;
}

/**
 * The whole series packed small (decodeSeriesOverview): item ids as comma-separated base-36 differences, one
 * character per slice for the label ('-' = none, else the five bits in base 32) and for the review (u, i, a, f),
 * and twelve per slice for the model's six probabilities (null when no model predicted the series).
 */
export interface CtSeriesOverview {
  itemIds: string;
  bits: string;
  reviews: string;
  probabilities: string | null;
}

export interface CtLabelChange {
  itemId: number;
  /** The five subtypes as a bit mask (0–31); `any` follows from it. */
  bits: number;
  /** The model draft these labels were accepted from or edited from: `model:<version>`. */
  origin?: string;
}

/** A slice's labels as a save sends them: with the slice's revision the edit started from ('none': it had no label). */
export interface CtSavedLabel extends CtLabelChange {
  base: BaseRevision;
}

export interface CtSaveResult {
  revisionIds: number[];
  /** Slices the save moved from "approved" back to "in progress". */
  approvalsReset: number[];
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

/** What approving or flagging a whole series did. */
export interface CtSeriesReview {
  seriesUid: string;
  state: ReviewState;
  slices: number;
  /** Unlabelled slices labelled "none" first, because the person chose to (approving never passes them silently). */
  markedNone: number;
}
