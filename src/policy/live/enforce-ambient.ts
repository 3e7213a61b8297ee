/**
 * The ambient live run: a stand-in ztunnel on 127.0.0.1 (ztunnel.ts) and three callers — plaintext to the pod
 * port, HBONE with a mesh certificate (as a caller's ztunnel sends), and HBONE without one. Each result joins what
 * the client got with what ztunnel reported; a timeout or a local failure is no verdict (probe-outcome.ts).
 */
import { runHboneClient } from './hbone-client.js';
import { runClient, type ClientResult } from './probe-client.js';
import { outcomeOf } from './probe-outcome.js';
import type { ListenerConnection, LiveAuthz, MeshCerts, Outcome, ProbeResult, Verdict } from './types.js';
import { startZtunnel } from './ztunnel.js';

export interface AmbientEnforceOptions {
  certs: MeshCerts;
  podPort: number;
  authorize: (conn: { principal: string | null; port: number }) => LiveAuthz;
  /** What the model predicts for plaintext (HBONE with a certificate is always expected in, without one refused). */
  expectPlaintext: Verdict;
  probeTimeoutMs?: number;
  onEvent?: (event: string) => void;
}

export interface AmbientEnforceResult {
  listener: { address: string; port: number; hbonePort: number };
  probes: ProbeResult[];
}

const REPORT_WAIT_MS = 1000;

export async function enforceAmbient(options: AmbientEnforceOptions): Promise<AmbientEnforceResult> {
  const { certs, podPort } = options;
  const timeoutMs = options.probeTimeoutMs ?? 3000;
  const reports = new Map<string, ListenerConnection>();
  const waiters = new Map<string, (c: ListenerConnection) => void>();
  const z = await startZtunnel({
    certs,
    podPort,
    authorize: options.authorize,
    timeoutMs,
    onConnection: (c) => {
      reports.set(c.remote, c);
      waiters.get(c.remote)?.(c);
    },
    ...(options.onEvent ? { onEvent: options.onEvent } : {}),
  });
  const reportFor = (localPort: number | null) =>
    new Promise<ListenerConnection | null>((resolve) => {
      if (localPort === null) return resolve(null);
      const remote = `127.0.0.1:${localPort}`;
      const known = reports.get(remote);
      if (known) return resolve(known);
      const timer = setTimeout(() => {
        waiters.delete(remote);
        resolve(null);
      }, Math.max(timeoutMs, REPORT_WAIT_MS));
      waiters.set(remote, (c) => {
        clearTimeout(timer);
        waiters.delete(remote);
        resolve(c);
      });
    });

  const probes: ProbeResult[] = [];
  try {
    const plain = await runClient('plaintext', z.plaintextPort, certs, timeoutMs);
    probes.push(result('plaintext', 'plaintext client to the pod port (no ztunnel of its own)', 'plaintext', [], null, options.expectPlaintext, plain, await reportFor(plain.localPort), podPort, timeoutMs));
    const hbone = await runHboneClient(z.hbonePort, certs, podPort, timeoutMs);
    probes.push(result('hbone', 'HBONE from a mesh peer (mTLS + HTTP/2 CONNECT), as its ztunnel sends', 'mtls', ['h2'], certs.clientIdentity, 'accepted', hbone, await reportFor(hbone.localPort), podPort, timeoutMs));
    const noCert = await runHboneClient(z.hbonePort, certs, podPort, timeoutMs, false);
    probes.push(result('hbone-no-cert', 'TLS to the HBONE port without a certificate', 'tls', ['h2'], null, 'rejected', noCert, await reportFor(noCert.localPort), podPort, timeoutMs));
  } finally {
    await z.close();
  }
  return { listener: { address: z.address, port: z.plaintextPort, hbonePort: z.hbonePort }, probes };
}

function result(
  id: string,
  label: string,
  sends: ProbeResult['sends'],
  alpn: string[],
  clientIdentity: string | null,
  expected: Verdict,
  client: ClientResult,
  seen: ListenerConnection | null,
  port: number,
  timeoutMs: number,
): ProbeResult {
  const outcome = outcomeOf(client, seen);
  return {
    id,
    label,
    sends,
    alpn,
    filterChain: seen?.filterChain ?? null,
    rbac: seen?.rbac ?? null,
    clientIdentity,
    expected,
    outcome,
    asExpected: outcome === expected,
    reason: reasonFor(id, outcome, client, seen, port, timeoutMs),
    serverSaw: outcome === 'accepted' ? (seen?.peer ? `HBONE from ${seen.peer}` : 'plaintext, no peer identity') : (seen?.events.at(-1) ?? 'nothing'),
    serverIdentity: client.serverPeer,
    httpStatus: client.status,
    clientError: client.error,
    serverError: seen?.code ?? null,
  };
}

function reasonFor(id: string, outcome: Outcome, client: ClientResult, seen: ListenerConnection | null, port: number, timeoutMs: number): string {
  const got = client.error ? `the client got ${client.error}` : `the client got HTTP ${client.status}`;
  if (outcome === 'timed-out') return `No verdict: the ${timeoutMs} ms time limit passed before the client saw a decision; this confirms nothing. Run it again.`;
  if (outcome === 'error') return `No verdict: the probe failed without a decision from ztunnel (${got}); this confirms nothing. Run it again.`;
  if (id === 'plaintext') {
    return outcome === 'accepted'
      ? `ambient: ztunnel took plaintext to port ${port} with no peer identity; no DENY policy matched, so it reached the app.`
      : `ambient: plaintext carries no peer identity; ${seen?.rbac?.why ?? 'a DENY matched'}, so ztunnel closed the connection; ${got}.`;
  }
  if (id === 'hbone') {
    return outcome === 'accepted'
      ? `ambient: ztunnel verified the mTLS certificate (${seen?.peer ?? 'a mesh identity'}), allowed the CONNECT to port ${port}, and the tunnelled request reached the app (${got}).`
      : `ambient: the HBONE CONNECT to port ${port} was refused (${seen?.rbac?.why ?? seen?.code ?? 'denied'}); ${got}.`;
  }
  return outcome === 'rejected'
    ? `ambient: HBONE is mTLS only; without a client certificate the handshake fails (ztunnel: ${seen?.code ?? 'refused'}); ${got}.`
    : `ambient: ${got}.`;
}
