/**
 * Enforces a resolved mode on a real listener on 127.0.0.1 and sends each probe to it in turn; each probe's result
 * joins what its client got with what the listener reported for that connection. Every socket is closed before
 * this returns.
 */
import type { PortProtocol } from '../inbound-chains.js';
import type { EffectiveMode } from '../types.js';
import { startEnforcementListener } from './listener.js';
import { runClient } from './probe-client.js';
import { describeProbe } from './probe-outcome.js';
import type { ListenerConnection, LiveAuthz, LiveRequest, MeshCerts, ProbeResult, ProbeSpec } from './types.js';

export interface EnforceOptions {
  mode: EffectiveMode;
  /** How the workload port is declared (default auto: undeclared, sniffed). */
  portProtocol?: PortProtocol;
  certs: MeshCerts;
  probes: readonly ProbeSpec[];
  /** Bound for each probe (connect + handshake + reply). Default 3000 ms. */
  probeTimeoutMs?: number;
  /** Called on every listener event as it happens (tests hold the loop busy here to make a timeout certain). */
  onEvent?: (event: string) => void;
  /** The RBAC filter (AuthorizationPolicy), when there is one. */
  authorize?: (request: LiveRequest) => LiveAuthz;
}

export interface EnforceResult {
  listener: { address: string; port: number };
  probes: ProbeResult[];
}

const REPORT_WAIT_MS = 1000;

export async function enforceAndProbe(options: EnforceOptions): Promise<EnforceResult> {
  const { mode, certs } = options;
  const probeTimeoutMs = options.probeTimeoutMs ?? 3000;
  // What the listener reported, by the client's port: a stray connection cannot be mistaken for a probe's.
  const reports = new Map<string, ListenerConnection>();
  const waiters = new Map<string, (connection: ListenerConnection) => void>();
  const portProtocol = options.portProtocol ?? 'auto';
  const listener = await startEnforcementListener({
    mode,
    portProtocol,
    certs,
    timeoutMs: probeTimeoutMs,
    onConnection: (connection) => {
      reports.set(connection.remote, connection);
      waiters.get(connection.remote)?.(connection);
    },
    ...(options.onEvent ? { onEvent: options.onEvent } : {}),
    ...(options.authorize ? { authorize: options.authorize } : {}),
  });
  // The server reports a connection once it has closed, which follows the client's end within a few ms.
  const reportFor = (remote: string) =>
    new Promise<ListenerConnection | null>((resolve) => {
      const known = reports.get(remote);
      if (known) return resolve(known);
      // The report follows the client's end within a few ms; a floor keeps a tiny probe limit from missing it.
      const timer = setTimeout(() => {
        waiters.delete(remote);
        resolve(null);
      }, Math.max(probeTimeoutMs, REPORT_WAIT_MS));
      waiters.set(remote, (connection) => {
        clearTimeout(timer);
        waiters.delete(remote);
        resolve(connection);
      });
    });

  const results: ProbeResult[] = [];
  try {
    for (const probe of options.probes) {
      const client = await runClient(probe.sends, listener.port, certs, probeTimeoutMs, probe.alpn, probe.request);
      const seen = client.localPort === null ? null : await reportFor(`127.0.0.1:${client.localPort}`);
      results.push(describeProbe(probe, mode, portProtocol, certs, client, seen, probeTimeoutMs));
    }
  } finally {
    await listener.close();
  }
  return { listener: { address: listener.address, port: listener.port }, probes: results };
}
