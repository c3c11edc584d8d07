// Electron's main process: a thin shell over the same workstation as `loupe serve`. One window, sandboxed,
// with a strict CSP, navigation and new windows blocked, every permission denied; the renderer reaches main
// only through the contract (ipcMain.handle per request) and the `loupe://` protocol (renderer files and
// binary routes). Developer tools and the dev server exist only in an unpackaged run.
import { BrowserWindow, Menu, app, dialog, ipcMain, protocol, session, type IpcMainInvokeEvent } from 'electron';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { openWorkstation, type Workstation } from '../api/workstation';
import { createDemoWorkspace, isNewDatabase } from '../demo-workspace';
import { contentSecurityPolicy } from '../security/csp';
import { forwardEvents, registerRequestHandlers } from './ipc';
import { menuTemplate } from './menu';
import { askTeamDatabaseUrl } from './connect-window';
import { parseTeamDatabaseUrl, withoutPassword } from '../../shared/team-database-url';
import { isPostgresUrl } from '../db/store';
import { denyAllPermissions } from './permissions';
import { APP_ORIGIN, APP_SCHEME, createProtocolHandler } from './protocol';
import { RecentDatabases } from './recent';
import { devServerOrigin, isAppPage, isDevServerUrl, isDevToolsShortcut } from './trusted-pages';

const here = fileURLToPath(new URL('.', import.meta.url));
const rendererDir = resolve(here, '../renderer');
const preloadFile = resolve(here, '../preload/index.cjs');
// electron-vite's dev server, in `npm run dev` only: a packaged app ignores the variable.
const devOrigin = devServerOrigin(process.env.ELECTRON_RENDERER_URL, app.isPackaged);
const devUrl = devOrigin ? process.env.ELECTRON_RENDERER_URL : undefined;
const development = !app.isPackaged;

// The model worker finds the wasm binaries and the starter models through these (it inherits the
// environment). Packaged, they lie outside the asar archive (package.json: asarUnpack, extraResources).
if (app.isPackaged) {
  process.env.LOUPE_WASM_DIR ??= join(process.resourcesPath, 'app.asar.unpacked/node_modules/@tensorflow/tfjs-backend-wasm/dist');
  process.env.LOUPE_STARTER_MODELS ??= join(process.resourcesPath, 'models');
} else {
  process.env.LOUPE_STARTER_MODELS ??= resolve(here, '../../resources/models');
}

protocol.registerSchemesAsPrivileged([
  { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true, corsEnabled: true, stream: true } },
]);

let workstation: Workstation | null = null;
let window: BrowserWindow | null = null;
const recent = () => new RecentDatabases(join(app.getPath('userData'), 'recent-databases.json'));

async function open(database: string): Promise<void> {
  const previous = workstation;
  workstation = null;
  await previous?.close();
  const isNew = isNewDatabase(database);
  const next = openWorkstation({
    database,
    shell: 'electron',
    pickPath: pickPath,
    saveAs,
    importWorker: { url: new URL('./import-worker.js', import.meta.url) },
    models: { workerFile: new URL('./model-worker.js', import.meta.url) },
    onInternalError: (request, error) => console.error(`loupe: ${request} failed`, error),
  });
  if (isNew) {
    try {
      await createDemoWorkspace(next.services, join(app.getPath('userData'), 'demo'));
    } catch (error) {
      console.error('loupe: the demo workspace could not be created', error);
    }
  }
  forwardEvents(next.events, () => BrowserWindow.getAllWindows().map((w) => w.webContents));
  workstation = next;
  recent().remember(database);
  buildMenu();
}

async function pickPath(purpose: 'folder' | 'csv' | 'onnx', title?: string): Promise<string | null> {
  const options: Electron.OpenDialogOptions =
    purpose === 'folder'
      ? { title: title ?? 'Choose the folder of images or DICOM slices', properties: ['openDirectory'] }
      : purpose === 'onnx'
        ? { title: title ?? 'Choose the ONNX model', properties: ['openFile'], filters: [{ name: 'ONNX model', extensions: ['onnx'] }] }
        : { title: title ?? 'Choose the label CSV', properties: ['openFile'], filters: [{ name: 'CSV', extensions: ['csv'] }] };
  const result = window ? await dialog.showOpenDialog(window, options) : await dialog.showOpenDialog(options);
  return result.canceled ? null : (result.filePaths[0] ?? null);
}

async function saveAs(defaultName: string, kind: 'csv'): Promise<string | null> {
  const options: Electron.SaveDialogOptions = {
    title: 'Save the export',
    defaultPath: join(app.getPath('documents'), defaultName),
    filters: kind === 'csv' ? [{ name: 'CSV', extensions: ['csv'] }] : [],
  };
  const result = window ? await dialog.showSaveDialog(window, options) : await dialog.showSaveDialog(options);
  return result.canceled ? null : (result.filePath ?? null);
}

/** A database as the menu lists it: a team database's address without its password. */
const shownName = (database: string) => (isPostgresUrl(database) ? withoutPassword(database) : database);

function buildMenu(): void {
  Menu.setApplicationMenu(
    Menu.buildFromTemplate(
      menuTemplate(
        {
          openDataset: () => workstation?.events.publish('shell.command', { command: 'open-dataset' }),
          openDatabase: async () => {
            const result = await dialog.showOpenDialog({ title: 'Open a Loupe database', properties: ['openFile', 'promptToCreate'], filters: [{ name: 'Loupe database', extensions: ['db'] }] });
            if (!result.canceled && result.filePaths[0]) await switchTo(result.filePaths[0]);
          },
          connectTeamDatabase: () => void connectTeamDatabase(),
          openRecent: (database) => void switchTo(database),
          recent: recent().list(),
          current: shownName(workstation?.database ?? ''),
        },
        process.platform === 'darwin',
        { devTools: development },
      ),
    ),
  );
}

/** Opens another database; when it cannot be opened, says why and goes back to the one that was open. */
async function switchTo(database: string): Promise<boolean> {
  const previous = workstation?.database ?? null;
  try {
    await open(database);
  } catch (error) {
    dialog.showErrorBox('Loupe could not open the database', `${shownName(database)}\n\n${(error as Error).message}`);
    if (previous) await open(previous);
    return false;
  } finally {
    window?.webContents.reload();
  }
  return true;
}

/** Asks for a postgres:// address until it is a valid one (or the person gives up), then opens the services on it. */
async function connectTeamDatabase(): Promise<void> {
  let shown: { value?: string; error?: string } = {};
  for (;;) {
    const typed = await askTeamDatabaseUrl(window, shown);
    if (typed === null) return;
    let url: string;
    try {
      url = parseTeamDatabaseUrl(typed);
    } catch (error) {
      shown = { value: typed, error: (error as Error).message };
      continue;
    }
    await switchTo(url);
    return;
  }
}

/** Only the app's own page may call main. */
function isTrustedSender(event: IpcMainInvokeEvent): boolean {
  return isAppPage(event.senderFrame?.url ?? '', devOrigin);
}

function createWindow(): BrowserWindow {
  const win = new BrowserWindow({
    width: 1440,
    height: 900,
    minWidth: 960,
    minHeight: 600,
    backgroundColor: '#0f1216',
    title: 'Loupe',
    show: false,
    webPreferences: {
      preload: preloadFile,
      nodeIntegration: false,
      contextIsolation: true,
      sandbox: true,
      webSecurity: true,
      spellcheck: false,
      devTools: development,
    },
  });
  win.once('ready-to-show', () => win.show());
  // No navigation away from the app and no new windows, whatever the page asks.
  win.webContents.on('will-navigate', (event, url) => {
    if (!isAppPage(url, devOrigin)) event.preventDefault();
  });
  win.webContents.setWindowOpenHandler(() => ({ action: 'deny' }));
  win.webContents.on('will-attach-webview', (event) => event.preventDefault());
  win.webContents.on('select-bluetooth-device', (event, _devices, callback) => {
    event.preventDefault();
    callback('');
  });
  if (!development) {
    win.webContents.on('before-input-event', (event, input) => {
      if (isDevToolsShortcut(input)) event.preventDefault();
    });
  }
  void win.loadURL(devUrl ?? `${APP_ORIGIN}/index.html`);
  return win;
}

app.on('web-contents-created', (_event, contents) => {
  contents.on('will-redirect', (event, url) => {
    if (!isAppPage(url, devOrigin)) event.preventDefault();
  });
});

app.whenReady().then(async () => {
  denyAllPermissions(session.defaultSession);
  if (devOrigin) {
    // The dev server's pages get the CSP as a header too (relaxed only for Vite's hot reload).
    session.defaultSession.webRequest.onHeadersReceived((details, callback) => {
      const headers = { ...details.responseHeaders };
      if (isDevServerUrl(details.url, devOrigin)) headers['Content-Security-Policy'] = [contentSecurityPolicy({ development: true, connect: [`${APP_SCHEME}:`], images: [`${APP_SCHEME}:`] })];
      callback({ responseHeaders: headers });
    });
  }
  protocol.handle(
    APP_SCHEME,
    createProtocolHandler({ rendererDir, binary: () => workstation?.binary ?? null, devOrigin: devOrigin ?? undefined }),
  );
  const database = process.env.LOUPE_DB ?? join(app.getPath('userData'), 'loupe.db');
  await open(database);
  registerRequestHandlers(ipcMain, () => workstation!.dispatch, isTrustedSender);
  window = createWindow();
});

app.on('window-all-closed', () => app.quit());
app.on('will-quit', () => void workstation?.close());
