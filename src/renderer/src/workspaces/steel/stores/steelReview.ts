// Reviewing steel strips: N / Shift+N to the next strip that needs a review (coming round the list, in the
// order of the list's Sort by when a review queue sorts it), and
// what the workspace does before a review is set (the viewer's review guard): pending edits are saved first,
// an approval of an unedited model draft saves the draft as the label, and approving a strip that has no
// label at all asks "Approve as defect-free?" and saves four empty classes when the person says yes.
import { defineStore } from 'pinia';
import { ref } from 'vue';
import { api } from '../../../api/client';
import { useViewer } from '../../../stores/viewer';
import { useRouter } from '../../../stores/router';
import { useItemBrowser } from '../../../stores/itemBrowser';
import { cameRound, followsSortBy } from '../../../stores/listOrder';
import type { ReviewState } from '../../../../../shared/domain';
import { useSteelWorkspace } from './steelWorkspace';
import { stepBeforeReview } from './draftRules';

const REVIEW_VERBS: Record<ReviewState, string> = { approved: 'approved', flagged: 'flagged', unreviewed: 'reset', in_progress: 'moved' };

/** A yes/no question the workspace asks before it goes on. */
export interface Question {
  text: string;
  detail: string;
  yes: string;
}

export const useSteelReview = defineStore('steelReview', () => {
  const viewer = useViewer();
  const router = useRouter();
  const steel = useSteelWorkspace();
  const browser = useItemBrowser();
  const question = ref<Question | null>(null);
  let answerWith: ((yes: boolean) => void) | null = null;

  /** Asks a question; resolves with the answer (a newer question answers this one "no"). */
  function ask(next: Question): Promise<boolean> {
    answerWith?.(false);
    question.value = next;
    return new Promise((resolve) => {
      const answer = (yes: boolean) => {
        if (answerWith !== answer) return;
        answerWith = null;
        question.value = null;
        resolve(yes);
      };
      answerWith = answer;
    });
  }

  function answer(yes: boolean): void {
    answerWith?.(yes);
  }

  /** The viewer's review guard while the steel workspace is open: false calls the review off. */
  async function beforeReview(state: ReviewState): Promise<boolean> {
    const doc = steel.document;
    const step = stepBeforeReview(doc, state);
    if (step === 'none') return true;
    if (step === 'ask-defect-free') {
      const yes = await ask({
        text: 'Approve as defect-free?',
        detail: `${viewer.item?.key ?? 'This strip'} has no label and no model draft. Approving it saves "no defect" for all four classes.`,
        yes: 'Approve as defect-free',
      });
      if (!yes || steel.document !== doc) return false;
    }
    const saved = await steel.saveForReview(step !== 'save');
    if (!saved) steel.tell(`Not ${REVIEW_VERBS[state]}: the strip's changes could not be saved first`);
    return saved;
  }

  /** Starts guarding the viewer's reviews; returns the function that stops it. */
  function guard(): () => void {
    const stop = viewer.guardReviews(beforeReview);
    return () => {
      stop();
      answer(false);
    };
  }

  /**
   * Opens the next (or previous) strip that is neither approved nor flagged, coming round the list: in the list's
   * order when a review queue sorts it, else in dataset order.
   */
  async function nextUnreviewed(direction: 'next' | 'previous'): Promise<void> {
    // N pressed again just after a move is about the strip moved to, not the one whose details are still shown.
    const item = await viewer.opened();
    if (!item) return;
    try {
      const next = followsSortBy(browser.order, browser.datasetId, item.datasetId)
        ? await browser.nextInList(item.id, direction)
        : await api.request('steel.nextUnreviewed', { itemId: item.id, direction });
      if (next.itemId === null) {
        const open = item.review === 'unreviewed' || item.review === 'in_progress';
        return steel.tell(open ? 'Nothing else left to review in this dataset: this strip is the last one' : 'Nothing left to review in this dataset');
      }
      if (next.wrapped) steel.tellOn(next.itemId, cameRound(direction));
      router.go({ name: 'item', itemId: next.itemId });
    } catch (e) {
      steel.error = (e as Error).message;
    }
  }

  return { question, answer, guard, nextUnreviewed };
});
