// Working together on one store: claiming an item while editing it (others see "being edited by Ana"), and the
// base revision every label save carries so that a save on a moved base is a conflict, not an overwrite.
// contract.ts spreads these requests into the one contract.
import { z } from 'zod';
import { request } from './request-spec';
import type { ClaimResult, ItemClaim } from './collaboration-types';

const id = z.number().int().positive();

/** The revision an edit started from: its id, or 'none' when there was no label yet. */
export const baseRevision = z.union([id, z.literal('none')]);

export const claimRequests = {
  /**
   * Opens an item for editing: claims it for the settings' user, or keeps their claim alive. When someone else holds
   * it (and their claim has not lapsed), their claim comes back with `mine: false`: the item can still be looked at.
   */
  'claims.open': request<ClaimResult>()(z.strictObject({ itemId: id })),
  /** Lets go of the user's claim on an item (leaving it); true when there was one. */
  'claims.release': request<{ released: boolean }>()(z.strictObject({ itemId: id })),
  /** Who is editing an item now, or null. */
  'claims.of': request<{ claim: ItemClaim | null }>()(z.strictObject({ itemId: id })),
};
