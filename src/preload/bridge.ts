// `window.loupe`: the contract's requests and events over IPC. Names not in the contract are refused
// here, before anything reaches main.
import type { IpcRenderer, IpcRendererEvent } from 'electron';
import type { LoupeBridge } from '../shared/api/bridge';
import { eventChannel, isEventName, isRequestName, requestChannel } from '../shared/api/names';
import type { Reply } from '../shared/api/types';

export const BINARY_BASE = 'loupe://app';

export function createBridge(ipc: Pick<IpcRenderer, 'invoke' | 'on' | 'removeListener'>): LoupeBridge {
  return Object.freeze({
    invoke(name: string, args: unknown): Promise<Reply<unknown>> {
      if (!isRequestName(name)) return Promise.reject(new Error(`Loupe has no request named "${String(name).slice(0, 80)}"`));
      return ipc.invoke(requestChannel(name), args) as Promise<Reply<unknown>>;
    },
    on(event: string, listener: (payload: unknown) => void): () => void {
      if (!isEventName(event)) throw new Error(`Loupe has no event named "${String(event).slice(0, 80)}"`);
      const channel = eventChannel(event);
      const relay = (_event: IpcRendererEvent, payload: unknown) => listener(payload);
      ipc.on(channel, relay);
      return () => void ipc.removeListener(channel, relay);
    },
    binaryBase: BINARY_BASE,
  });
}
