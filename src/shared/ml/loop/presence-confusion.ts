// Image-level presence as a yes/no call per class: does the model say the class is there (steel: a non-empty
// mask; CT: p at or above the threshold) when the reviewed label says it is? Counted as TP/FP/FN/TN so the QA
// page can show where a model over- or under-calls a class, which mean Dice alone hides.

export interface PresenceConfusion {
  /** Model yes, label yes. */
  tp: number;
  /** Model yes, label no. */
  fp: number;
  /** Model no, label yes. */
  fn: number;
  /** Model no, label no. */
  tn: number;
}

export function emptyConfusion(): PresenceConfusion {
  return { tp: 0, fp: 0, fn: 0, tn: 0 };
}

/** Counts one call into `confusion` (mutates it) and returns it. */
export function countPresence(confusion: PresenceConfusion, model: boolean, label: boolean): PresenceConfusion {
  if (model && label) confusion.tp++;
  else if (model) confusion.fp++;
  else if (label) confusion.fn++;
  else confusion.tn++;
  return confusion;
}
