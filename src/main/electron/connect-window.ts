// "Connect to a team database…": a small modal window with the connect page (connect-page.ts). It runs no
// script and has no preload; every navigation is refused, and the form's submission is read as the answer.
import { BrowserWindow } from 'electron';
import { answerOf, connectPageUrl } from './connect-page';

/** What the person typed (unchecked), or null when they closed the window. */
export function askTeamDatabaseUrl(parent: BrowserWindow | null, shown: { value?: string; error?: string } = {}): Promise<string | null> {
  const win = new BrowserWindow({
    parent: parent ?? undefined,
    modal: parent !== null,
    width: 520,
    height: 240,
    resizable: false,
    minimizable: false,
    maximizable: false,
    title: 'Connect to a team database',
    backgroundColor: '#0f1216',
    webPreferences: { nodeIntegration: false, contextIsolation: true, sandbox: true, webSecurity: true, javascript: false, devTools: false, spellcheck: false },
  });
  win.setMenu(null);
  win.webContents.setWindowOpenHandler(() => ({ action: 'deny' }));
  win.webContents.on('will-attach-webview', (event) => event.preventDefault());
  return new Promise((resolve) => {
    let answer: string | null = null;
    win.webContents.on('will-navigate', (event, url) => {
      event.preventDefault();
      const typed = answerOf(url);
      if (typed === null) return;
      answer = typed;
      win.close();
    });
    win.once('closed', () => resolve(answer));
    void win.loadURL(connectPageUrl(shown));
  });
}
