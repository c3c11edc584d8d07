// The requests of claims (who is editing an item); names.ts lists them with every other request.
export const CLAIM_REQUEST_NAMES = ['claims.open', 'claims.release', 'claims.of'] as const;
