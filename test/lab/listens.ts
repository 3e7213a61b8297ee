/**
 * Records every listen() our code makes while a test runs (net, http, https and tls servers all listen through
 * net.Server.prototype.listen): the port it asked for and the address it really got.
 */
import net from 'node:net';
import { vi } from 'vitest';

export interface Listen {
  /** The port asked for (0 = any free one). */
  requestedPort: number | string | undefined;
  requestedHost: string | undefined;
  /** What server.address() said once listening; null if it never listened. */
  bound: net.AddressInfo | null;
}

function requested(args: unknown[]): Pick<Listen, 'requestedPort' | 'requestedHost'> {
  const [first, second] = args;
  if (first !== null && typeof first === 'object') {
    const options = first as { port?: number | string; host?: string };
    return { requestedPort: options.port, requestedHost: options.host };
  }
  return { requestedPort: first as number | string | undefined, requestedHost: typeof second === 'string' ? second : undefined };
}

/** Starts recording; call `stop()` (also in a finally) to put listen back. */
export function recordListens(): { listens: Listen[]; stop: () => void } {
  const listens: Listen[] = [];
  const original = net.Server.prototype.listen;
  const spy = vi.spyOn(net.Server.prototype, 'listen').mockImplementation(function (this: net.Server, ...args: unknown[]) {
    const entry: Listen = { ...requested(args), bound: null };
    listens.push(entry);
    this.once('listening', () => {
      const address = this.address();
      entry.bound = address !== null && typeof address === 'object' ? address : null;
    });
    return (original as (...a: unknown[]) => net.Server).apply(this, args);
  });
  return { listens, stop: () => spy.mockRestore() };
}

/** The listens in a form that reads well in a failed assertion. */
export function describeListens(listens: Listen[]): string[] {
  return listens.map((l) => `asked ${l.requestedHost ?? '(no host)'}:${l.requestedPort} → bound ${l.bound ? `${l.bound.address}:${l.bound.port} (${l.bound.family})` : 'nothing'}`);
}
