// The workstation and the person at it: app facts (shell, database) and the name every revision carries.
import { defineStore } from 'pinia';
import { ref } from 'vue';
import { api } from '../api/client';
import type { AppInfo, Settings } from '../../../shared/api/types';

export const useSession = defineStore('session', () => {
  const info = ref<AppInfo | null>(null);
  const settings = ref<Settings | null>(null);
  const error = ref<string | null>(null);

  async function load(): Promise<void> {
    try {
      [info.value, settings.value] = await Promise.all([api.request('app.info'), api.request('settings.get')]);
      error.value = null;
    } catch (e) {
      error.value = (e as Error).message;
    }
  }

  async function setUserName(name: string): Promise<void> {
    settings.value = await api.request('settings.setUserName', { name });
  }

  api.on('settings.changed', (next) => (settings.value = next));

  return { info, settings, error, load, setUserName };
});
