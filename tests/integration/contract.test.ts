// The contract is the one list of requests and events: every request has a handler in main, is
// registered by the Electron adapter, is routed by the browser host, and passes the preload's check.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { IpcMainInvokeEvent } from 'electron';
import { EVENT_NAMES, REQUEST_NAMES, eventChannel, requestChannel } from '../../src/shared/api/names';
import { requests } from '../../src/shared/api/contract';
import { registerRequestHandlers, forwardEvents, type IpcMainLike } from '../../src/main/electron/ipc';
import { startHost, type RunningHost } from '../../src/main/host/server';
import { createBridge } from '../../src/preload/bridge';
import { openTestWorkspace, type TestWorkspace } from '../helpers/workspace';

let space: TestWorkspace;
let host: RunningHost;

beforeAll(async () => {
  space = await openTestWorkspace();
  host = await startHost({ workstation: space.workstation, rendererDir: space.dir });
});
afterAll(async () => {
  await host?.close();
  await space?.cleanup();
});

/** A stand-in for ipcMain that records its handlers. */
function fakeIpcMain() {
  const handlers = new Map<string, (event: IpcMainInvokeEvent, ...args: unknown[]) => unknown>();
  const ipc: IpcMainLike = {
    handle: (channel, listener) => {
      if (handlers.has(channel)) throw new Error(`second handler for ${channel}`);
      handlers.set(channel, listener);
    },
    removeHandler: (channel) => void handlers.delete(channel),
  };
  return { ipc, handlers };
}
const senderEvent = (url: string) => ({ senderFrame: { url } }) as unknown as IpcMainInvokeEvent;

describe('the contract', () => {
  it('defines a schema for exactly the listed requests', () => {
    expect(Object.keys(requests).sort()).toEqual([...REQUEST_NAMES].sort());
  });

  it('has a handler in main for every request', () => {
    expect(Object.keys(space.workstation.handlers).sort()).toEqual([...REQUEST_NAMES].sort());
    for (const name of REQUEST_NAMES) expect(typeof space.workstation.handlers[name], name).toBe('function');
  });

  it('validates arguments the same way for both adapters, before any handler runs', async () => {
    const reply = await space.workstation.dispatch('items.page', { datasetId: space.steelId, offset: -1, limit: 10_000 });
    expect(reply).toMatchObject({ ok: false, error: { code: 'bad_input' } });
    if (!reply.ok) expect(reply.error.message).toMatch(/offset.*limit|limit.*offset/s);
    expect(await space.workstation.dispatch('no.such.request', {})).toMatchObject({ ok: false, error: { code: 'not_found' } });
  });
});

describe('the Electron adapter', () => {
  it('registers one ipcMain handler per request of the contract, and removes them all', () => {
    const { ipc, handlers } = fakeIpcMain();
    const remove = registerRequestHandlers(ipc, () => space.workstation.dispatch, () => true);
    expect([...handlers.keys()].sort()).toEqual(REQUEST_NAMES.map(requestChannel).sort());
    remove();
    expect(handlers.size).toBe(0);
  });

  it('answers each request through the shared dispatcher', async () => {
    const { ipc, handlers } = fakeIpcMain();
    registerRequestHandlers(ipc, () => space.workstation.dispatch, (e) => e.senderFrame?.url.startsWith('loupe://app/') ?? false);
    const list = (await handlers.get(requestChannel('datasets.list'))!(senderEvent('loupe://app/index.html'), {})) as { ok: boolean; value: { name: string }[] };
    expect(list.ok).toBe(true);
    expect(list.value.map((d) => d.name).sort()).toEqual(['ct', 'steel']);
    for (const name of REQUEST_NAMES) {
      const reply = (await handlers.get(requestChannel(name))!(senderEvent('loupe://app/index.html'), { bogus: true })) as { ok: boolean };
      expect(typeof reply.ok, name).toBe('boolean');
    }
  });

  it('refuses requests from a page that is not the app', async () => {
    const { ipc, handlers } = fakeIpcMain();
    registerRequestHandlers(ipc, () => space.workstation.dispatch, (e) => e.senderFrame?.url.startsWith('loupe://app/') ?? false);
    const reply = await handlers.get(requestChannel('datasets.list'))!(senderEvent('https://example.org/'), {});
    expect(reply).toMatchObject({ ok: false, error: { code: 'forbidden' } });
  });

  it('forwards every event of the contract to the windows', () => {
    const sent: [string, unknown][] = [];
    const stop = forwardEvents(space.workstation.events, () => [{ isDestroyed: () => false, send: (channel, payload) => sent.push([channel, payload]) }]);
    space.workstation.events.publish('datasets.changed', { datasetIds: [1] });
    space.workstation.events.publish('shell.command', { command: 'open-dataset' });
    stop();
    space.workstation.events.publish('datasets.changed', { datasetIds: [2] });
    expect(sent).toEqual([
      [eventChannel('datasets.changed'), { datasetIds: [1] }],
      [eventChannel('shell.command'), { command: 'open-dataset' }],
    ]);
  });
});

describe('the browser host', () => {
  it('routes every request of the contract', async () => {
    for (const name of REQUEST_NAMES) {
      const response = await fetch(`http://127.0.0.1:${host.port}/api/${name}`, {
        method: 'POST',
        headers: { 'x-loupe-token': host.token, 'content-type': 'application/json' },
        body: JSON.stringify({}),
      });
      expect(response.status, name).toBe(200);
      const reply = (await response.json()) as { ok: boolean; error?: { code: string } };
      // Some requests need arguments: a refusal of the arguments still proves the route reached the handler's schema.
      if (!reply.ok) expect(reply.error?.code, name).not.toBe('not_found');
    }
  }, 60_000); // models.backend starts the model worker, which loads TensorFlow.js (seconds on a busy machine)

  it('answers an unknown request name as not found', async () => {
    const response = await fetch(`http://127.0.0.1:${host.port}/api/no.such.request`, { method: 'POST', headers: { 'x-loupe-token': host.token }, body: '{}' });
    expect(await response.json()).toMatchObject({ ok: false, error: { code: 'not_found' } });
  });
});

describe('the preload bridge', () => {
  it('passes contract requests and events to IPC and refuses other names', async () => {
    const invoked: [string, unknown][] = [];
    const listening: string[] = [];
    const bridge = createBridge({
      invoke: async (channel: string, args: unknown) => {
        invoked.push([channel, args]);
        return { ok: true, value: null };
      },
      on: ((channel: string) => {
        listening.push(channel);
      }) as never,
      removeListener: (() => undefined) as never,
    });
    for (const name of REQUEST_NAMES) await bridge.invoke(name, {});
    expect(invoked.map(([c]) => c)).toEqual(REQUEST_NAMES.map(requestChannel));
    await expect(bridge.invoke('fs.readFile' as never, {})).rejects.toThrow(/no request named/);
    for (const event of EVENT_NAMES) bridge.on(event, () => {});
    expect(listening).toEqual(EVENT_NAMES.map(eventChannel));
    expect(() => bridge.on('ipc.anything' as never, () => {})).toThrow(/no event named/);
    expect(invoked).toHaveLength(REQUEST_NAMES.length);
  });
});
