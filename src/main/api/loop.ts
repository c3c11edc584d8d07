// The handlers of the review side of the learning loop (loop-contract.ts): the next item in the list's
// order, and the QA summary. handlers.ts spreads them into the one table of handlers; the list's order
// itself rides on items.page / items.locate.
import type { ApiContext, ApiHandlers } from './context';
import type { LOOP_REQUEST_NAMES } from '../../shared/api/loop-names';

type LoopRequestName = (typeof LOOP_REQUEST_NAMES)[number];

export function createLoopHandlers(ctx: Pick<ApiContext, 'services'>): Pick<ApiHandlers, LoopRequestName> {
  const { services } = ctx;
  return {
    'queue.next': ({ datasetId, itemId, order, direction, unreviewedOnly }) => services.itemPages.next(datasetId, itemId, { order, direction, unreviewedOnly }),
    'qa.summary': ({ datasetId, model, timeZone }) => services.qa.summary(datasetId, { model, timeZone }),
  };
}
