// Double reading and consensus: a reviewer assigns items to two or more readers blind to each other (honeypots
// mixed in); each reader opens and saves only their own reading; the reviewer sees the agreement and decides the
// items the readers disagree on. contract.ts spreads these requests into the one contract.
import { z } from 'zod';
import { request } from './request-spec';
import { personName } from './text';
import type { AdjudicationQueue, MyReading, ReadingAgreement, ReadingAssignment, ReadingTaskView } from './reading-types';

const id = z.number().int().positive();
const readClasses = z.array(z.strictObject({ classId: z.number().int().min(0).max(4), payload: z.string().max(4_000_000) })).min(1).max(5);
const diceThreshold = z.number().min(0).max(1).optional();

export const readingRequests = {
  /** Assigns items of a dataset to two or more readers (reviewers); `honeypots` items with known truth join every reader's queue. */
  'readings.assign': request<ReadingAssignment>()(
    z.strictObject({
      datasetId: id,
      readers: z.array(personName).min(2).max(10),
      itemIds: z.array(id).min(1).max(5000).optional(),
      count: z.number().int().min(1).max(5000).optional(),
      honeypots: z.number().int().min(0).max(1000).optional(),
    }),
  ),
  /** The signed-in person's readings ("My readings"), done and to do. */
  'readings.mine': request<ReadingTaskView[]>()(z.strictObject({}).optional().default({})),
  /** The person's own reading of one item in their queue: their labels only. */
  'readings.open': request<MyReading>()(z.strictObject({ itemId: id })),
  /** Saves the person's reading of one item (not a label revision: the item's label stays as it is). */
  'readings.save': request<MyReading>()(z.strictObject({ itemId: id, classes: readClasses })),
  /** Agreement between readers (steel: Dice per class; CT: per-label agreement, Cohen's kappa) and honeypot accuracy per reader. */
  'readings.agreement': request<ReadingAgreement>()(z.strictObject({ datasetId: id, diceThreshold })),
  /** The items whose readers disagree, with each reader's labels side by side. */
  'readings.adjudicationQueue': request<AdjudicationQueue>()(z.strictObject({ datasetId: id, diceThreshold })),
  /** The reviewer's decision on an item: saved as the item's new human revisions, signed by the reviewer. */
  'readings.adjudicate': request<{ revisionIds: number[] }>()(z.strictObject({ itemId: id, classes: readClasses })),
};
