// The only code in the renderer that touches the transport. In Electron it uses the preload's
// `window.loupe` (IPC and the `loupe://` scheme); in a browser it POSTs to the host's /api/<request>,
// reads /bin/… for pixels, and listens to /events over a WebSocket, carrying the access token.
import type { ArgsIn, Events, Result } from '../../../shared/api/contract';
import type { EventName, RequestName } from '../../../shared/api/names';
import type { LoupeBridge } from '../../../shared/api/bridge';
import type { Reply, ShellKind } from '../../../shared/api/types';
import type { SessionUser } from '../../../shared/api/team-types';
import type { ErrorCode, ErrorOption } from '../../../shared/errors';
import type { SaveConflict } from '../../../shared/api/collaboration-types';

declare global {
  interface Window {
    loupe?: LoupeBridge;
  }
}

export class ApiError extends Error {
  constructor(
    readonly code: ErrorCode | 'transport',
    message: string,
    /** The choice that gets past the error; a dialog names it as its own control (see errorHints.ts). */
    readonly option?: ErrorOption,
    /** A save refused because someone else saved since it was based: their labels (see collaboration-types.ts). */
    readonly conflict?: SaveConflict,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

type ArgsParameter<K extends RequestName> = undefined extends ArgsIn<K> ? [args?: ArgsIn<K>] : [args: ArgsIn<K>];

export interface ApiClient {
  readonly shell: ShellKind;
  request<K extends RequestName>(name: K, ...args: ArgsParameter<K>): Promise<Result<K>>;
  on<E extends EventName>(event: E, listener: (payload: Events[E]) => void): () => void;
  /** Called when the browser's event connection drops and comes back (events may have been missed). */
  onReconnect(listener: () => void): () => void;
  /** The URL of a binary route (images, thumbnails), for `<img src>` and canvas loads. */
  binaryUrl(path: string): string;
  /** Fetches a binary route (e.g. a CT slice's HU) with whatever credentials the transport needs; HEAD asks for the headers only. */
  fetchBinary(path: string, init?: { method?: 'GET' | 'HEAD' }): Promise<Response>;
  /** Team mode: called when the host asks the person to sign in (no session, or it ended). */
  onSignInNeeded(listener: () => void): () => void;
  /** Team mode: signs in (the host sets the session cookie); refused with the host's one-line reason. */
  signIn(name: string, password: string): Promise<SessionUser>;
  signOut(): Promise<void>;
}

function unwrap<T>(name: string, reply: Reply<T>): T {
  if (reply.ok) return reply.value;
  throw new ApiError(reply.error.code, reply.error.message || `${name} failed`, reply.error.option, reply.error.conflict);
}

function electronClient(bridge: LoupeBridge): ApiClient {
  return {
    shell: 'electron',
    async request(name, ...args) {
      return unwrap(name, (await bridge.invoke(name, args[0])) as Reply<never>);
    },
    on(event, listener) {
      return bridge.on(event, listener as (payload: unknown) => void);
    },
    onReconnect: () => () => {},
    binaryUrl: (path) => `${bridge.binaryBase}${path}`,
    fetchBinary: (path, init) => fetch(`${bridge.binaryBase}${path}`, { method: init?.method ?? 'GET' }),
    // The desktop app is one person's: there is nobody to sign in.
    onSignInNeeded: () => () => {},
    signIn: () => Promise.reject(new ApiError('bad_input', 'the desktop app has no accounts')),
    signOut: () => Promise.resolve(),
  };
}

const TOKEN_KEY = 'loupe.token';

/** The token from the address the host printed; kept for the tab's life and removed from the address bar. */
function takeToken(): string {
  const url = new URL(window.location.href);
  const fromUrl = url.searchParams.get('token');
  if (fromUrl) {
    sessionStorage.setItem(TOKEN_KEY, fromUrl);
    url.searchParams.delete('token');
    window.history.replaceState(window.history.state, '', url.pathname + url.search + url.hash);
  }
  return fromUrl ?? sessionStorage.getItem(TOKEN_KEY) ?? '';
}

function browserClient(): ApiClient {
  const token = takeToken();
  const listeners = new Map<string, Set<(payload: unknown) => void>>();
  const reconnectListeners = new Set<() => void>();
  let retryDelay = 250;
  let everOpened = false;

  const connect = () => {
    const scheme = window.location.protocol === 'https:' ? 'wss' : 'ws';
    const socket = new WebSocket(`${scheme}://${window.location.host}/events?token=${encodeURIComponent(token)}`);
    socket.onopen = () => {
      retryDelay = 250;
      if (everOpened) reconnectListeners.forEach((l) => l());
      everOpened = true;
    };
    socket.onmessage = (message) => {
      const { event, payload } = JSON.parse(String(message.data)) as { event: string; payload: unknown };
      listeners.get(event)?.forEach((l) => l(payload));
    };
    // The host went away or restarted: try again, less and less often.
    socket.onclose = () => {
      setTimeout(connect, retryDelay);
      retryDelay = Math.min(retryDelay * 2, 5000);
    };
  };
  connect();

  const headers = { 'content-type': 'application/json', 'x-loupe-token': token };
  const signInListeners = new Set<() => void>();

  /** The host's refusal in its own words (a role's 403 names what the role may not do), or null. */
  async function refusal(name: string, response: Response): Promise<ApiError | null> {
    if (response.status !== 401 && response.status !== 403) return null;
    if (response.status === 401 && response.headers.get('www-authenticate') === 'Loupe-Session') {
      signInListeners.forEach((l) => l());
      return new ApiError('forbidden', 'sign in to this workstation first');
    }
    const reply = (await response.json().catch(() => null)) as Reply<never> | null;
    if (response.status === 403 && reply && !reply.ok && reply.error.message !== 'wrong access token') return new ApiError('forbidden', reply.error.message || `${name} was refused`);
    return new ApiError('forbidden', 'the access token was refused: open the address loupe serve printed');
  }

  async function postAuth(path: string, body: unknown): Promise<Reply<unknown>> {
    let response: Response;
    try {
      response = await fetch(path, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body), credentials: 'same-origin' });
    } catch (error) {
      throw new ApiError('transport', `the workstation cannot be reached (${(error as Error).message})`);
    }
    const reply = (await response.json().catch(() => null)) as Reply<unknown> | null;
    if (!reply) throw new ApiError('transport', `HTTP ${response.status}`);
    return reply;
  }

  return {
    shell: 'browser',
    async request(name, ...args) {
      let response: Response;
      try {
        response = await fetch(`api/${name}`, { method: 'POST', headers, body: JSON.stringify(args[0] ?? {}), credentials: 'same-origin' });
      } catch (error) {
        throw new ApiError('transport', `the workstation cannot be reached (${(error as Error).message})`);
      }
      const refused = await refusal(name, response);
      if (refused) throw refused;
      if (!response.ok) throw new ApiError('transport', `${name}: HTTP ${response.status}`);
      return unwrap(name, (await response.json()) as Reply<never>);
    },
    on(event, listener) {
      let set = listeners.get(event);
      if (!set) listeners.set(event, (set = new Set()));
      const relay = listener as (payload: unknown) => void;
      set.add(relay);
      return () => set.delete(relay);
    },
    onReconnect(listener) {
      reconnectListeners.add(listener);
      return () => reconnectListeners.delete(listener);
    },
    binaryUrl: (path) => path.replace(/^\//, ''),
    fetchBinary: (path, init) => fetch(path.replace(/^\//, ''), { method: init?.method ?? 'GET', headers: { 'x-loupe-token': token }, credentials: 'same-origin' }),
    onSignInNeeded(listener) {
      signInListeners.add(listener);
      return () => signInListeners.delete(listener);
    },
    async signIn(name, password) {
      return unwrap('sign in', (await postAuth('auth/login', { name, password })) as Reply<SessionUser>);
    },
    async signOut() {
      unwrap('sign out', await postAuth('auth/logout', {}));
    },
  };
}

export const api: ApiClient = window.loupe ? electronClient(window.loupe) : browserClient();
