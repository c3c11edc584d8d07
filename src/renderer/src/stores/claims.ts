// Claims of the item open in the workstation: opening an item claims it for the person (so others see "being
// edited by …"), the claim is kept alive while it stays open, and moving on lets go of it. When someone else
// holds the item, `holder` names them: the person can still look, and a save of theirs is checked against the
// revision it was based on like any save.
import { defineStore } from 'pinia';
import { ref, watch } from 'vue';
import { api } from '../api/client';
import { useViewer } from './viewer';
import type { ItemClaim } from '../../../shared/api/collaboration-types';

/** Renew a claim when this share of its time is left (a claim lasts minutes; a keep-alive is cheap). */
const RENEW_AT = 0.5;

export const useClaims = defineStore('claims', () => {
  const viewer = useViewer();
  /** Someone else's claim on the open item, or null. */
  const holder = ref<ItemClaim | null>(null);
  let mine: number | null = null;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let asked = 0;

  async function claim(itemId: number): Promise<void> {
    const ticket = ++asked;
    clearTimeout(timer);
    try {
      const result = await api.request('claims.open', { itemId });
      if (ticket !== asked) {
        if (result.mine && viewer.item?.id !== itemId) void release(itemId);
        return;
      }
      holder.value = result.mine ? null : result.claim;
      mine = result.mine ? itemId : null;
      // Keep it alive (or look again whether theirs has lapsed) while the item stays open.
      const lasts = Date.parse(result.claim.expiresAt) - Date.parse(result.claim.activeAt);
      const wait = result.mine ? lasts * RENEW_AT : Math.max(1000, Date.parse(result.claim.expiresAt) - Date.now());
      timer = setTimeout(() => viewer.item?.id === itemId && void claim(itemId), Math.max(1000, wait));
    } catch {
      // A claim is a courtesy to others; an item that cannot be claimed can still be edited.
      if (ticket === asked) holder.value = null;
    }
  }

  async function release(itemId: number): Promise<void> {
    if (mine === itemId) mine = null;
    await api.request('claims.release', { itemId }).catch(() => undefined);
  }

  watch(
    () => viewer.item?.id,
    (itemId, before) => {
      if (before !== undefined && before === mine) void release(before);
      holder.value = null;
      clearTimeout(timer);
      if (itemId !== undefined) void claim(itemId);
    },
    { immediate: true },
  );

  return { holder };
});
