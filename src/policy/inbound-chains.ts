/**
 * Which inbound filter chain an Istio sidecar picks for a connection, and what that chain does with it: the
 * filter-chain match options istiod generates per mode and port protocol (istio/istio
 * pilot/pkg/networking/core/filterchain_options.go, ALPN lists in listener.go), matched the way Envoy matches them
 * (transport protocol first — "tls" or "raw_buffer" as the TLS inspector saw it — then the first of the client's
 * ALPN values that some chain lists, else a chain that lists none). Checked against istiod's own simulation test
 * (sidecar_simulation_test.go TestInbound). Pure.
 */
import type { EffectiveMode } from './types.js';

/** Every ALPN value a sidecar's mTLS is known by: on an HTTP or TCP port, TLS offering one of these is terminated. */
export const ISTIO_ALPNS = ['istio', 'istio-peer-exchange', 'istio-http/1.0', 'istio-http/1.1', 'istio-h2'] as const;
/** On an auto-detected port: mTLS that the client's sidecar had detected as HTTP. */
export const MTLS_HTTP_ALPNS = ['istio-http/1.0', 'istio-http/1.1', 'istio-h2'] as const;
/** On an auto-detected port: mTLS carrying TCP the client's sidecar could not identify. */
export const MTLS_TCP_ALPNS = ['istio-peer-exchange', 'istio'] as const;
/** What Envoy's HTTP inspector reports for plaintext HTTP (HTTP/1.0 only with PILOT_HTTP10). */
export const PLAINTEXT_HTTP_ALPNS = ['http/1.1', 'h2c'] as const;

/** What a client sidecar offers for HTTP/1.1 over Istio mTLS (the outbound ALPN override: filters.go mtlsHTTP11ALPN). */
export const SIDECAR_HTTP11_ALPN = ['istio-http/1.1', 'istio', 'http/1.1'];
/** What curl offers for https:// (and most browsers): no Istio value. */
export const NON_MESH_HTTPS_ALPN = ['h2', 'http/1.1'];

/** How the Service declares the port: `http` (name http-*, appProtocol http), `tcp`, or `auto` (undeclared: sniffed). */
export const PORT_PROTOCOLS = ['auto', 'http', 'tcp'] as const;
export type PortProtocol = (typeof PORT_PROTOCOLS)[number];

export interface FilterChain {
  /** A short name for messages, e.g. "mTLS HTTP". */
  name: string;
  transport: 'tls' | 'raw_buffer';
  /** The ALPN values this chain matches; empty: any (a catch-all at this transport). */
  alpn: readonly string[];
  /** HTTP: Envoy's HTTP connection manager parses requests; TCP: bytes are proxied as they are. */
  protocol: 'http' | 'tcp';
  /** The sidecar terminates TLS here, requiring a client certificate from the mesh CA. */
  terminatesTls: boolean;
}

const chain = (name: string, transport: FilterChain['transport'], alpn: readonly string[], protocol: FilterChain['protocol'], terminatesTls = false): FilterChain => ({
  name,
  transport,
  alpn,
  protocol,
  terminatesTls,
});

/** The chains istiod builds for one inbound port (getFilterChainMatchOptions); DISABLE is the plaintext set. */
export function inboundChains(mode: EffectiveMode, portProtocol: PortProtocol): FilterChain[] {
  if (portProtocol === 'http') {
    if (mode === 'STRICT') return [chain('mTLS HTTP', 'tls', [], 'http', true)];
    if (mode === 'PERMISSIVE') return [chain('mTLS HTTP', 'tls', ISTIO_ALPNS, 'http', true), chain('plaintext HTTP', 'raw_buffer', [], 'http')];
    return [chain('plaintext HTTP', 'raw_buffer', [], 'http')];
  }
  if (portProtocol === 'tcp') {
    if (mode === 'STRICT') return [chain('mTLS TCP', 'tls', [], 'tcp', true)];
    if (mode === 'PERMISSIVE') {
      return [chain('mTLS TCP', 'tls', ISTIO_ALPNS, 'tcp', true), chain('TLS passthrough', 'tls', [], 'tcp'), chain('plaintext TCP', 'raw_buffer', [], 'tcp')];
    }
    return [chain('plaintext TCP', 'raw_buffer', [], 'tcp')];
  }
  if (mode === 'STRICT') return [chain('mTLS HTTP', 'tls', MTLS_HTTP_ALPNS, 'http', true), chain('mTLS TCP', 'tls', [], 'tcp', true)];
  if (mode === 'PERMISSIVE') {
    return [
      chain('mTLS HTTP', 'tls', MTLS_HTTP_ALPNS, 'http', true),
      chain('plaintext HTTP', 'raw_buffer', PLAINTEXT_HTTP_ALPNS, 'http'),
      chain('mTLS TCP', 'tls', MTLS_TCP_ALPNS, 'tcp', true),
      chain('plaintext TCP', 'raw_buffer', [], 'tcp'),
      chain('TLS passthrough', 'tls', [], 'tcp'),
    ];
  }
  return [chain('plaintext HTTP', 'raw_buffer', PLAINTEXT_HTTP_ALPNS, 'http'), chain('plaintext TCP', 'raw_buffer', [], 'tcp')];
}

/** A TLS inspector runs only where some chain matches on "tls"; without one every connection counts as raw_buffer. */
export function hasTlsInspector(mode: EffectiveMode): boolean {
  return mode !== 'DISABLE';
}

/** What arrives on the port, as the listener filters can see it. */
export interface Arrival {
  /** The first bytes are a TLS handshake. */
  tls: boolean;
  /** The ALPN values of the ClientHello, in the client's order (TLS only). */
  alpn: readonly string[];
  /** Plaintext that Envoy's HTTP inspector recognises as HTTP/1.1. */
  http: boolean;
}

export interface ChainMatch {
  chain: FilterChain | null;
  /** The ALPN value that chose the chain, or null (a catch-all chain, or none). */
  matchedAlpn: string | null;
  /** How the listener saw the connection: what the inspectors reported. */
  transport: 'tls' | 'raw_buffer';
  alpnSeen: readonly string[];
}

/** Envoy's match: exact transport protocol, then the client's ALPN values in order, then a chain with no ALPN. */
export function matchChain(chains: readonly FilterChain[], mode: EffectiveMode, arrival: Arrival): ChainMatch {
  const transport = arrival.tls && hasTlsInspector(mode) ? 'tls' : 'raw_buffer';
  // Without a TLS inspector the ALPN is never read; plaintext gets its ALPN from the HTTP inspector.
  const alpnSeen = transport === 'tls' ? arrival.alpn : arrival.tls ? [] : arrival.http ? ['http/1.1'] : [];
  const atTransport = chains.filter((c) => c.transport === transport);
  for (const value of alpnSeen) {
    const found = atTransport.find((c) => c.alpn.includes(value));
    if (found) return { chain: found, matchedAlpn: value, transport, alpnSeen };
  }
  return { chain: atTransport.find((c) => c.alpn.length === 0) ?? null, matchedAlpn: null, transport, alpnSeen };
}

/**
 * What happens to the connection:
 *   mtls            the sidecar terminates TLS; with a mesh client certificate the request reaches the app
 *   mtls-refused    the sidecar terminates TLS and refuses the handshake: no client certificate
 *   plaintext       the request reaches the app in plaintext, with no identity
 *   passthrough     TLS the sidecar does not terminate: the bytes reach the app unchanged
 *   protocol-error  TLS bytes on a plaintext HTTP chain: Envoy cannot parse them as HTTP
 *   no-filter-chain no chain matches: the connection is closed
 */
export type InboundResult = 'mtls' | 'mtls-refused' | 'plaintext' | 'passthrough' | 'protocol-error' | 'no-filter-chain';

export interface InboundPath extends ChainMatch {
  result: InboundResult;
  /** One sentence, for a learner. */
  why: string;
}

/** A client, as far as the inbound sidecar is concerned. */
export interface InboundClient extends Arrival {
  /** It presents a certificate the mesh CA issued. */
  clientCert: boolean;
}

export function inboundPath(mode: EffectiveMode, portProtocol: PortProtocol, client: InboundClient): InboundPath {
  const match = matchChain(inboundChains(mode, portProtocol), mode, client);
  const c = match.chain;
  const by = match.matchedAlpn ? ` (ALPN "${match.matchedAlpn}")` : match.transport === 'tls' && !match.alpnSeen.length && c ? ' (no ALPN: the catch-all TLS chain)' : '';
  const offered = match.alpnSeen.length ? `ALPN ${match.alpnSeen.join(', ')}` : 'no ALPN';
  if (!c) {
    const why =
      match.transport === 'raw_buffer'
        ? `${mode}: no filter chain takes plaintext on this port; the connection is closed`
        : `${mode} on a port declared ${portProtocol.toUpperCase()}: TLS with ${offered} matches no chain (only Istio's ALPN values are terminated, and an HTTP port has no passthrough chain); the connection is closed`;
    return { ...match, result: 'no-filter-chain', why };
  }
  if (c.terminatesTls) {
    return client.clientCert
      ? { ...match, result: 'mtls', why: `${mode}: the ${c.name} chain${by} terminates mTLS; the mesh certificate verifies and the request reaches the app with the caller's identity` }
      : { ...match, result: 'mtls-refused', why: `${mode}: the ${c.name} chain${by} terminates TLS and requires a client certificate; none was sent, so the handshake fails` };
  }
  if (client.tls) {
    if (c.protocol === 'http') {
      return { ...match, result: 'protocol-error', why: `${mode}: the TLS bytes land on the ${c.name} chain, which does not terminate TLS, and fail to parse as HTTP` };
    }
    const note = mode === 'DISABLE' ? 'DISABLE runs no TLS inspector, so TLS counts as raw bytes' : `TLS with ${offered} is not Istio mTLS`;
    return { ...match, result: 'passthrough', why: `${mode}: ${note}; the ${c.name} chain passes the bytes to the app unchanged (the sidecar does not terminate them)` };
  }
  if (c.protocol === 'http' && !client.http) {
    return { ...match, result: 'protocol-error', why: `${mode}: the ${c.name} chain expects HTTP and these bytes are not` };
  }
  return { ...match, result: 'plaintext', why: `${mode}: the ${c.name} chain${by} takes plaintext; the request reaches the app with no identity` };
}

/** The sidecar's decision, as a probe can observe it. */
export type InboundVerdict = 'accepted' | 'rejected' | 'passed-through';

export function verdictOf(result: InboundResult): InboundVerdict {
  if (result === 'mtls' || result === 'plaintext') return 'accepted';
  if (result === 'passthrough') return 'passed-through';
  return 'rejected';
}
