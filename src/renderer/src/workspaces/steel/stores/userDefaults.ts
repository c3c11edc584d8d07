// The steel workspace starts from the person's preferences (the settings page, kept per user in main):
// the brush size and overlay opacity a session starts with, and again whenever the person changes them
// there. [ and ] and the opacity slider change them for the session.
import { watch } from 'vue';
import { useUserPreferences } from '../../../stores/preferences';
import type { SteelPreferences } from './preferences';

export function followUserDefaults(preferences: SteelPreferences): void {
  const user = useUserPreferences();
  const apply = () => {
    preferences.brushSize = user.current.brushSize;
    preferences.opacity = user.current.overlayOpacity;
  };
  if (user.loaded) apply();
  else watch(() => user.loaded, (loaded) => loaded && apply(), { once: true });
  watch(() => user.changes, apply);
}
