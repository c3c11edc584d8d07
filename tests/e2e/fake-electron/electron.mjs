// A stand-in for Electron's main-process API (the binary cannot be downloaded on build machines). It
// records what Loupe's main bundle asks of Electron, then exercises the `loupe://` handler and prints a
// JSON report on stdout.
const report = { schemes: null, protocol: null, channels: [], window: null, url: null, openHandler: null, menu: null, permission: null };
let protocolHandler = null;
const ipcHandlers = new Map();
const windows = [];
let onEvent = () => {};

export const app = {
  whenReady: () => Promise.resolve(),
  getPath: () => process.env.FAKE_USER_DATA,
  on() {},
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
    },
    webRequest: { onHeadersReceived() {} },
  },
};

async function finish() {
  const index = await protocolHandler(new Request('loupe://app/index.html'));
  const thumbnail = await protocolHandler(new Request('loupe://app/bin/items/1/thumbnail'));
  const outside = await protocolHandler(new Request('loupe://app/../../etc/passwd'));
  report.index = { status: index.status, csp: index.headers.get('content-security-policy'), body: (await index.text()).slice(0, 200) };
  report.thumbnail = { status: thumbnail.status, type: thumbnail.headers.get('content-type') };
  report.outside = outside.status;
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
  report.refused = await ipcHandlers.get('loupe:datasets.list')({ senderFrame: { url: 'https://example.org/' } }, {});
  process.stdout.write(`${JSON.stringify(report)}\n`);
  process.exit(0);
}

export class BrowserWindow {
  constructor(options) {
    report.window = options;
    windows.push(this);
    this.webContents = {
      on() {},
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
