// The item open in the workstation: its details (labels, review, facts) as the details panel and the
// workspaces show them, and its review state. Its pixels are the workspace's own (the steel strip cache,
// the CT slice cache): nothing here fetches them.
//
// Setting a review goes through the open workspace first (`guardReviews`): the steel workspace saves the
// edits it holds before an approval, so that the approval is of what is on screen and not reset by a save
// right after it. A flag asks for its reason first (`askFlag`, answered by `flag` or `cancelFlag`).
import { defineStore } from 'pinia';
import { ref } from 'vue';
import { api } from '../api/client';
import type { ItemDetail } from '../../../shared/api/types';
import type { ReviewState } from '../../../shared/domain';

/** A workspace's step before a review is set (save what it holds, ask a question); false calls the review off. */
export type ReviewGuard = (state: ReviewState) => Promise<boolean>;

export const useViewer = defineStore('viewer', () => {
  const item = ref<ItemDetail | null>(null);
  /** True while the flag's reason is asked. */
  const flagging = ref(false);
  /** Why the last review could not be set, or null. */
  const reviewError = ref<string | null>(null);
  let guard: ReviewGuard | null = null;
  /** Bumped as a review is sent and answered: details fetched before then may hold the old state. */
  let reviewsSet = 0;
  const loading = ref(false);
  const error = ref<string | null>(null);
  /** The item whose details could not be fetched (the error says why). */
  const failedItemId = ref<number | null>(null);
  let asked = 0;
  /** The newest details on their way: a review waits for them, so it is set on the item in the address. */
  let opening: Promise<void> = Promise.resolve();

  function load(itemId: number): Promise<void> {
    opening = fetchDetail(itemId);
    return opening;
  }

  async function fetchDetail(itemId: number): Promise<void> {
    const ticket = ++asked;
    loading.value = true;
    try {
      const detail = await api.request('items.get', { itemId });
      if (ticket !== asked) return;
      if (item.value?.id !== detail.id) {
        flagging.value = false; // a question and an error are about the item they were said on
        reviewError.value = null;
      }
      item.value = detail;
      error.value = null;
      failedItemId.value = null;
    } catch (e) {
      if (ticket !== asked) return;
      error.value = (e as Error).message;
      failedItemId.value = itemId;
    } finally {
      if (ticket === asked) loading.value = false;
    }
  }

  /** Fetches the open item's details again (after a save); a reply overtaken by a review is dropped. */
  async function refresh(itemId: number): Promise<void> {
    const mark = reviewsSet;
    const detail = await api.request('items.get', { itemId });
    if (item.value?.id === itemId && mark === reviewsSet) item.value = detail;
  }

  /** The item in the address once its details are here (a key pressed just after moving on is about it). */
  async function opened(): Promise<ItemDetail | null> {
    await opening;
    return item.value;
  }

  /** Sets the open item's review state (after the workspace's guard); true when it was set. */
  async function setReview(state: ReviewState, note?: string): Promise<boolean> {
    // A key pressed just after moving on (J, then A) is about the item moved to, not the one still on screen.
    await opening;
    if (!item.value) return false;
    const id = item.value.id;
    reviewError.value = null;
    try {
      if (guard && !(await guard(state))) return false;
      if (item.value?.id !== id) return false; // the person moved on meanwhile
      reviewsSet++;
      const { reviewInfo } = await api.request('reviews.set', { itemId: id, state, note });
      reviewsSet++;
      if (item.value?.id === id) item.value = { ...item.value, review: reviewInfo.state, reviewInfo };
      return true;
    } catch (e) {
      if (item.value?.id === id) reviewError.value = (e as Error).message;
      return false;
    }
  }

  /** The workspace's step before every review; returns the function that removes it. */
  function guardReviews(next: ReviewGuard): () => void {
    guard = next;
    return () => {
      if (guard === next) guard = null;
    };
  }

  /** F or the Flag button: ask for the reason first. */
  function askFlag(): void {
    if (item.value) flagging.value = true;
  }

  /** Flags the open item with the reason given (none is fine). */
  async function flag(reason: string): Promise<boolean> {
    flagging.value = false;
    return setReview('flagged', reason.trim() || undefined);
  }

  function cancelFlag(): void {
    flagging.value = false;
  }

  function clear(): void {
    asked++;
    flagging.value = false;
    reviewError.value = null;
    item.value = null;
    error.value = null;
    failedItemId.value = null;
    loading.value = false;
  }

  return { item, loading, error, failedItemId, flagging, reviewError, load, opened, refresh, setReview, guardReviews, askFlag, flag, cancelFlag, clear };
});
