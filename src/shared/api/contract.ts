// The one contract between the renderer and main: every request with its argument schema and result
// type, and every event with its payload type. The Electron adapter, the browser host, the preload and
// the renderer's client are all typed from here; adding a call starts in this file.
import { z } from 'zod';
import { CT_LABELS, STEEL_CLASSES } from '../domain';
import type { EventName, RequestName } from './names';
import { displayName, filePath, personName, plainText } from './text';
import { request, type RequestSpec } from './request-spec';
import { ctRequests } from './ct-contract';
import { steelRequests } from './steel-contract';
import { modelRequests } from './model-contract';
import { datasetRequests } from './dataset-contract';
import { loopRequests, queueOrderSchema } from './loop-contract';
import { teamRequests } from './team-contract';
import { claimRequests } from './claims-contract';
import { readingRequests } from './readings-contract';
import type { MlBackendView } from './model-types';
import { preferencesPatchSchema, type UserPreferences } from './preferences';
import type {
  AppInfo,
  DatasetCard,
  FolderListing,
  ItemDetail,
  ItemLocation,
  ItemPage,
  JobView,
  ReviewInfo,
  LabelRevisionView,
  Settings,
} from './types';

const id = z.number().int().positive();
const noArgs = z.strictObject({}).optional().default({});
const reviewState = z.enum(['unreviewed', 'in_progress', 'approved', 'flagged']);
const labelNames: [string, ...string[]] = ['none', 'unlabelled', ...STEEL_CLASSES.map(String), ...CT_LABELS];

export const itemFilterSchema = z
  .strictObject({
    review: z.array(reviewState).max(4).optional(),
    label: z.enum(labelNames).optional(),
    key: plainText(200).optional(),
  })
  .optional()
  .default({});

/** The largest page of items one request returns. */
export const MAX_PAGE = 500;

export const requests = {
  'app.info': request<AppInfo>()(noArgs),
  'settings.get': request<Settings>()(noArgs),
  'settings.setUserName': request<Settings>()(z.strictObject({ name: personName })),
  /** The preferences of the person named in the settings (defaults where they set none). */
  'settings.preferences': request<UserPreferences>()(noArgs),
  /** Changes some of that person's preferences (bounded values); announced as `preferences.changed`. */
  'settings.setPreferences': request<UserPreferences>()(preferencesPatchSchema),
  'datasets.list': request<DatasetCard[]>()(noArgs),
  'datasets.get': request<DatasetCard>()(z.strictObject({ datasetId: id })),
  'items.page': request<ItemPage>()(
    z.strictObject({
      datasetId: id,
      offset: z.number().int().min(0),
      limit: z.number().int().min(1).max(MAX_PAGE),
      filter: itemFilterSchema,
      /** The list's "Sort by": a review queue, worst first (absent: dataset order). */
      order: queueOrderSchema.optional(),
    }),
  ),
  'items.locate': request<ItemLocation>()(z.strictObject({ itemId: id, filter: itemFilterSchema, order: queueOrderSchema.optional() })),
  'items.get': request<ItemDetail>()(z.strictObject({ itemId: id })),
  'labels.history': request<LabelRevisionView[]>()(z.strictObject({ itemId: id })),
  /** Saves the person's labels of one item as new human revisions (the author is the settings' user). */
  'labels.save': request<{ revisionIds: number[] }>()(
    z.strictObject({
      itemId: id,
      classes: z.array(z.strictObject({ classId: z.number().int().min(0).max(4), payload: z.string().max(4_000_000) })).min(1).max(5),
    }),
  ),
  /** Sets an item's review state; `note` is a flag's reason. Approving an item that has no label is refused. */
  'reviews.set': request<{ itemId: number; state: z.infer<typeof reviewState>; reviewInfo: ReviewInfo }>()(
    z.strictObject({ itemId: id, state: reviewState, note: plainText(500).optional() }),
  ),
  /** Starts importing a folder (+ its label CSV) as a job; progress arrives as `job.updated` events. */
  'imports.start': request<JobView<'import'>>()(
    z.strictObject({
      kind: z.enum(['severstal', 'rsna']),
      folder: filePath,
      labelsCsv: filePath.optional(),
      name: displayName(200).optional(),
      allowMissing: z.boolean().optional(),
      fixAny: z.boolean().optional(),
    }),
  ),
  /** Jobs of every kind (imports, pre-annotations, training runs …): those running and the newest finished. */
  'jobs.list': request<JobView[]>()(noArgs),
  'jobs.get': request<JobView>()(z.strictObject({ jobId: id })),
  'jobs.cancel': request<JobView>()(z.strictObject({ jobId: id })),
  /** The folders and files of a folder on the machine that runs main (browser mode browses with this). */
  'folders.list': request<FolderListing>()(
    z.strictObject({ path: filePath.or(z.literal('')).optional(), show: z.enum(['all', 'csv', 'onnx', 'folders']).optional().default('all') }),
  ),
  /** The operating system's picker (Electron only); null when the person cancels. */
  'folders.pick': request<{ path: string | null }>()(
    z.strictObject({ purpose: z.enum(['folder', 'csv', 'onnx']), title: displayName(200).optional() }),
  ),
  /** The CT workspace (ct-contract.ts). */
  ...ctRequests,
  /** The steel workspace (steel-contract.ts). */
  ...steelRequests,
  ...claimRequests,
  /** Models: registry, pre-annotation, retraining (model-contract.ts). */
  ...modelRequests,
  /** Datasets that grow, are watched, renamed and deleted (dataset-contract.ts). */
  ...datasetRequests,
  /** Review queues and QA (loop-contract.ts). */
  ...loopRequests,
  /** Team mode: the signed-in person, the audit view (team-contract.ts). */
  ...teamRequests,
  /** Double reading and consensus (readings-contract.ts). */
  ...readingRequests,
} satisfies Record<RequestName, RequestSpec>;

/** Compile-time check that the contract names exactly the requests of names.ts. */
type Exactly<A, B> = [A] extends [B] ? ([B] extends [A] ? true : never) : never;
const _sameRequests: Exactly<keyof typeof requests, RequestName> = true;

export type Requests = typeof requests;
/** What a caller passes (defaults may be left out). */
export type ArgsIn<K extends RequestName> = z.input<Requests[K]['args']>;
/** What a handler receives, after validation and defaults. */
export type Args<K extends RequestName> = z.output<Requests[K]['args']>;
export type Result<K extends RequestName> = NonNullable<Requests[K]['result']>;

/** Every event main pushes to the renderer, with its payload. */
export interface Events {
  /** Any job's change: queued → running (progress, ETA, live curves) → done (with its result) | failed | cancelled. */
  'job.updated': JobView;
  /** Labels, reviews or items changed; `items` when items came or went (a list must fetch its length again). */
  'datasets.changed': { datasetIds: number[]; items?: boolean };
  'settings.changed': Settings;
  /** A person's preferences changed (the settings page, in this window or another). */
  'preferences.changed': { user: string; preferences: UserPreferences };
  /** A native menu command the page carries out (Electron's File menu). */
  'shell.command': { command: 'open-dataset' };
  /** The backend the model worker chose, once it has started. */
  'model.backend': MlBackendView;
}
const _sameEvents: Exactly<keyof Events, EventName> = true;
void _sameRequests;
void _sameEvents;
