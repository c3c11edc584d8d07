// The preload of Loupe's window (sandboxed, context-isolated): exposes the typed `window.loupe` bridge.
import { contextBridge, ipcRenderer } from 'electron';
import { createBridge } from './bridge';

contextBridge.exposeInMainWorld('loupe', createBridge(ipcRenderer));
