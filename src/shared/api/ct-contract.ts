// The CT workspace's requests: argument schemas checked in main, result types for the client.
// contract.ts spreads these into the one contract.
import { z } from 'zod';
import { baseRevision } from './claims-contract';
import { request } from './request-spec';
import { identifier, modelSource, plainText } from './text';
import type { CtSaveResult, CtSeriesReview, CtSeriesTree, CtSeriesView, CtViewPreferences, DicomTagList } from './ct-types';
import type { SavedExport } from './steel-types';
import { MAX_CT_SERIES_PAGE } from '../ct-series-overview';

const id = z.number().int().positive();
const uid = identifier(256);
const reviewState = z.enum(['unreviewed', 'in_progress', 'approved', 'flagged']);

/** Which page of a series, how long, and whether with the whole series at a glance. */
const seriesPage = {
  offset: z.number().int().min(0).optional(),
  limit: z.number().int().min(1).max(MAX_CT_SERIES_PAGE).optional(),
  overview: z.boolean().optional(),
};

/** Most slices one save may carry (a whole series and then some). */
export const MAX_CT_CHANGES = 5000;

export const ctViewPreferencesSchema = z.strictObject({
  mode: z.enum(['single', 'composite', 'grid']),
  preset: z.enum(['brain', 'subdural', 'soft', 'bone', 'custom']),
  center: z.number().min(-32768).max(32767),
  width: z.number().min(1).max(65535),
});

export const ctRequests = {
  /** Patients → studies → series of a CT dataset with slice counts and review progress. */
  'ct.seriesTree': request<CtSeriesTree>()(z.strictObject({ datasetId: id })),
  /**
   * One series in position order, a page of slices at a time (each with its current label, review and model
   * probabilities) with the total, and every slice at a glance when `overview` (the default without `offset`).
   * By a slice of it (the page that holds that slice, unless `offset` says otherwise), or by its UID.
   */
  'ct.series': request<CtSeriesView>()(
    z.union([z.strictObject({ itemId: id, ...seriesPage }), z.strictObject({ datasetId: id, seriesUid: uid, ...seriesPage })]),
  ),
  /**
   * Saves the labels of several slices (one dataset) as human revisions in one transaction; the author is the settings'
   * user. `base` is the slice's revision the edit started from ('none': unlabelled); when any slice's label moved since
   * (and differs from what is sent), nothing is written and the reply is a conflict carrying their labels.
   */
  'ct.saveLabels': request<CtSaveResult>()(
    z.strictObject({
      changes: z
        .array(z.strictObject({ itemId: id, bits: z.number().int().min(0).max(31), base: baseRevision, origin: modelSource.optional() }))
        .min(1)
        .max(MAX_CT_CHANGES),
    }),
  ),
  /**
   * Sets the review state of every slice of a series. Approving a series with unlabelled slices is refused
   * (conflict, with their count) unless `unlabelled` is 'mark-none': then they are labelled "none" first.
   */
  'ct.reviewSeries': request<CtSeriesReview>()(
    z.strictObject({ datasetId: id, seriesUid: uid, state: reviewState, note: plainText(500).optional(), unlabelled: z.enum(['refuse', 'mark-none']).optional() }),
  ),
  /** The DICOM header of a slice as text rows (tag, name, VR, value); never pixels. */
  'ct.dicomTags': request<DicomTagList>()(z.strictObject({ itemId: id })),
  /** The person's last CT window and view mode (per user). */
  'ct.viewPreferences': request<CtViewPreferences>()(z.strictObject({}).optional().default({})),
  'ct.setViewPreferences': request<CtViewPreferences>()(ctViewPreferencesSchema),
  /**
   * Electron: writes the RSNA `ID,Label` CSV of a dataset's current labels (the writer of `loupe export --source
   * current`) where the person chooses in the system's dialog. In a browser the export is a download of the
   * streamed binary route binaryPaths.labelsCsv.
   */
  'ct.saveExport': request<SavedExport>()(z.strictObject({ datasetId: id })),
};
