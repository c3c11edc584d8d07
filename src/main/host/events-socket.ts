// The host's event socket (/events): one WebSocket per page, pushed every event of the workstation. Only
// token holders from the host's own origin get one, and whatever one of them sends — a malformed frame,
// an unmasked frame, a bad close code, a frame over the limit — closes that socket only: every socket has
// an error listener (without one, `ws` rethrows the error and the whole process dies).
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import type { EventHub } from '../api/events';

/** The page only listens; a larger frame than this is refused (close code 1009). */
const MAX_FRAME_BYTES = 64 * 1024;
/** How often a team socket's session is checked again, at most (it is checked when an event is to be sent). */
const RECHECK_MS = 5_000;
/** Close code of a socket whose session ended (sign-out, expiry, a disabled user): 1008, policy violation. */
const SESSION_ENDED = 1008;

interface Recheck {
  allowed: () => boolean;
  checkedAt: number;
}

export interface EventSockets {
  /**
   * Hands an upgrade request the caller has already checked (host, origin, path, token) to `ws`. `allowed`
   * (team mode) says whether the socket's session still holds: one that ended gets no more events.
   */
  accept(request: IncomingMessage, socket: Duplex, head: Buffer, allowed?: () => boolean): void;
  close(): void;
}

export function createEventSockets(events: EventHub): EventSockets {
  const server = new WebSocketServer({ noServer: true, maxPayload: MAX_FRAME_BYTES });
  const rechecks = new WeakMap<WebSocket, Recheck>();
  const stillAllowed = (socket: WebSocket): boolean => {
    const recheck = rechecks.get(socket);
    if (!recheck || Date.now() - recheck.checkedAt < RECHECK_MS) return true;
    recheck.checkedAt = Date.now();
    if (recheck.allowed()) return true;
    socket.close(SESSION_ENDED, 'the session ended');
    return false;
  };
  const unsubscribe = events.subscribe((event, payload) => {
    const message = JSON.stringify({ event, payload });
    for (const socket of server.clients) if (socket.readyState === socket.OPEN && stillAllowed(socket)) socket.send(message);
  });
  return {
    accept(request, socket, head, allowed) {
      server.handleUpgrade(request, socket, head, (ws: WebSocket) => {
        if (allowed) rechecks.set(ws, { allowed, checkedAt: 0 }); // the first event checks again
        // `ws` has already sent the close frame (1002, 1007, 1009…) and ends the socket; this listener
        // only keeps the error from being thrown.
        ws.on('error', () => ws.terminate());
        ws.on('message', () => {}); // anything the page sends is ignored
        ws.send(JSON.stringify({ event: 'hello', payload: null }));
      });
    },
    close() {
      unsubscribe();
      for (const socket of server.clients) socket.terminate();
      server.close();
    },
  };
}

/** A plain HTTP refusal on a socket that asked to upgrade, then the socket is closed. */
export function refuseUpgrade(socket: Duplex, status: string): void {
  if (socket.writable) socket.end(`HTTP/1.1 ${status}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
  else socket.destroy();
}
