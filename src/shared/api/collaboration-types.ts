// What working together on one store carries: the label a save found in its place when the revision it was
// based on had moved (a conflict), and who is editing an item (a claim).

/** The revision a save was based on: its id, or 'none' when the class (or slice) had no label when editing began. */
export type BaseRevision = number | 'none';

/** The current label of one class of one item that a save would have overwritten: who made it, when, and what it is. */
export interface TheirLabel {
  itemId: number;
  /** Steel: the class 1–4; CT: 0 (the slice's labels are one revision). */
  classId: number;
  /** The revision now current, or null when the label the save was based on is gone (none now). */
  revisionId: number | null;
  author: string | null;
  createdAt: string | null;
  /** Steel: the mask as Kaggle RLE ('' = no defect); CT: the five subtype bits as a decimal number. */
  payload: string;
}

/** A save refused because someone else saved the same labels since it was based: nothing of it was written. */
export interface SaveConflict {
  /** Per class (steel) or slice (CT) whose base moved: their label as it stands now. */
  theirs: TheirLabel[];
}

/** Someone editing an item: opening it for editing claims it, until they leave it or stay idle past the expiry. */
export interface ItemClaim {
  itemId: number;
  user: string;
  /** When they opened it. */
  since: string;
  /** Their last activity (open, save, keep-alive). */
  activeAt: string;
  /** When the claim lapses without more activity. */
  expiresAt: string;
}

/** What opening an item for editing found: the claim now held (yours or someone else's) and whether it is yours. */
export interface ClaimResult {
  claim: ItemClaim;
  mine: boolean;
}
