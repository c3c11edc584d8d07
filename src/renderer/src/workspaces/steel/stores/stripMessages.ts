// The one-line messages over the strip ("Saved class 4", "Came round to the start of the list"): each shows
// for a few seconds, a message belongs to the strip it was said on, and one said while moving to another
// strip waits for that strip to open.
import { ref } from 'vue';

const MESSAGE_MS = 5000;

export function stripMessages() {
  const message = ref('');
  let timer: ReturnType<typeof setTimeout> | undefined;
  let waiting: { itemId: number; text: string } | null = null;

  function tell(text: string): void {
    message.value = text;
    clearTimeout(timer);
    timer = setTimeout(() => (message.value = ''), MESSAGE_MS);
  }

  /** Says `text` once strip `itemId` opens (`openId`: the strip open now, which hears it at once). */
  function tellOn(itemId: number, text: string, openId: number | null): void {
    if (openId === itemId) return tell(text);
    waiting = { itemId, text };
  }

  /** A strip opens: what was said on the one before goes; what waited for this one is said. */
  function opened(itemId: number): void {
    message.value = '';
    if (waiting?.itemId === itemId) tell(waiting.text);
    waiting = null;
  }

  return { message, tell, tellOn, opened };
}
