// Whether N / Shift+N follow the item list's Sort by: only when a review queue sorts it (in dataset order each
// workspace keeps its own walk: strips in list order, CT series by series), and what they say when they wrap.
import type { QueueOrder } from '../../../shared/api/loop-types';

/** True when the list is sorted by a review queue (not dataset order), of the dataset the item belongs to. */
export function followsSortBy(order: QueueOrder | null, listDatasetId: number | null, itemDatasetId: number | undefined): boolean {
  return order !== null && order.by !== 'order' && listDatasetId !== null && listDatasetId === itemDatasetId;
}

/** What a move that wrapped around the list says. */
export const cameRound = (direction: 'next' | 'previous') => (direction === 'next' ? 'Came round to the start of the list' : 'Came round to the end of the list');
