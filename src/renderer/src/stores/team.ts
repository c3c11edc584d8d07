// Team mode in the page: who is signed in with what role, whether the host asks to sign in, and what the
// role may do — read from the same role table main enforces, only to hide controls that would be refused.
import { defineStore } from 'pinia';
import { computed, ref } from 'vue';
import { api } from '../api/client';
import type { RequestName } from '../../../shared/api/names';
import type { CurrentSession } from '../../../shared/api/team-types';
import { mayRequest } from '../../../shared/roles';

export const useTeam = defineStore('team', () => {
  const current = ref<CurrentSession | null>(null);
  const signInNeeded = ref(false);
  const error = ref<string | null>(null);

  api.onSignInNeeded(() => (signInNeeded.value = true));

  async function load(): Promise<void> {
    try {
      current.value = await api.request('session.current');
      signInNeeded.value = false;
    } catch (e) {
      // A refused session is answered by the sign-in page (onSignInNeeded); anything else is shown.
      if (!signInNeeded.value) error.value = (e as Error).message;
    }
  }

  const user = computed(() => current.value?.user ?? null);
  const team = computed(() => current.value?.team === true);

  /** Whether the signed-in person's role may make this request (always true outside team mode). */
  function can(name: RequestName, args?: unknown): boolean {
    return user.value === null || mayRequest(user.value.role, name, args);
  }

  // The whole page starts again after signing in or out: every store, the event socket and the cookie agree.
  async function signIn(name: string, password: string): Promise<void> {
    await api.signIn(name, password);
    window.location.reload();
  }

  async function signOut(): Promise<void> {
    await api.signOut();
    window.location.reload();
  }

  return { current, user, team, signInNeeded, error, load, can, signIn, signOut };
});
