/**
 * Shapes of lab results. Type-only and dependency-free so screens and lesson checks can import them cheaply.
 * The JSON printed by `mtls-tutor lab run --json` is `{ scenarios: ScenarioResult[] }`.
 */

import type { WireMessage } from '../wire/types.js';

export type Outcome = 'accepted' | 'rejected';
export type Side = 'client' | 'server';
export type TlsVersion = '1.2' | '1.3';

/** Who plays the server: Node's `tls` (verifies the client cert after the handshake) or `openssl s_server`. */
export type ServerKind = 'node' | 'openssl';

export interface ErrorInfo {
  code: string;
  message: string;
}

/** A TLS alert seen on the wire (as reported by the side that received it). */
export interface AlertInfo {
  name: string;
  number: number;
  /** The side that sent the alert. */
  sentBy: Side;
}

/** The parts of a certificate a learner needs, as one side saw the other's. */
export interface CertSummary {
  subject: string;
  issuer: string;
  /** e.g. ['DNS:localhost', 'IP Address:127.0.0.1'] or ['URI:spiffe://cluster.local/ns/shop/sa/orders'] */
  subjectAltNames: string[];
  validFrom: string;
  validTo: string;
  fingerprint256: string;
}

/** One thing one side saw, `t` ms after the step started. */
export interface TimelineEvent {
  t: number;
  side: Side;
  /** Short machine-friendly name: 'tcp connect', 'secureConnect', 'data', 'error', 'tlsClientError', 'close'... */
  event: string;
  /** Human detail: an error code, the negotiated protocol, the first bytes received... */
  detail?: string;
}

/** What each side of a step was set up to speak. */
export interface Offered {
  /** The TLS version the client allowed, or null when it spoke plain text (no TLS at all); the ALPN protocols it offered. */
  client: { tls: TlsVersion | null; alpn: string[] | null };
  /** The TLS version the server allowed; the ALPN protocols it accepts (null: it does not use ALPN). */
  server: { tls: TlsVersion; alpn: string[] | null };
}

/** What happened in one handshake (a scenario has one step, or several like ca-rotation). */
export interface StepResult {
  label: string;
  outcome: Outcome;
  expected: Outcome;
  /** False when the step timed out: no verdict is not the predicted rejection. */
  asExpected: boolean;
  /** The step's time limit passed before the TLS stack gave a verdict (outcome is then 'rejected', rejectedBy null). */
  timedOut: boolean;
  rejectedBy: Side | null;
  clientError: ErrorInfo | null;
  serverError: ErrorInfo | null;
  /** The server's verdict on the client certificate (Node's `authorizationError`), when a cert was presented. */
  authorizationError: string | null;
  /** The client's verdict on the server certificate when it refused it (e.g. CERT_HAS_EXPIRED). */
  clientAuthorizationError: string | null;
  alert: AlertInfo | null;
  /** Whether the client's handshake completed before the rejection (true for TLS 1.3 client-cert rejections). */
  clientSawSecureConnect: boolean;
  /** Plain-language reason for the outcome, derived from the codes above. */
  reason: string;
  /** The negotiated protocol when the handshake got that far, e.g. 'TLSv1.3'. */
  protocol: string | null;
  peerCertificate: {
    /** The server certificate as the client saw it. */
    seenByClient: CertSummary | null;
    /** The client certificate as the server saw it (for a cert the server refused: the one the client sent). */
    seenByServer: CertSummary | null;
  };
  timeline: TimelineEvent[];
  durationMs: number;
  /** What each side was set up to speak (TLS versions, plain text, ALPN). */
  offered: Offered;
  /**
   * The handshake's records and messages as captured and decoded (src/wire), in time order: only with
   * `lab run --wire` (or --pcap/--keylog). On a multi-step scenario each step has its own and the top level
   * repeats the last step's, as for every other field.
   */
  wire?: WireMessage[];
}

export interface ScenarioResult extends StepResult {
  id: string;
  title: string;
  /** The TLS version the run pinned both sides to (a scenario may set a side otherwise: see `offered`). */
  tls: TlsVersion;
  server: ServerKind;
  /** What the client presents, in words. */
  presents: string;
  explanation: string;
  fix: string;
  /**
   * The scenario by hand, inside a folder from `lab export`: start `server`, then run the clients. `note` says why
   * they look so and what they print (or null).
   */
  commands: { openssl: string; curl: string; server: string; note: string | null };
  /** Present for multi-step scenarios (ca-rotation); the top-level fields then describe the last step. */
  steps?: StepResult[];
}

/** What was spoken on the wire, in words: "TLS 1.3", "plain text to a TLS 1.3 server", "client TLS 1.2, server TLS 1.3". */
export function connectionLabel(step: Pick<StepResult, 'offered'>): string {
  const { client, server } = step.offered;
  if (client.tls === null) return `plain text to a TLS ${server.tls} server`;
  if (client.tls !== server.tls) return `client TLS ${client.tls}, server TLS ${server.tls}`;
  return `TLS ${server.tls}`;
}

/** Every handshake a scenario ran: its steps, or the one handshake that is the whole result. */
export const stepsOf = (result: ScenarioResult): StepResult[] => result.steps ?? [result];
