/**
 * What a probe found and why, in words: the verdict the mode predicts, the verdict the server gave (or that it gave
 * none), and the reason text that explains both ends. Pure.
 */
import { inboundPath, verdictOf, type InboundPath, type PortProtocol } from '../inbound-chains.js';
import type { EffectiveMode } from '../types.js';
import type { ClientResult } from './probe-client.js';
import type { ListenerConnection, MeshCerts, Outcome, ProbeResult, ProbeSpec, Verdict } from './types.js';

/** The path the inbound chain model predicts for a probe's client (every probe speaks HTTP/1.1). */
export function predictedPath(mode: EffectiveMode, portProtocol: PortProtocol, probe: Pick<ProbeSpec, 'sends' | 'alpn'>): InboundPath {
  return inboundPath(mode, portProtocol, { tls: probe.sends !== 'plaintext', alpn: probe.alpn ?? [], http: true, clientCert: probe.sends === 'mtls' });
}

/** What the model says the server sidecar decides; the live run is compared with it. */
export function expectedOutcome(mode: EffectiveMode, portProtocol: PortProtocol, probe: Pick<ProbeSpec, 'sends' | 'alpn'>): Verdict {
  return verdictOf(predictedPath(mode, portProtocol, probe).result);
}

/** Listener codes that mean the lab's own time limit ended the connection, not a filter chain. */
const TIME_LIMIT_CODES = new Set(['NO_DATA_TIMEOUT', 'CLIENT_HELLO_TIMEOUT', 'ERR_TLS_HANDSHAKE_TIMEOUT', 'REQUEST_TIMEOUT']);
/** Listener codes that mean the client ended the connection: the server decided nothing. */
const CLIENT_ENDED_CODES = new Set(['CLIENT_CLOSED', 'ECONNRESET']);

/**
 * What the probe found. A verdict needs the server to have decided: a 200 from the app (accepted), or a refusal
 * the listener made itself (no filter chain, a failed handshake, a 4xx). Anything else — the client's limit, the
 * listener's limit, a local failure, a connection cut with no decision on record — is no verdict.
 */
export function outcomeOf(client: Pick<ClientResult, 'status' | 'error'>, seen: Pick<ListenerConnection, 'verdict' | 'code'> | null): Outcome {
  if (client.error === 'TIMEOUT') return 'timed-out';
  // Passed through: the sidecar decided, whatever the app then made of the bytes.
  if (seen?.verdict === 'passed-through') return 'passed-through';
  if (client.status === 200) return 'accepted';
  if (seen?.code && TIME_LIMIT_CODES.has(seen.code)) return 'timed-out';
  if (client.status !== null && client.status >= 400) return 'rejected';
  if (seen?.verdict === 'rejected' && seen.code !== null && !CLIENT_ENDED_CODES.has(seen.code)) return 'rejected';
  return 'error';
}

/** The probe's result, from what its client got and what the listener reported for its connection. */
export function describeProbe(
  probe: ProbeSpec,
  mode: EffectiveMode,
  portProtocol: PortProtocol,
  certs: MeshCerts,
  client: ClientResult,
  seen: ListenerConnection | null,
  timeoutMs: number,
): ProbeResult {
  const outcome = outcomeOf(client, seen);
  const expected = probe.expect ?? expectedOutcome(mode, portProtocol, probe);
  const serverSaw =
    outcome === 'accepted'
      ? seen?.peer
        ? `mTLS from ${seen.peer}`
        : 'plaintext, no peer identity'
      : (seen?.events.at(-1) ?? 'nothing (the connection never got a reply)');
  return {
    id: probe.id,
    label: probe.label,
    sends: probe.sends,
    alpn: [...(probe.alpn ?? [])],
    filterChain: seen?.filterChain ?? null,
    rbac: seen?.rbac ?? null,
    clientIdentity: probe.sends === 'mtls' ? certs.clientIdentity : null,
    expected,
    outcome,
    asExpected: outcome === expected,
    reason: reasonFor(probe, mode, outcome, client, seen, timeoutMs),
    serverSaw,
    serverIdentity: client.serverPeer,
    httpStatus: client.status,
    clientError: client.error,
    serverError: seen?.code ?? null,
  };
}

function reasonFor(probe: ProbeSpec, mode: EffectiveMode, outcome: Outcome, client: ClientResult, seen: ListenerConnection | null, timeoutMs: number): string {
  const sends = probe.sends;
  const who = probe.viaSidecar ? 'the client sidecar' : 'the client';
  const got = client.error ? `${who} got ${client.error}` : `${who} got HTTP ${client.status}`;
  const last = seen?.events.at(-1);
  const chain = seen?.filterChain ? `the ${seen.filterChain} chain` : 'the chain';
  if (outcome === 'timed-out') {
    return `No verdict: the ${timeoutMs} ms time limit passed before ${who} saw a decision (${last ? `the listener's last event: ${last}` : 'the listener saw nothing'}); this confirms nothing about ${mode}. Run it again.`;
  }
  if (outcome === 'error') {
    return `No verdict: the probe failed without a decision from the server (${got}${seen?.code ? `; server: ${seen.code}` : ''}); this confirms nothing about ${mode}. Run it again.`;
  }
  if (seen?.rbac && !seen.rbac.allowed) {
    return `${mode}: the connection got in${seen.peer ? ` as ${seen.peer}` : ' with no peer identity'}, then the RBAC filter denied the request (${seen.rbac.why}); ${got}${client.status === 403 ? ' "RBAC: access denied"' : ''}.`;
  }
  if (outcome === 'passed-through') {
    const app = seen?.code?.startsWith('HPE_') ? ` The app speaks plain HTTP, so it answered the ClientHello with 400 and ${got}${probe.viaSidecar ? '' : ' (curl would exit with code 35)'}.` : ` ${got}.`;
    return `${seen?.reason ?? `${mode}: passed to the app unchanged`}.${app}`;
  }
  if (outcome === 'accepted') {
    const rbac = seen?.rbac ? ` The RBAC filter allowed it (${seen.rbac.why}).` : '';
    if (seen?.chain === 'tls') {
      const alpn = seen.alpn?.length ? `a ClientHello with ALPN ${seen.alpn.join(', ')}` : 'a TLS handshake (0x16)';
      return `${mode}: the TLS inspector saw ${alpn}; ${chain} terminated mTLS, the client certificate verified against the mesh root and the app saw ${seen.peer ?? 'no SPIFFE ID'}.${rbac}`;
    }
    if (rbac) return `${mode}: ${chain} took the plaintext request, with no peer identity.${rbac}`;
    return mode === 'PERMISSIVE'
      ? `PERMISSIVE: the first byte was not 0x16, so ${chain} took it; the app answered but saw no identity (AuthorizationPolicy principals can never match it).`
      : 'DISABLE: plaintext is all this sidecar accepts; the app answered with no peer identity.';
  }
  if (seen?.code === 'NO_FILTER_CHAIN') {
    if (sends === 'plaintext') {
      const curl = probe.viaSidecar ? '' : ' (curl would exit with code 56)';
      return `STRICT: plaintext matches no filter chain, so the server sidecar closes the connection; ${got}${curl}.`;
    }
    return `${seen.reason}; ${got}.`;
  }
  if (mode === 'DISABLE') {
    return `DISABLE: the sidecar does not terminate TLS; the ClientHello reached the plaintext HTTP chain and failed as a protocol error (${seen?.code ?? 'bad request'}); ${got}.`;
  }
  if (sends === 'tls') {
    return `${mode}: ${chain} terminates TLS and requires a client certificate; none was sent (server: ${seen?.code ?? 'handshake failed'}); ${got}.`;
  }
  return `${mode}: the mTLS handshake failed (server: ${seen?.code ?? 'unknown'}); ${got}.`;
}
