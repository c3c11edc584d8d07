// The steel workspace's requests: argument schemas checked in main, result types for the client.
// contract.ts spreads these into the one contract.
import { z } from 'zod';
import { request } from './request-spec';
import type { NextToReview, SavedExport, SteelItemLabels, SteelRevertResult, SteelRevision, SteelSaveResult } from './steel-types';
import { modelSource } from './text';
import { baseRevision } from './claims-contract';

const id = z.number().int().positive();
const steelClass = z.number().int().min(1).max(4);
/** A Kaggle RLE of a 1600×256 strip is at most about 3 MB of text. */
const rle = z.string().max(4_000_000);
const exportSource = z.enum(['current', 'truth']);

export const steelRequests = {
  /** A strip's layers: current label, imported truth and model prediction, as RLE per class. */
  'steel.labels': request<SteelItemLabels>()(z.strictObject({ itemId: id })),
  /**
   * One human revision per class whose mask changed (author = the settings' user), in one transaction; on a strip
   * with no label yet, every class sent is written (an empty mask then says "no defect"). `origin` names the model
   * draft a class was edited from. `base` is the class's revision the edit started from ('none': it had no label);
   * when another revision became current since, and the mask sent differs from it, nothing is written and the reply
   * is a conflict carrying their labels.
   */
  'steel.save': request<SteelSaveResult>()(
    z.strictObject({
      itemId: id,
      classes: z.array(z.strictObject({ classId: steelClass, rle, base: baseRevision, origin: modelSource.optional() })).min(1).max(4),
    }),
  ),
  /** The strip's revisions, newest first, with pixel counts. */
  'steel.history': request<SteelRevision[]>()(z.strictObject({ itemId: id })),
  /** Makes an earlier revision the current label of its class again: a new human revision. */
  'steel.revert': request<SteelRevertResult>()(z.strictObject({ itemId: id, revisionId: id })),
  /** The next / previous strip in display order that is neither approved nor flagged, wrapping around the list. */
  'steel.nextUnreviewed': request<NextToReview>()(z.strictObject({ itemId: id, direction: z.enum(['next', 'previous']) })),
  /**
   * Electron: writes the CSV, or a strip's four class masks as PNG, where the person chooses in the system's dialog.
   * In a browser they are downloads: the CSV of the streamed binary route binaryPaths.labelsCsv, the masks' PNGs.
   */
  'steel.saveExport': request<SavedExport>()(
    z.discriminatedUnion('what', [
      z.strictObject({ what: z.literal('csv'), datasetId: id, source: exportSource.optional().default('current'), legacy: z.boolean().optional() }),
      z.strictObject({ what: z.literal('masks'), itemId: id }),
    ]),
  ),
};
