// The slices of a CT dataset as ordered series, for the sequence model: each series (patient, study and
// series) in the order the CT workspace shows it (the import's sort index, which series-order.ts derives from
// the DICOM geometry), the series themselves in the order of their first slice. Items without a series of
// their own (not CT, or no series UID) form one series each, so a model over them sees one slice at a time.

/** What ordering needs of a slice: its id, the series it belongs to and its place in the dataset's order. */
export interface SequencedSlice {
  itemId: number;
  key: string;
  /** Patient / study / series; absent: the slice is a series of its own. */
  series?: string;
  /** The dataset's display order (within a series: the anatomical order). */
  order?: number;
}

function compareSlices(a: SequencedSlice, b: SequencedSlice): number {
  const oa = a.order ?? Number.POSITIVE_INFINITY;
  const ob = b.order ?? Number.POSITIVE_INFINITY;
  if (oa !== ob) return oa < ob ? -1 : 1;
  if (a.key !== b.key) return a.key < b.key ? -1 : 1;
  return a.itemId - b.itemId;
}

/** The slices grouped by series, each series in slice order, the series by their first slice; input order is irrelevant. */
export function orderedSeries<T extends SequencedSlice>(slices: readonly T[]): T[][] {
  const bySeries = new Map<string, T[]>();
  for (const slice of slices) {
    const id = slice.series ?? `\u0000${slice.itemId}`;
    let list = bySeries.get(id);
    if (!list) bySeries.set(id, (list = []));
    list.push(slice);
  }
  const series = [...bySeries.values()].map((list) => list.sort(compareSlices));
  return series.sort((a, b) => compareSlices(a[0], b[0]));
}

/**
 * Series in batches of equal length (a recurrent model's batch needs one length; padding would feed the
 * backward direction blank steps first), at most `size` series each, longest first.
 */
export function equalLengthBatches<T extends { readonly length: number }>(series: readonly T[], size: number): T[][] {
  const byLength = new Map<number, T[]>();
  for (const s of series) {
    let list = byLength.get(s.length);
    if (!list) byLength.set(s.length, (list = []));
    list.push(s);
  }
  const batches: T[][] = [];
  for (const length of [...byLength.keys()].sort((a, b) => b - a)) {
    const list = byLength.get(length)!;
    for (let i = 0; i < list.length; i += size) batches.push(list.slice(i, i + size));
  }
  return batches;
}
