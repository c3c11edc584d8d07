// A stand-in for Electron's main-process API (the binary cannot be downloaded on build machines). It
// records what Loupe's main bundle asks of Electron, then exercises the `loupe://` handler, the navigation
// and permission handlers it installed, and prints a JSON report on stdout.
// FAKE_PACKAGED=1 runs it as a packaged app; FAKE_QUICK=1 leaves out the import through IPC.
const packaged = process.env.FAKE_PACKAGED === '1';
if (packaged) process.resourcesPath = `${process.env.FAKE_USER_DATA}/resources`;

const report = { schemes: null, protocol: null, channels: [], window: null, url: null, openHandler: null, menu: null, permission: null, permissions: {}, sessionEvents: [] };
let protocolHandler = null;
const ipcHandlers = new Map();
const windows = [];
const appListeners = new Map();
const sessionListeners = new Map();
let onEvent = () => {};

export const app = {
  isPackaged: packaged,
  whenReady: () => Promise.resolve(),
  getPath: () => process.env.FAKE_USER_DATA,
  on(event, listener) {
    appListeners.set(event, listener);
  },
  quit() {},
};

export const protocol = {
  registerSchemesAsPrivileged(schemes) {
    report.schemes = schemes;
  },
  handle(scheme, handler) {
    report.protocol = scheme;
    protocolHandler = handler;
  },
};

export const ipcMain = {
  handle(channel, handler) {
    report.channels.push(channel);
    ipcHandlers.set(channel, handler);
  },
  removeHandler() {},
};

export const Menu = {
  buildFromTemplate: (template) => template,
  setApplicationMenu(template) {
    report.menu = template.map((entry) => ({ label: entry.label ?? entry.role, items: (entry.submenu ?? []).map?.((i) => i.label ?? i.role ?? i.type) }));
  },
};

export const dialog = {};

export const session = {
  defaultSession: {
    setPermissionRequestHandler(handler) {
      handler(null, 'camera', (allowed) => (report.permission = allowed));
      handler(null, 'notifications', (allowed) => (report.permissions.requestNotifications = allowed));
    },
    setPermissionCheckHandler(handler) {
      report.permissions.checkMedia = handler(null, 'media', 'loupe://app', {});
      report.permissions.checkHid = handler(null, 'hid', 'loupe://app', {});
    },
    setDevicePermissionHandler(handler) {
      report.permissions.device = handler({ deviceType: 'usb', origin: 'loupe://app', device: {} });
    },
    setDisplayMediaRequestHandler(handler) {
      handler({ frame: null }, (streams) => (report.permissions.displayMedia = streams));
    },
    on(event, listener) {
      report.sessionEvents.push(event);
      sessionListeners.set(event, listener);
    },
    webRequest: { onHeadersReceived() {} },
  },
};

/** Runs a handler with an event whose preventDefault is recorded; true when the handler prevented it. */
function prevented(listener, ...args) {
  let stopped = false;
  listener({ preventDefault: () => (stopped = true) }, ...args);
  return stopped;
}

const PROBE_URLS = ['loupe://app/index.html', 'http://localhost:5173/', 'http://localhost:5173.evil.example/', 'https://example.org/', 'loupe://evil/index.html'];

async function finish() {
  const index = await protocolHandler(new Request('loupe://app/index.html'));
  const thumbnail = await protocolHandler(new Request('loupe://app/bin/items/1/thumbnail'));
  const outside = await protocolHandler(new Request('loupe://app/../../etc/passwd'));
  report.index = { status: index.status, csp: index.headers.get('content-security-policy'), body: (await index.text()).slice(0, 200) };
  report.thumbnail = { status: thumbnail.status, type: thumbnail.headers.get('content-type') };
  report.outside = outside.status;

  // Which URLs the window may navigate or be redirected to (true = allowed).
  const contents = windows[0].webContents;
  report.navigation = Object.fromEntries(PROBE_URLS.map((url) => [url, !prevented(contents.listeners.get('will-navigate'), url)]));
  const created = { listeners: new Map(), on(event, listener) { this.listeners.set(event, listener); } };
  appListeners.get('web-contents-created')?.({}, created);
  report.redirect = Object.fromEntries(PROBE_URLS.map((url) => [url, !prevented(created.listeners.get('will-redirect'), url)]));
  // Which pages main answers over IPC (true = answered).
  report.ipc = {};
  for (const url of PROBE_URLS) report.ipc[url] = (await ipcHandlers.get('loupe:datasets.list')({ senderFrame: { url } }, {})).ok;

  const beforeInput = contents.listeners.get('before-input-event');
  report.devTools = {
    webPreferences: report.window.webPreferences.devTools,
    menu: report.menu.some((entry) => entry.items?.includes('toggleDevTools')),
    f12Blocked: beforeInput ? prevented(beforeInput, { type: 'keyDown', key: 'F12', control: false, meta: false, shift: false, alt: false }) : false,
  };
  report.devicePickers = {};
  for (const event of ['select-hid-device', 'select-serial-port', 'select-usb-device']) {
    let picked = 'not called';
    const listener = sessionListeners.get(event);
    const pick = (id) => (picked = id ?? null);
    const args = event === 'select-serial-port' ? [[{ portId: 'p1' }], contents, pick] : [{ deviceList: [{ deviceId: 'd1' }] }, pick];
    const stopped = listener ? prevented(listener, ...args) : false;
    report.devicePickers[event] = { prevented: stopped, picked };
  }
  let bluetooth = 'not called';
  report.devicePickers['select-bluetooth-device'] = {
    prevented: prevented(contents.listeners.get('select-bluetooth-device'), [{ deviceId: 'b1' }], (id) => (bluetooth = id)),
    picked: bluetooth,
  };

  if (process.env.FAKE_QUICK !== '1') {
    // An import through IPC, as the import dialog starts it: it runs on the bundled worker thread.
    const app = { senderFrame: { url: 'loupe://app/index.html' } };
    const demo = `${process.env.FAKE_USER_DATA}/demo/steel`;
    const finished = new Promise((resolve) => {
      onEvent = (channel, payload) => {
        if (channel === 'loupe:event:job.updated' && payload.state !== 'running') resolve(payload);
      };
    });
    const started = await ipcHandlers.get('loupe:imports.start')(app, { kind: 'severstal', folder: `${demo}/train_images`, labelsCsv: `${demo}/train.csv`, name: 'Imported again' });
    const job = await finished;
    report.importJob = { started: started.ok, state: job.state, items: job.result?.items, error: job.error };
  }
  report.refused = await ipcHandlers.get('loupe:datasets.list')({ senderFrame: { url: 'https://example.org/' } }, {});
  process.stdout.write(`${JSON.stringify(report)}\n`);
  process.exit(0);
}

export class BrowserWindow {
  constructor(options) {
    report.window = options;
    windows.push(this);
    const listeners = new Map();
    this.webContents = {
      listeners,
      on(event, listener) {
        listeners.set(event, listener);
      },
      setWindowOpenHandler(handler) {
        report.openHandler = handler({ url: 'https://example.org/' });
      },
      reload() {},
      send: (channel, payload) => onEvent(channel, payload),
      isDestroyed: () => false,
    };
  }
  once() {}
  loadURL(url) {
    report.url = url;
    void finish();
  }
  static getAllWindows() {
    return windows;
  }
}
