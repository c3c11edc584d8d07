// Electron's adapter for the contract: one `ipcMain.handle` per request, all through the same
// dispatcher as the browser host, and every event forwarded with `webContents.send`.
// Only Electron's types are imported here, so this file is tested in plain Node with a fake ipcMain.
import type { IpcMainInvokeEvent } from 'electron';
import { EVENT_NAMES, REQUEST_NAMES, eventChannel, requestChannel } from '../../shared/api/names';
import type { Reply } from '../../shared/api/types';
import type { Dispatch } from '../api/dispatch';
import type { EventHub } from '../api/events';

/** The part of ipcMain this adapter uses. */
export interface IpcMainLike {
  handle(channel: string, listener: (event: IpcMainInvokeEvent, ...args: unknown[]) => unknown): void;
  removeHandler(channel: string): void;
}

/** The part of webContents events are sent through. */
export interface EventTarget {
  isDestroyed(): boolean;
  send(channel: string, payload: unknown): void;
}

/**
 * Registers a handler for every request of the contract. `dispatch` is read on each call, so the
 * workstation behind it can change (another database opened). Requests from frames that are not the
 * app's own page are refused. Returns the function that removes the handlers.
 */
export function registerRequestHandlers(
  ipcMain: IpcMainLike,
  dispatch: () => Dispatch,
  isTrustedSender: (event: IpcMainInvokeEvent) => boolean,
): () => void {
  for (const name of REQUEST_NAMES) {
    ipcMain.handle(requestChannel(name), async (event, args): Promise<Reply<unknown>> => {
      if (!isTrustedSender(event)) return { ok: false, error: { code: 'forbidden', message: 'request from a page that is not Loupe' } };
      return dispatch()(name, args);
    });
  }
  return () => REQUEST_NAMES.forEach((name) => ipcMain.removeHandler(requestChannel(name)));
}

/** Forwards every event of the hub to the windows; returns the function that stops forwarding. */
export function forwardEvents(events: EventHub, targets: () => EventTarget[]): () => void {
  return events.subscribe((event, payload) => {
    if (!(EVENT_NAMES as readonly string[]).includes(event)) return;
    for (const target of targets()) if (!target.isDestroyed()) target.send(eventChannel(event), payload);
  });
}
