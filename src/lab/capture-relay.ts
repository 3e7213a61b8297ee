/**
 * A loopback TCP relay between a lab's client and its server that records what each side sent, in arrival order,
 * with the step's clock, and how each side closed (FIN or RST, passed on as the same). The client connects to the
 * relay; the relay connects to the server. It only runs when a capture was asked for (`lab run --wire`, the
 * tutor's wire view): without one, a lab's sockets are exactly as before.
 */
import net from 'node:net';
import type { CapturedChunk, WireCapture, WireSide } from '../wire/types.js';
import { listenOnLoopback } from './tcp-socket.js';

/** How long closing waits for the relayed sockets to finish on their own. */
const CLOSE_GRACE_MS = 100;

export interface CaptureRelay {
  /** The port the client should connect to. */
  port: number;
  capture: WireCapture;
  /** Records one NSS key log line (Node's `keylog` event hands a Buffer with a trailing newline). */
  keylog(line: Buffer | string): void;
  /** Cuts both connections at once (the step's time limit passed). */
  abort(): void;
  /** Stops listening and closes what is left; resolves when nothing is. */
  close(): Promise<void>;
}

/**
 * Starts a relay to `targetPort` on 127.0.0.1. `clock` gives ms since the step started, so the capture and the
 * timeline share one time axis. One connection is relayed; a second is refused (a lab step makes one).
 */
export async function startCaptureRelay(targetPort: number, clock: () => number): Promise<CaptureRelay> {
  const capture: WireCapture = { startedAt: Date.now() - clock(), clientPort: 0, serverPort: 0, chunks: [], closes: [], keylog: [] };
  const sockets = new Set<net.Socket>();
  const track = (socket: net.Socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  };
  let relayed = false;

  const server = net.createServer({ allowHalfOpen: true }, (client) => {
    track(client);
    if (relayed) {
      client.destroy();
      return;
    }
    relayed = true;
    capture.clientPort = client.remotePort ?? 0;
    const upstream = net.connect({ host: '127.0.0.1', port: targetPort, allowHalfOpen: true });
    track(upstream);
    pipe(client, upstream, 'client');
    pipe(upstream, client, 'server');
  });

  /** Passes `from`'s bytes to `to`, recording them; a FIN is passed on as a FIN and a reset as a reset. */
  function pipe(from: net.Socket, to: net.Socket, side: WireSide) {
    from.on('data', (data: Buffer) => {
      const chunk: CapturedChunk = { t: clock(), from: side, data };
      capture.chunks.push(chunk);
      if (!to.destroyed && !to.write(data)) {
        from.pause();
        to.once('drain', () => from.resume());
      }
    });
    from.on('end', () => {
      capture.closes.push({ t: clock(), from: side, how: 'fin' });
      if (!to.destroyed) to.end();
    });
    from.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'ECONNRESET') capture.closes.push({ t: clock(), from: side, how: 'rst' });
      // The server refused the connection, or a side reset it: the other side learns the same way.
      if (!to.destroyed) to.resetAndDestroy();
    });
    from.on('close', () => {
      // A side gone without FIN or error (destroyed locally): leave the other nothing to wait for.
      if (!to.destroyed && !to.writableEnded) to.end();
    });
  }

  const port = await listenOnLoopback(server, 0);
  capture.serverPort = port;
  return {
    port,
    capture,
    keylog: (line) => {
      const text = line.toString().trim();
      if (text) capture.keylog.push(text);
    },
    abort: () => sockets.forEach((socket) => socket.destroy()),
    close: async () => {
      // Both ends have closed by now, or the step was cut short: let the last FINs arrive (and be recorded), a
      // moment at most, then drop whatever is left.
      const deadline = performance.now() + CLOSE_GRACE_MS;
      while (sockets.size > 0 && performance.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 2));
      sockets.forEach((socket) => socket.destroy());
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
