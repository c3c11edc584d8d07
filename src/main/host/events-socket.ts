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

export interface EventSockets {
  /** Hands an upgrade request the caller has already checked (host, origin, path, token) to `ws`. */
  accept(request: IncomingMessage, socket: Duplex, head: Buffer): void;
  close(): void;
}

export function createEventSockets(events: EventHub): EventSockets {
  const server = new WebSocketServer({ noServer: true, maxPayload: MAX_FRAME_BYTES });
  const unsubscribe = events.subscribe((event, payload) => {
    const message = JSON.stringify({ event, payload });
    for (const socket of server.clients) if (socket.readyState === socket.OPEN) socket.send(message);
  });
  return {
    accept(request, socket, head) {
      server.handleUpgrade(request, socket, head, (ws: WebSocket) => {
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
