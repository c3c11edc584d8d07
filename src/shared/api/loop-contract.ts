// The review side of the learning loop: the next item in a sorted list, and the QA summary of a dataset.
// contract.ts spreads these into the one contract; the list's order itself travels with items.page / items.locate.
import { z } from 'zod';
import { QUEUE_STRATEGIES, type QueueStrategy } from '../ml/loop/review-queue';
import { request } from './request-spec';
import { identifier } from './text';
import type { QaSummary } from './loop-types';
import type { NextToReview } from './steel-types';

const id = z.number().int().positive();
const version = identifier(200);

/** How the item list is sorted (QueueOrder): the strategy, and the models / seed it uses. */
export const queueOrderSchema = z.strictObject({
  by: z.enum(QUEUE_STRATEGIES as [QueueStrategy, ...QueueStrategy[]]),
  model: version.optional(),
  against: version.optional(),
  seed: z.number().int().min(0).max(2 ** 31 - 1).optional(),
});

/** An IANA time zone name the workstation runs in, e.g. "Europe/Berlin". */
const timeZone = z
  .string()
  .min(1)
  .max(100)
  .refine((name) => {
    try {
      new Intl.DateTimeFormat('en', { timeZone: name });
      return true;
    } catch {
      return false;
    }
  }, 'is not a known time zone');

export const loopRequests = {
  /**
   * The next / previous item of the list in the given order (and filter), wrapping around; with `unreviewedOnly`,
   * the next that is neither approved nor flagged. itemId null when there is none other.
   */
  'queue.next': request<NextToReview>()(
    z.strictObject({
      datasetId: id,
      itemId: id,
      order: queueOrderSchema.optional(),
      direction: z.enum(['next', 'previous']),
      unreviewedOnly: z.boolean().optional().default(true),
    }),
  ),
  /** The QA dashboard of a dataset, counted on the items people approved: per model, the Kaggle metric beside its baselines. */
  'qa.summary': request<QaSummary>()(z.strictObject({ datasetId: id, model: version.optional(), timeZone: timeZone.optional() })),
};
