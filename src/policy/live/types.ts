/** The shapes shared by the live enforcement: what a probe sends, what the listener saw, what a probe found. */
import type { PemIdentity } from '../../lab/pki.js';

/** What a client puts on the wire. */
export type Sends = 'plaintext' | 'mtls' | 'tls';
/**
 * What the server sidecar decided: let the request through to the app (accepted), refuse it (rejected), or hand
 * TLS it does not terminate to the app unchanged (passed-through).
 */
export type Verdict = 'accepted' | 'rejected' | 'passed-through';
/**
 * What a probe found: the server's verdict, or no verdict at all — the time limit passed (`timed-out`), or the
 * probe failed on this machine or was cut for another reason than the server's decision (`error`). Only a verdict
 * can confirm or refute a prediction.
 */
export type Outcome = Verdict | 'timed-out' | 'error';

export interface MeshCerts {
  /** The mesh root (trust anchor) PEM. */
  root: string;
  server: PemIdentity;
  serverIdentity: string;
  client: PemIdentity;
  clientIdentity: string;
}

export interface ProbeSpec {
  id: string;
  label: string;
  sends: Sends;
  /** The ALPN values the client offers in its ClientHello (TLS only), in its order. */
  alpn?: readonly string[];
  /** The client is a sidecar (Envoy), not a tool like curl: reasons then speak of upstream failures. */
  viaSidecar?: boolean;
  /** The HTTP request to send (default GET / with Host 127.0.0.1). */
  request?: HttpRequestSpec;
  /** The verdict to expect when it is not PeerAuthentication's alone (an AuthorizationPolicy decides too). */
  expect?: Verdict;
}

export interface HttpRequestSpec {
  method: string;
  path: string;
  /** The Host header. */
  host?: string;
  headers?: Record<string, string>;
}

/** What the RBAC filter sees of a live request. */
export interface LiveRequest {
  /** The verified peer's SPIFFE ID; null for plaintext. */
  principal: string | null;
  method: string;
  path: string;
  host: string;
  /** Names in lower case. */
  headers: Record<string, string>;
}

/** The RBAC decision for a live request (AuthorizationPolicy). */
export interface LiveAuthz {
  allowed: boolean;
  /** The deciding policy and rule, e.g. "foo/deny-all rule 0"; null when no policy decided (none applies). */
  decidedBy: string | null;
  why: string;
}

export interface ProbeResult {
  id: string;
  label: string;
  sends: Sends;
  /** The ALPN values offered (empty for plaintext or none). */
  alpn: string[];
  /** The filter chain the listener chose ("mTLS HTTP", "TLS passthrough"...), or null when none matched. */
  filterChain: string | null;
  /** What the RBAC filter decided, when AuthorizationPolicies were enforced and the request reached it. */
  rbac: LiveAuthz | null;
  /** The SPIFFE ID the client presented, or null (plaintext, or TLS without a certificate). */
  clientIdentity: string | null;
  expected: Verdict;
  outcome: Outcome;
  /** True only when the server gave the expected verdict; a timeout or an error is never as expected. */
  asExpected: boolean;
  /** One or two sentences: what happened and why, from both ends. */
  reason: string;
  /** What the server side recorded: the peer identity it saw, or the chain / error it hit. */
  serverSaw: string;
  /** The SPIFFE ID in the server's certificate as the client saw it (what Istio's secure naming checks), or null. */
  serverIdentity: string | null;
  /** The HTTP status the client received from the workload, when it got that far. */
  httpStatus: number | null;
  /** The error code the client got (ECONNRESET, ERR_SSL_TLSV13_ALERT_CERTIFICATE_REQUIRED...), or null. */
  clientError: string | null;
  serverError: string | null;
}

/** What the listener saw on one connection, reported once, when the connection has closed. */
export interface ListenerConnection {
  /** The client's address and port, e.g. 127.0.0.1:54321. */
  remote: string;
  /**
   * Where the connection went: the mTLS chain, the plaintext chain (the app), passthrough (TLS to the app unchanged),
   * or null when it ended before a chain was chosen (or matched none).
   */
  chain: 'tls' | 'plaintext' | 'passthrough' | null;
  /** The name of the filter chain Istio's match picked ("mTLS HTTP", "plaintext TCP", "TLS passthrough"...). */
  filterChain: string | null;
  /** The ALPN values the TLS inspector read from the ClientHello (null when it read none). */
  alpn: string[] | null;
  /** What the RBAC filter decided for the request on this connection, when AuthorizationPolicies are enforced. */
  rbac: LiveAuthz | null;
  /** accepted: the client got through the chain (mTLS verified, or a plaintext request reached the app). */
  verdict: Verdict;
  /** The SPIFFE ID of a verified mTLS client. */
  peer: string | null;
  /**
   * Why a rejected connection ended: NO_FILTER_CHAIN, NO_DATA_TIMEOUT, CLIENT_CLOSED, ERR_TLS_HANDSHAKE_TIMEOUT,
   * ECONNRESET, an OpenSSL code (ERR_SSL_...), an HTTP parser code (HPE_...) or REQUEST_TIMEOUT; null when accepted.
   */
  code: string | null;
  /** What happened, in order: the inspector's choice, then the chain's verdict. */
  events: string[];
  /** One sentence: what happened and why. */
  reason: string;
}

/** A connection still open: no verdict or reason yet. */
export type OpenConnection = Omit<ListenerConnection, 'verdict' | 'reason'> & { verdict: ListenerConnection['verdict'] | null; reason: string | null };

/** A connection as it arrives from `remote`: nothing decided, nothing read. */
export function openConnection(remote: string, chain: ListenerConnection['chain'] = null): OpenConnection {
  return { remote, chain, filterChain: null, alpn: null, rbac: null, verdict: null, peer: null, code: null, reason: null, events: [] };
}
