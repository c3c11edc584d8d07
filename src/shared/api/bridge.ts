// What the preload exposes as `window.loupe` in Electron. The renderer's client uses it when present
// and falls back to HTTP + WebSocket in a plain browser.
import type { EventName, RequestName } from './names';
import type { Reply } from './types';

export interface LoupeBridge {
  /** Sends one request; unknown names are refused without reaching main. */
  invoke(name: RequestName, args: unknown): Promise<Reply<unknown>>;
  /** Listens to one event; returns the function that stops listening. */
  on(event: EventName, listener: (payload: unknown) => void): () => void;
  /** The origin of the binary routes, e.g. `loupe://app`. */
  readonly binaryBase: string;
}
