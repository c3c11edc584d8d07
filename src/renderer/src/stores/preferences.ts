// The person's preferences (the settings page): loaded with the workstation, saved in main per user, and
// followed when they change in this window or another (preferences.changed). The workspaces start from
// them: the steel brush and overlay opacity, the class colours, the CT window.
import { defineStore } from 'pinia';
import { ref } from 'vue';
import { api } from '../api/client';
import { DEFAULT_PREFERENCES, type PreferencesPatch, type UserPreferences } from '../../../shared/api/preferences';
import { usePalette } from '../workspaces/steel/palette';
import { useSession } from './session';

export const useUserPreferences = defineStore('userPreferences', () => {
  const session = useSession();
  const current = ref<UserPreferences>({ ...DEFAULT_PREFERENCES });
  /** False until the person's own preferences are in (the defaults serve meanwhile). */
  const loaded = ref(false);
  /** Counts the changes made after loading: a workspace applies a default when the person changes it. */
  const changes = ref(0);
  const error = ref<string | null>(null);

  function take(next: UserPreferences, changed: boolean): void {
    current.value = next;
    usePalette(next.palette);
    if (changed) changes.value++;
  }

  async function load(): Promise<void> {
    try {
      take(await api.request('settings.preferences'), loaded.value);
      loaded.value = true;
      error.value = null;
    } catch (e) {
      error.value = (e as Error).message;
    }
  }

  async function save(patch: PreferencesPatch): Promise<void> {
    try {
      take(await api.request('settings.setPreferences', patch), true);
      error.value = null;
    } catch (e) {
      error.value = (e as Error).message;
      throw e;
    }
  }

  api.on('preferences.changed', ({ user, preferences }) => {
    if (user === session.settings?.userName && JSON.stringify(preferences) !== JSON.stringify(current.value)) take(preferences, true);
  });
  // Another name is another person: their preferences.
  api.on('settings.changed', () => void load());

  return { current, loaded, changes, error, load, save };
});
