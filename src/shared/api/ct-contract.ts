// The CT workspace's requests: argument schemas checked in main, result types for the client.
// contract.ts spreads these into the one contract.
import { z } from 'zod';
import { request } from './request-spec';
import type { CtExport, CtSaveResult, CtSeriesTree, CtSeriesView, CtViewPreferences, DicomTagList } from './ct-types';

const id = z.number().int().positive();
const uid = z.string().min(1).max(256);
const reviewState = z.enum(['unreviewed', 'in_progress', 'approved', 'flagged']);

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
  /** One series in position order: each slice's current label, review and model probabilities. By a slice of it, or by its UID. */
  'ct.series': request<CtSeriesView>()(
    z.union([z.strictObject({ itemId: id }), z.strictObject({ datasetId: id, seriesUid: uid })]),
  ),
  /** Saves the labels of several slices (one dataset) as human revisions in one transaction; the author is the settings' user. */
  'ct.saveLabels': request<CtSaveResult>()(
    z.strictObject({
      changes: z
        .array(z.strictObject({ itemId: id, bits: z.number().int().min(0).max(31) }))
        .min(1)
        .max(MAX_CT_CHANGES),
    }),
  ),
  /** Sets the review state of every slice of a series. */
  'ct.reviewSeries': request<{ seriesUid: string; state: z.infer<typeof reviewState>; slices: number }>()(
    z.strictObject({ datasetId: id, seriesUid: uid, state: reviewState }),
  ),
  /** The DICOM header of a slice as text rows (tag, name, VR, value); never pixels. */
  'ct.dicomTags': request<DicomTagList>()(z.strictObject({ itemId: id })),
  /** The person's last CT window and view mode (per user). */
  'ct.viewPreferences': request<CtViewPreferences>()(z.strictObject({}).optional().default({})),
  'ct.setViewPreferences': request<CtViewPreferences>()(ctViewPreferencesSchema),
  /** The RSNA `ID,Label` CSV of a dataset's current labels, written by the same code as `loupe export --source current`. */
  'ct.exportCsv': request<CtExport>()(z.strictObject({ datasetId: id })),
};
