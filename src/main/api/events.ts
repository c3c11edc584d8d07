// The events main pushes to every connected renderer (Electron windows, browser tabs), typed by the contract.
import type { Events } from '../../shared/api/contract';
import type { EventName } from '../../shared/api/names';

export type EventListener = <E extends EventName>(event: E, payload: Events[E]) => void;

export class EventHub {
  private readonly listeners = new Set<EventListener>();

  /** Adds a listener to every event; returns the function that removes it. */
  subscribe(listener: EventListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  publish<E extends EventName>(event: E, payload: Events[E]): void {
    for (const listener of this.listeners) {
      try {
        listener(event, payload);
      } catch {
        // one broken connection must not stop the others from hearing the event
      }
    }
  }
}
