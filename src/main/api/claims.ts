// The handlers of claims (claims-contract.ts): who is editing an item, for the person this workstation saves as.
import type { ApiContext, ApiHandlers } from './context';
import type { CLAIM_REQUEST_NAMES } from '../../shared/api/claims-names';

type ClaimRequestName = (typeof CLAIM_REQUEST_NAMES)[number];

export function createClaimHandlers({ services }: Pick<ApiContext, 'services'>): Pick<ApiHandlers, ClaimRequestName> {
  const { claims, datasets, settings } = services;
  return {
    'claims.open': ({ itemId }) => {
      datasets.item(itemId); // an unknown item is "not found", not a claim on nothing
      return claims.open(itemId, settings.author());
    },
    'claims.release': ({ itemId }) => ({ released: claims.release(itemId, settings.author()) }),
    'claims.of': ({ itemId }) => ({ claim: claims.of(itemId) }),
  };
}
