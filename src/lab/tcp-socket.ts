import net from 'node:net';

/**
 * The TCP socket under a server-side TLS socket (or the socket itself when it is plain TCP). Node keeps it as
 * `_parent` on every TLSSocket made from a net.Socket. Our listeners key per-connection state on it because a
 * TLSSocket that failed its handshake has already dropped its handle: by the time 'tlsClientError' reports a
 * client that hung up, its remoteAddress/remotePort read as undefined, while the TCP socket object is the same
 * one the 'connection' event handed us.
 */
export function tcpSocketOf(socket: net.Socket): net.Socket {
  const parent = (socket as { _parent?: unknown })._parent;
  return parent instanceof net.Socket ? parent : socket;
}

/** "127.0.0.1:54321", read when the connection is accepted (it cannot be read once the socket is closed). */
export function remoteOf(socket: net.Socket): string {
  return `${socket.remoteAddress ?? '?'}:${socket.remotePort ?? '?'}`;
}

/** Listens on 127.0.0.1 (`port` 0: any free port) and resolves with the port; a failure to listen rejects. */
export function listenOnLoopback(server: net.Server, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      server.off('error', reject);
      resolve((server.address() as net.AddressInfo).port);
    });
  });
}
