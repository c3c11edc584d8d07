// Reviewing CT slices and series, over the series store: a flag asks for an optional reason; approving a slice or
// a series the server refuses because slices have no label asks what to do with them (mark them "none", or take
// the model's draft where there is one, or nothing) and never approves them silently; N / Shift+N open the next
// (previous) series with slices to review — or, with the list sorted by a review queue, the next slice of that
// order — wrapping around, and say when nothing is left.
import { defineStore } from 'pinia';
import { api, ApiError } from '../../../api/client';
import type { ReviewState } from '../../../../../shared/domain';
import type { CtLabelChange } from '../../../../../shared/api/ct-types';
import { approveQuestion, type ApproveChoice } from '../../../../../shared/ct-draft';
import { nextSeriesToReview } from '../../../../../shared/ct-series';
import { useCtSeries } from './series';
import { useCtPrompt } from './prompt';
import { useItemBrowser } from '../../../stores/itemBrowser';
import { useRouter } from '../../../stores/router';
import { cameRound, followsSortBy } from '../../../stores/listOrder';

const MAX_NOTE = 500;

export const useCtReview = defineStore('ctReview', () => {
  const series = useCtSeries();
  const prompt = useCtPrompt();

  /** Asks for a flag's reason; undefined when the reader cancels, '' for none. */
  async function flagReason(what: 'slice' | 'series'): Promise<string | undefined> {
    const answer = await prompt.ask({
      title: what === 'slice' ? 'Flag this slice' : 'Flag the whole series',
      message: 'A reason helps whoever answers the flag; it shows in the history and on the series strip.',
      input: { label: 'Reason (optional)', placeholder: 'e.g. motion artefact, unsure about SDH', maxLength: MAX_NOTE },
      choices: [
        { id: 'flag', text: what === 'slice' ? 'Flag slice' : 'Flag series', primary: true },
        { id: 'cancel', text: 'Cancel' },
      ],
    });
    return answer?.choice === 'flag' ? answer.text.trim() : undefined;
  }

  /** The slices (indices) of the open series with no saved label, and which of them show the model's draft. */
  function unlabelledSlices(indices: readonly number[]): { unlabelled: number[]; withDraft: number[] } {
    const saved = series.held?.savedBits ?? [];
    const unlabelled = indices.filter((i) => saved[i] === null);
    return { unlabelled, withDraft: unlabelled.filter((i) => series.modelDraft[i] != null) };
  }

  /**
   * Asks what to do with unlabelled slices before approving; returns the labels to write first, or null for "No".
   * With the model's draft, only the slices that have one take it; the approval then marks the rest "none".
   */
  async function askAboutUnlabelled(scope: 'series' | 'slice', indices: readonly number[]): Promise<{ changes: CtLabelChange[]; choice: ApproveChoice } | null> {
    const { unlabelled, withDraft } = unlabelledSlices(indices);
    const question = approveQuestion(scope, unlabelled.length, withDraft.length);
    if (!question) return { changes: [], choice: 'mark-none' };
    const answer = await prompt.ask({
      title: scope === 'series' ? 'Approve the series' : 'Approve this slice',
      message: question.question,
      choices: question.choices.map((c, k) => ({ ...c, primary: k === 0 })),
    });
    if (!answer || answer.choice === 'cancel') return null;
    const ids = series.itemIds;
    const source = series.modelSource ?? undefined;
    const changes: CtLabelChange[] =
      answer.choice === 'accept-draft'
        ? withDraft.map((i) => ({ itemId: ids[i], bits: series.modelDraft[i]!, origin: source }))
        : unlabelled.map((i) => ({ itemId: ids[i], bits: 0 }));
    return { changes, choice: answer.choice };
  }

  const isConflict = (e: unknown) => e instanceof ApiError && e.code === 'conflict';

  async function reviewSlice(state: Extract<ReviewState, 'approved' | 'flagged'>): Promise<void> {
    const s = series.slice;
    if (!s) return;
    await series.flush();
    const note = state === 'flagged' ? await flagReason('slice') : '';
    if (note === undefined) return;
    const set = () => api.request('reviews.set', { itemId: s.itemId, state, ...(note ? { note } : {}) });
    try {
      let result;
      try {
        result = await set();
      } catch (e) {
        if (!isConflict(e) || state !== 'approved') throw e;
        const first = await askAboutUnlabelled('slice', [series.held?.indexOf(s.itemId) ?? -1]);
        if (!first) return void (series.notice = 'Not approved: the slice has no label.');
        if (first.changes.length) await series.writeLabels(first.changes);
        result = await set();
      }
      series.markReviews([s.itemId], result.reviewInfo);
    } catch (e) {
      series.error = `Review not saved: ${(e as Error).message}`;
    }
  }

  async function reviewSeries(state: Extract<ReviewState, 'approved' | 'flagged'>): Promise<void> {
    const view = series.series;
    if (!view) return;
    await series.flush();
    const note = state === 'flagged' ? await flagReason('series') : '';
    if (note === undefined) return;
    const set = (unlabelled: 'refuse' | 'mark-none' = 'refuse') =>
      api.request('ct.reviewSeries', { datasetId: view.datasetId, seriesUid: view.seriesUid, state, unlabelled, ...(note ? { note } : {}) });
    try {
      let result;
      let accepted = 0;
      try {
        result = await set();
      } catch (e) {
        if (!isConflict(e) || state !== 'approved') throw e;
        await series.reloadSeries().catch(() => {}); // ask about the slices as the server has them
        const first = await askAboutUnlabelled('series', series.itemIds.map((_, i) => i));
        if (!first) return void (series.notice = 'Nothing approved: the series has slices with no label.');
        if (first.choice === 'accept-draft') {
          accepted = first.changes.length;
          await series.writeLabels(first.changes);
        }
        result = await set('mark-none');
      }
      series.markReviews('all', { state, by: null, at: null, note: note || null });
      const verb = state === 'approved' ? 'Approved' : 'Flagged';
      const took = accepted ? `; ${accepted} took the model's draft` : '';
      const none = result.markedNone ? `; ${result.markedNone} unlabelled ${result.markedNone === 1 ? 'slice was' : 'slices were'} marked 'none'` : '';
      series.notice = `${verb} the series (${result.slices} slices)${took}${none}`;
      await series.reloadSeries().catch(() => {}); // who and when, and the labels marked "none"
    } catch (e) {
      series.error = `Review not saved: ${(e as Error).message}`;
    }
  }

  /**
   * N / Shift+N: in the order of the list's Sort by when a review queue sorts it, the next (previous) slice that is
   * neither approved nor flagged; in dataset order, the next (previous) series with slices left to review. Both
   * come round the list and say so, and say when nothing is left.
   */
  async function nextSeries(direction: 'next' | 'previous' = 'next'): Promise<void> {
    await series.flush();
    const slice = series.slice;
    const browser = useItemBrowser(); // asked for here: the list is the workstation's, not this store's
    if (slice && followsSortBy(browser.order, browser.datasetId, series.series?.datasetId)) return nextInSortedList(slice.itemId, direction);
    await series.refreshTree();
    const current = series.series?.seriesUid ?? null;
    const next = series.tree ? nextSeriesToReview(series.tree.patients, current, direction) : null;
    if (!next) return void (series.notice = 'Every series has been reviewed: nothing is left to review.');
    if (next.series.seriesUid === current) return void (series.notice = 'This is the only series with slices left to review.');
    await series.openSeries({ seriesUid: next.series.seriesUid });
    const end = direction === 'next' ? 'first' : 'last';
    series.notice = next.wrapped ? `Wrapped around: back to the ${end} series with slices left to review.` : null;
  }

  async function nextInSortedList(itemId: number, direction: 'next' | 'previous'): Promise<void> {
    try {
      const next = await useItemBrowser().nextInList(itemId, direction);
      if (next.itemId === null) return void (series.notice = 'Nothing left to review in this dataset, in the order of the list.');
      useRouter().go({ name: 'item', itemId: next.itemId }); // the workspace follows the address to the slice
      series.notice = next.wrapped ? cameRound(direction) : null;
    } catch (e) {
      series.notice = (e as Error).message;
    }
  }

  return { reviewSlice, reviewSeries, nextSeries };
});
