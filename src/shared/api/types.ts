// What travels through the contract: plain JSON values, in the words the workstation uses.
// Pixels and masks never appear here; they go through the binary routes (see binary.ts).
import type { DatasetKind, LabelSource, ReviewState } from '../domain';
import type { ErrorCode, ErrorOption } from '../errors';
import type { EpochPoint, PredictOutcome, RethresholdOutcome, TrainOutcome } from './model-types';
import type { QueuePlace, ResolvedQueueOrder } from './loop-types';
import type { CompareOutcome, TuneOutcome } from './model-loop-types';
import type { ItemClaim, SaveConflict } from './collaboration-types';

/** The shape every reply takes, over IPC and HTTP alike. */
export type Reply<T> = { ok: true; value: T } | { ok: false; error: ReplyError };
export interface ReplyError {
  code: ErrorCode;
  message: string;
  /** The choice that would get past the error; each surface names it in its own words (a flag, a checkbox). */
  option?: ErrorOption;
  /** A save refused because its base revision moved: the labels now current (see collaboration-types.ts). */
  conflict?: SaveConflict;
}

/** Which shell the renderer runs in. */
export type ShellKind = 'electron' | 'browser';

export interface AppInfo {
  version: string;
  shell: ShellKind;
  /** The database file this workstation has open. */
  database: string;
  /** True where the shell can show the operating system's file picker (Electron); else browse with folders.list. */
  nativePicker: boolean;
  /** Where folder browsing starts: the host user's home folder. */
  home: string;
}

export interface Settings {
  /** The author of every revision and review made from this workstation. */
  userName: string;
  /** False until the person has confirmed or typed their name once. */
  userNameConfirmed: boolean;
  /** The operating-system user, offered until the person names themself. */
  defaultUserName: string;
}

/** One dataset as the dataset list shows it. */
export interface DatasetCard {
  id: number;
  name: string;
  kind: DatasetKind;
  root: string;
  labelsFile: string | null;
  createdAt: string;
  items: number;
  /** Items whose review state is approved or flagged. */
  reviewed: number;
  /** Items with a label (imported truth or a person's revision) / with none at all. */
  labelled: number;
  unlabelled: number;
  labels: { truth: number; human: number; model: number };
  /** What its imports and added batches warned about (CT: files unlike head-CT slices), files per reason. */
  warnings: DatasetWarning[];
  /** The folder the workstation watches for new files to add ("Watch folder"), or null. */
  watchFolder: string | null;
}

/** One reason an import warned about, and how many of the dataset's files it concerns. */
export interface DatasetWarning {
  message: string;
  files: number;
}

/** An item's review as it stands: its state, who set it and when, and why (a flag's reason). */
export interface ReviewInfo {
  state: ReviewState;
  /** Who set the state; null while the item was never reviewed. */
  by: string | null;
  at: string | null;
  /** The flag's reason, or what moved the item back (e.g. "edited after approval"). */
  note: string | null;
}

/**
 * What the item browser filters by. `label`: a steel class '1'..'4' or a CT label ('epidural' … 'any')
 * that is present; 'none' = labelled with no defect / no haemorrhage; 'unlabelled' = no label at all.
 */
export interface ItemFilter {
  review?: ReviewState[];
  label?: string;
  /** Part of the item's key (image id / slice id), case-insensitive. */
  key?: string;
}

/** One row of the item browser. */
export interface ItemRow {
  id: number;
  /** Position in the (filtered) list, from 0. */
  index: number;
  key: string;
  review: ReviewState;
  /** Who set the review state, when, and why. */
  reviewInfo: ReviewInfo;
  /** Present labels: steel classes '1'..'4', or the CT labels that are set. */
  labels: string[];
  /** Steel only: defect pixels per present class. */
  areas: Record<string, number>;
  /** False when the item has no label at all (no truth and no human revision). */
  labelled: boolean;
  patientId: string | null;
  seriesUid: string | null;
  position: number | null;
  /** In a list sorted by a review queue: the item's score there and why it is where it is. */
  queue?: QueuePlace;
  /** Someone editing the item now ("being edited by Ana"); absent when nobody holds it. */
  claim?: ItemClaim;
}

export interface ItemPage {
  datasetId: number;
  /** Items matching the filter. */
  total: number;
  offset: number;
  rows: ItemRow[];
  /** The queue order the rows are in (with the models it chose), when the list is sorted by one. */
  order?: ResolvedQueueOrder;
}

export interface ItemLocation {
  datasetId: number;
  /** Position of the item in the filtered list, or null when the filter hides it. */
  index: number | null;
  total: number;
}

export interface CurrentLabel {
  classId: number;
  /** Steel: Kaggle RLE ('' = empty). CT: the bit mask of the five subtypes, as text. */
  payload: string;
  source: LabelSource;
  author: string;
  createdAt: string;
  /** A person's revision that started from a model's draft: `model:<version>`; else null. */
  origin: string | null;
}

/** One item, opened in the viewer. */
export interface ItemDetail {
  id: number;
  datasetId: number;
  datasetName: string;
  kind: DatasetKind;
  key: string;
  width: number;
  height: number;
  frames: number;
  patientId: string | null;
  studyUid: string | null;
  seriesUid: string | null;
  position: number | null;
  /** Display order inside the dataset, from 0. */
  sortIndex: number;
  review: ReviewState;
  reviewInfo: ReviewInfo;
  labels: CurrentLabel[];
  /** Header facts kept at import (CT: instance number, series description, window values …). */
  meta: Record<string, unknown>;
}

export interface LabelRevisionView {
  id: number;
  classId: number;
  source: LabelSource;
  payload: string;
  author: string;
  createdAt: string;
  /** Where a person's revision started: `model:<version>` when edited from that model's draft; else null. */
  origin: string | null;
}

export interface FolderEntry {
  name: string;
  path: string;
  kind: 'folder' | 'file';
  size: number | null;
}

export interface FolderListing {
  path: string;
  parent: string | null;
  entries: FolderEntry[];
  /** True when the folder holds more entries than were listed. */
  truncated: boolean;
}

/** A file of an import's folder that was not read, and why (not an image, hidden, a link, a subfolder). */
export interface LeftOutFile {
  /** Relative to the folder; a folder ends with '/'. */
  file: string;
  reason: string;
}

/** A file that was imported but looks unlike the dataset's kind (e.g. a CT of the ankle in a head-CT dataset). */
export interface ImportWarning {
  /** Relative to the folder. */
  file: string;
  message: string;
}

/** What an import brought in: the CLI prints it, an import job ends with it, the import dialog shows it. */
export interface ImportReport {
  datasetId: number;
  name: string;
  kind: DatasetKind;
  items: number;
  /** Items that received ground-truth labels (0 without a label CSV: every item is unlabelled). */
  labelled: number;
  /** Label rows whose image (slice) was not in the folder and was skipped, as asked (the 'allowMissing' option). */
  skippedMissing: number;
  /** The files of `leftOut`, names only (relative to the folder). */
  skippedFiles: string[];
  /** Every entry of the folder that was not read, with the reason: other files, hidden files, links, subfolders. */
  leftOut: LeftOutFile[];
  /** Files imported that look unlike the dataset's kind (CT: not a head-CT slice), each with the reason. */
  warnings: ImportWarning[];
  /** Whether every item was decoded in full at import (steel always; CT unless the verify step was skipped). */
  verified: boolean;
  /** Slices whose `any` was recomputed from the five subtypes (`--fix-any`). */
  fixedAny: number;
  /** True when the files were added to an existing dataset (a batch) rather than imported as a new dataset. */
  added: boolean;
  /** Files of a batch that the dataset has already (same key, same bytes): skipped. Always empty for an import. */
  unchanged: UnchangedFile[];
}

/** A file of a batch whose key the dataset has already, with the very same bytes. */
export interface UnchangedFile {
  /** Relative to the batch's folder. */
  file: string;
  key: string;
}

/** What a watched folder brought in, from its start until it was stopped. */
export interface WatchOutcome {
  folder: string;
  /** Batches written (each one transaction). */
  batches: number;
  /** Items added. */
  added: number;
  /** Complete files the dataset had already (same key, same bytes). */
  unchanged: number;
  /** Items handed to the active model for pre-annotation. */
  preannotated: number;
}

/**
 * Every kind of long work, with what it ends with. This is the one list of job kinds: a new kind (an export,
 * a folder watch, a tuning run, a queued remote job …) is one more entry here, and the job service, the
 * `jobs.*` requests, the `job.updated` event and the renderer's job store carry it as they are.
 */
export interface JobResults {
  /** An import of a new dataset, or a batch added to one (`added` says which). */
  import: ImportReport;
  /** A watched folder, once the watch stops. */
  watch: WatchOutcome;
  predict: PredictOutcome;
  train: TrainOutcome;
  rethreshold: RethresholdOutcome;
  compare: CompareOutcome;
  tune: TuneOutcome;
}
export type JobKind = keyof JobResults;
/** queued (waiting for the model worker) → running → done | failed | cancelled. */
export type JobState = 'queued' | 'running' | 'done' | 'failed' | 'cancelled';

interface JobViewOf<K extends JobKind> {
  id: number;
  kind: K;
  title: string;
  state: JobState;
  /** What it is doing now, in words: "reading labels", "predicting", "epoch 3 of 10". */
  phase: string;
  done: number;
  total: number | null;
  /** Seconds left, from the pace so far; null until there is a pace (and once it has finished). */
  etaSeconds: number | null;
  /** The dataset it works on: the one pre-annotated or trained from, or the one an import wrote. */
  datasetId: number | null;
  startedAt: string;
  finishedAt: string | null;
  /** What a finished job brought (set with state 'done'). */
  result: JobResults[K] | null;
  error: ReplyError | null;
  /** Training: the latest step's loss. */
  loss?: number;
  /** Training: every finished epoch, oldest first (the live curves). */
  epochs?: EpochPoint[];
}

/** A long piece of work (an import, a pre-annotation, a training run …) with its progress; narrows by `kind`. */
export type JobView<K extends JobKind = JobKind> = { [P in K]: JobViewOf<P> }[K];
