import net from 'node:net';

/**
 * Holds 127.0.0.1:`port` (0: one the OS picks) until `release()`. A port someone else already holds is just as
 * taken: it is returned as it is, and release() does nothing.
 */
export async function holdPort(port = 0): Promise<{ port: number; release: () => Promise<void> }> {
  const server = net.createServer();
  const listening = await new Promise<boolean>((resolve) => {
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => resolve(true));
  });
  if (!listening) return { port, release: async () => {} };
  return { port: (server.address() as net.AddressInfo).port, release: () => new Promise((resolve) => server.close(() => resolve())) };
}

/** A port nobody uses right now (the OS picks it, we let it go). */
export async function freePort(): Promise<number> {
  const held = await holdPort();
  await held.release();
  return held.port;
}
