// The open series' slices as the CT store holds them: every slice at a glance (item id, saved label, review,
// model probabilities — from the reply's overview) and the full rows of the pages fetched so far (key, position,
// who labelled it), so that a series of any length opens with one small reply and its pages load as the reader
// moves. A plain class: the store keeps it in a shallowRef and triggers it after each change.
import type { CtSeriesView, CtSliceRow } from '../../../../../shared/api/ct-types';
import type { ReviewState } from '../../../../../shared/domain';
import type { ReviewInfo } from '../../../../../shared/api/types';
import type { BaseRevision } from '../../../../../shared/api/collaboration-types';
import { CT_SERIES_PAGE, decodeSeriesOverview, pageStartOf } from '../../../../../shared/ct-series-overview';

/** Within this many slices of a page's edge, the next page is fetched too. */
const PAGE_MARGIN = 100;

export class SeriesSlices {
  readonly itemIds: number[];
  readonly savedBits: (number | null)[];
  readonly reviews: ReviewState[];
  readonly probabilities: (number[] | null)[];
  private readonly indexes = new Map<number, number>();
  private readonly pages = new Map<number, CtSliceRow[]>();
  /** Bases learnt since the pages came (saves from here, theirs taken in a conflict): they outrank the pages'. */
  private readonly bases = new Map<number, BaseRevision>();

  /** From the first reply of a series (which carries the overview). */
  constructor(view: CtSeriesView) {
    if (!view.overview) throw new Error('the series came without its overview');
    const overview = decodeSeriesOverview(view.overview);
    if (overview.itemIds.length !== view.total) throw new Error(`the series overview has ${overview.itemIds.length} slices, the series ${view.total}`);
    this.itemIds = overview.itemIds;
    this.savedBits = overview.bits;
    this.reviews = overview.reviews;
    this.probabilities = overview.probabilities;
    this.itemIds.forEach((id, i) => this.indexes.set(id, i));
    this.setPage(view.offset, view.slices);
  }

  get count(): number {
    return this.itemIds.length;
  }

  indexOf(itemId: number): number {
    return this.indexes.get(itemId) ?? -1;
  }

  setPage(offset: number, rows: readonly CtSliceRow[]): void {
    this.pages.set(offset, [...rows]);
    // The page's probabilities are exact (the overview's are rounded to 1/4095): the model's draft is made of these.
    rows.forEach((row, k) => {
      this.bases.delete(row.itemId); // the page names the slice's current revision
      if (row.probabilities && offset + k < this.count) this.probabilities[offset + k] = row.probabilities;
    });
  }

  /** The full row of slice `i` when its page is here; else one made of the overview (details still coming). */
  rowAt(i: number): CtSliceRow | null {
    if (i < 0 || i >= this.count) return null;
    const row = this.loadedRow(i);
    if (row) return row;
    return {
      itemId: this.itemIds[i],
      key: '',
      index: i,
      position: null,
      instanceNumber: null,
      bits: this.savedBits[i],
      labelSource: null,
      labelAuthor: null,
      labelAt: null,
      labelOrigin: null,
      labelRevisionId: null,
      review: this.reviews[i],
      reviewInfo: { state: this.reviews[i], by: null, at: null, note: null },
      probabilities: this.probabilities[i],
    };
  }

  /** The first slices of the pages the reader at slice `i` needs that are not here yet (its own, and a neighbour near an edge). */
  missingPages(i: number): number[] {
    const own = pageStartOf(i);
    const wanted = [own];
    if (i - own >= CT_SERIES_PAGE - PAGE_MARGIN && own + CT_SERIES_PAGE < this.count) wanted.push(own + CT_SERIES_PAGE);
    if (i - own < PAGE_MARGIN && own > 0) wanted.push(own - CT_SERIES_PAGE);
    return wanted.filter((start) => !this.pages.has(start));
  }

  /**
   * A save went through (or someone else's label was taken in a conflict): the slice's label is now human revision
   * `revisionId` by `author`, from `origin` when it came from a model's draft.
   */
  markSaved(itemId: number, bits: number, author: string, at: string, origin: string | null = null, revisionId: number | null = null): void {
    const i = this.indexOf(itemId);
    if (i < 0) return;
    this.savedBits[i] = bits;
    if (revisionId !== null) this.bases.set(itemId, revisionId);
    const row = this.loadedRow(i);
    if (row) Object.assign(row, { bits, labelSource: 'human', labelAuthor: author, labelAt: at, labelOrigin: origin, ...(revisionId !== null ? { labelRevisionId: revisionId } : {}) });
  }

  /**
   * The revision a save of the slice is based on: the one its label came from ('none': no label), or undefined
   * while its page (which names it) is not here yet.
   */
  baseOf(itemId: number): BaseRevision | undefined {
    const known = this.bases.get(itemId);
    if (known !== undefined) return known;
    const i = this.indexOf(itemId);
    if (i < 0) return undefined;
    const row = this.loadedRow(i);
    if (row) return row.labelRevisionId ?? 'none';
    return this.savedBits[i] === null ? 'none' : undefined;
  }

  /** The slice's label is based on this revision now (theirs, after a conflict). */
  rebase(itemId: number, revisionId: BaseRevision): void {
    this.bases.set(itemId, revisionId);
  }

  /** The slice's review is now `info` (who, when, why, when known). */
  markReview(i: number, info: ReviewInfo): void {
    if (i < 0 || i >= this.count) return;
    this.reviews[i] = info.state;
    const row = this.loadedRow(i);
    if (row) Object.assign(row, { review: info.state, reviewInfo: info });
  }

  markAllReviews(info: ReviewInfo): void {
    this.reviews.fill(info.state);
    for (const rows of this.pages.values()) for (const row of rows) Object.assign(row, { review: info.state, reviewInfo: info });
  }

  /** The origin of slice i's saved label, where its page is here (null otherwise, or when it has none). */
  originAt(i: number): string | null {
    return this.loadedRow(i)?.labelOrigin ?? null;
  }

  /** Slice i's review as its page has it (who, when, why); just the state when the page is not here. */
  reviewInfoAt(i: number): ReviewInfo | null {
    if (i < 0 || i >= this.count) return null;
    return this.loadedRow(i)?.reviewInfo ?? { state: this.reviews[i], by: null, at: null, note: null };
  }

  private loadedRow(i: number): CtSliceRow | undefined {
    const start = pageStartOf(i);
    return this.pages.get(start)?.[i - start];
  }
}
