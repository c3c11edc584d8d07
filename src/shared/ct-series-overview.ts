// The whole CT series at a glance, for the series strip: every slice's item id, current label, review and model
// probabilities, packed into short strings (about 15 bytes a slice) so that even a 100,000-slice series stays a
// small reply, while the slices' full rows come a page at a time (ct.series with offset and limit).
import type { ReviewState } from './domain';
import type { CtSeriesOverview } from './api/ct-types';

/** The slices of one page of `ct.series`. */
export const CT_SERIES_PAGE = 500;
/** The most slices a page may ask for. */
export const MAX_CT_SERIES_PAGE = 2000;

const REVIEW_CODES: Record<ReviewState, string> = { unreviewed: 'u', in_progress: 'i', approved: 'a', flagged: 'f' };
const REVIEW_OF_CODE: Record<string, ReviewState> = { u: 'unreviewed', i: 'in_progress', a: 'approved', f: 'flagged' };
const BASE64URL = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
const DIGIT = new Map([...BASE64URL].map((c, i) => [c, i]));
/** A probability in 4096 steps as two base64url characters. */
const PROBABILITY_STEPS = 4095;
const NO_PREDICTION = '.';

export interface SliceSummary {
  itemId: number;
  /** The five subtype bits, or null when not labelled. */
  bits: number | null;
  review: ReviewState;
  /** Six probabilities (CT_LABELS order), or null. */
  probabilities: readonly number[] | null;
}

export interface DecodedOverview {
  itemIds: number[];
  bits: (number | null)[];
  reviews: ReviewState[];
  probabilities: (number[] | null)[];
}

/** Packs a series' slices, in position order, into its overview. */
export function encodeSeriesOverview(slices: readonly SliceSummary[]): CtSeriesOverview {
  const ids: string[] = [];
  let bits = '';
  let reviews = '';
  let probabilities = '';
  let previous = 0;
  const anyPrediction = slices.some((s) => s.probabilities !== null);
  for (const s of slices) {
    // Item ids as base-36 differences from the one before: a series imported in order costs a character or two.
    ids.push((s.itemId - previous).toString(36));
    previous = s.itemId;
    bits += s.bits === null ? '-' : (s.bits & 0x1f).toString(32);
    reviews += REVIEW_CODES[s.review];
    if (!anyPrediction) continue;
    if (s.probabilities === null) probabilities += NO_PREDICTION.repeat(12);
    else {
      for (const p of s.probabilities) {
        const step = Math.round(Math.min(1, Math.max(0, p)) * PROBABILITY_STEPS);
        probabilities += BASE64URL[step >> 6] + BASE64URL[step & 63];
      }
    }
  }
  return { itemIds: ids.join(','), bits, reviews, probabilities: anyPrediction ? probabilities : null };
}

/** Unpacks an overview; throws when its parts disagree on the number of slices. */
export function decodeSeriesOverview(overview: CtSeriesOverview): DecodedOverview {
  const itemIds: number[] = [];
  let previous = 0;
  if (overview.itemIds !== '') {
    for (const delta of overview.itemIds.split(',')) {
      previous += parseInt(delta, 36);
      itemIds.push(previous);
    }
  }
  const n = itemIds.length;
  if (overview.bits.length !== n || overview.reviews.length !== n || (overview.probabilities !== null && overview.probabilities.length !== n * 12)) {
    throw new Error(`series overview: ${n} item ids, ${overview.bits.length} labels, ${overview.reviews.length} reviews`);
  }
  const bits = [...overview.bits].map((c) => (c === '-' ? null : parseInt(c, 32)));
  const reviews = [...overview.reviews].map((c) => REVIEW_OF_CODE[c] ?? 'unreviewed');
  const probabilities: (number[] | null)[] = [];
  const packed = overview.probabilities;
  for (let i = 0; i < n; i++) {
    if (packed === null || packed[i * 12] === NO_PREDICTION) {
      probabilities.push(null);
      continue;
    }
    const six: number[] = [];
    for (let j = 0; j < 6; j++) {
      const at = i * 12 + j * 2;
      six.push(((DIGIT.get(packed[at]) ?? 0) * 64 + (DIGIT.get(packed[at + 1]) ?? 0)) / PROBABILITY_STEPS);
    }
    probabilities.push(six);
  }
  return { itemIds, bits, reviews, probabilities };
}

/** The first slice of the page that holds slice `index`. */
export function pageStartOf(index: number, pageSize = CT_SERIES_PAGE): number {
  return Math.floor(Math.max(0, index) / pageSize) * pageSize;
}
