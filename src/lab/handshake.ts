/**
 * One real handshake on 127.0.0.1: a lab server (Node's or openssl's, see handshake-server.ts) on an ephemeral port,
 * one Node client, every event of both sides recorded in order. The outcome is whatever the TLS stacks did:
 * `accepted` only when the client received the server's greeting.
 */
import net from 'node:net';
import tls from 'node:tls';
import type { WireCapture } from '../wire/types.js';
import { startCaptureRelay, type CaptureRelay } from './capture-relay.js';
import { GREETING_PREFIX, type HandshakeServer, type ServerHooks } from './handshake-server.js';
import type { PemIdentity } from './pki.js';
import { alertFromCode, errorInfo, identityOf, meaningOf, summarizeCert } from './tls-facts.js';
import type { CertSummary, ErrorInfo, Offered, Outcome, Side, StepResult, TimelineEvent, TlsVersion } from './types.js';

export interface HandshakeSpec {
  label: string;
  expected: Outcome;
  tls: TlsVersion;
  /** The server's certificate (for reporting), and how to start the server that presents it. */
  server: { cert: PemIdentity; start(hooks: ServerHooks): Promise<HandshakeServer> };
  client: { cert?: PemIdentity; context: tls.SecureContext; servername: string; plaintext: boolean };
  /** What each side was set up to speak, reported with the result (the client's ALPN offer is sent from here). */
  offered: Offered;
  /** Upper bound for the whole step; the sockets are destroyed when it passes. */
  timeoutMs?: number;
  /** Called for each event as it happens (for a screen that shows the timeline live). */
  onEvent?: (event: TimelineEvent) => void;
  /**
   * Asks for the bytes on the wire: the client then connects through a recording relay (capture-relay.ts) and
   * both sides' key log lines are kept; the capture is handed over once the step is over. Absent: nothing extra.
   */
  capture?: (capture: WireCapture) => void;
}

const DISCONNECT_CODES = new Set(['ECONNRESET', 'EPIPE']);

export async function runHandshake(spec: HandshakeSpec): Promise<StepResult> {
  const start = performance.now();
  const elapsed = () => Math.round((performance.now() - start) * 10) / 10;
  const timeline: TimelineEvent[] = [];
  const note = (side: Side, event: string, detail?: string) => {
    const entry: TimelineEvent = { t: elapsed(), side, event };
    if (detail !== undefined) entry.detail = detail;
    timeline.push(entry);
    spec.onEvent?.(entry);
  };

  let clientError: ErrorInfo | null = null;
  let clientAuthorizationError: string | null = null;
  let seenByClient: CertSummary | null = null;
  let clientSawSecureConnect = false;
  let protocol: string | null = null;
  let received = '';

  const limitMs = spec.timeoutMs ?? 3000;
  let settle: () => void = () => {};
  const settled = new Promise<void>((resolve) => (settle = resolve));
  let clientClosed = false;
  let server: HandshakeServer | undefined;
  const checkSettled = () => {
    // Late server errors follow the raw socket's close; let them land first.
    if (clientClosed && server?.idle()) setImmediate(settle);
  };
  let relay: CaptureRelay | undefined;
  const keylog = spec.capture ? { keylog: (line: Buffer) => relay?.keylog(line) } : {};
  server = await spec.server.start({ note, onChange: checkSettled, handshakeTimeoutMs: limitMs, ...keylog });
  if (spec.capture) relay = await startCaptureRelay(server.port, elapsed);
  const port = relay?.port ?? server.port;

  let client: net.Socket;
  if (spec.client.plaintext) {
    client = net.connect({ host: '127.0.0.1', port });
    client.on('connect', () => {
      note('client', 'tcp connect');
      client.write('GET / HTTP/1.1\r\nHost: localhost\r\n\r\n');
      note('client', 'sent', 'GET / HTTP/1.1 (plain text)');
    });
  } else {
    const tlsClient = tls.connect({
      host: '127.0.0.1',
      port,
      servername: spec.client.servername,
      secureContext: spec.client.context,
      rejectUnauthorized: true,
      ...(spec.offered.client.alpn ? { ALPNProtocols: spec.offered.client.alpn } : {}),
    });
    client = tlsClient;
    if (relay) tlsClient.on('keylog', relay.keylog);
    client.on('connect', () => note('client', 'tcp connect'));
    tlsClient.on('secureConnect', () => {
      clientSawSecureConnect = true;
      protocol = tlsClient.getProtocol();
      seenByClient = summarizeCert(tlsClient.getPeerX509Certificate());
      const alpn = tlsClient.alpnProtocol ? `, ALPN ${tlsClient.alpnProtocol}` : '';
      note('client', 'secureConnect', `${protocol ?? 'TLS'}${alpn}, server verified: ${seenByClient?.subject ?? '?'}`);
    });
  }
  client.on('data', (chunk: Buffer) => {
    received += chunk.toString('utf8');
    note('client', 'data', JSON.stringify(chunk.toString('utf8').trim().slice(0, 80)));
    // The greeting line is all the client waits for: it closes then, whether or not the server does (s_server
    // would close at the end of its stdin, but was seen waiting after a TLS 1.3 greeting).
    if (received.startsWith(GREETING_PREFIX) && received.includes('\n')) client.end();
  });
  client.on('end', () => note('client', 'end', received ? undefined : 'closed by the server, 0 bytes received'));
  client.on('error', (error) => {
    clientError = errorInfo(error);
    const verdict = (client as tls.TLSSocket).authorizationError;
    if (verdict) clientAuthorizationError = String(verdict);
    note('client', 'error', clientError.code);
  });
  client.on('close', () => {
    note('client', 'close');
    clientClosed = true;
    checkSettled();
  });

  let stepTimerFired = false;
  const timer = setTimeout(() => {
    stepTimerFired = true;
    note('client', 'timeout', `no verdict after ${limitMs} ms`);
    client.destroy();
    server.abort();
    relay?.abort();
  }, limitMs);
  await settled;
  clearTimeout(timer);
  await server.close();
  if (relay) {
    await relay.close();
    spec.capture?.(relay.capture);
  }
  const { serverError, authorizationError } = server.facts;
  let { seenByServer } = server.facts;

  const outcome: Outcome = received.startsWith(GREETING_PREFIX) ? 'accepted' : 'rejected';
  // A cert refused by its verifier was presented even though the socket can no longer show it.
  if (clientAuthorizationError && !seenByClient) seenByClient = summarizeCert(spec.server.cert.cert);
  if ((authorizationError || outcome === 'accepted') && !seenByServer && spec.client.cert) seenByServer = summarizeCert(spec.client.cert.cert);
  const alert =
    alertFromCode((clientError as ErrorInfo | null)?.code, 'client') ??
    alertFromCode(serverError?.code, 'server');

  // The server's handshake timeout is the step's limit too: either way the stack never gave a verdict, which must
  // not pass for a rejection that was predicted.
  const timedOut =
    outcome === 'rejected' &&
    !clientAuthorizationError &&
    !authorizationError &&
    (stepTimerFired || serverError?.code === 'ERR_TLS_HANDSHAKE_TIMEOUT');
  const rejectedBy = timedOut ? null : whoRejected(outcome, clientAuthorizationError, authorizationError, serverError, alert?.sentBy ?? null);
  return {
    label: spec.label,
    outcome,
    expected: spec.expected,
    asExpected: !timedOut && outcome === spec.expected,
    timedOut,
    rejectedBy,
    clientError,
    serverError,
    authorizationError,
    clientAuthorizationError,
    alert,
    clientSawSecureConnect,
    reason: timedOut
      ? `no verdict within the ${limitMs} ms time limit: the lab stopped the handshake, so this run says nothing about the certificates (a very busy machine?)`
      : describeReason(outcome, rejectedBy, { clientAuthorizationError, authorizationError, serverError, clientError, seenByServer }),
    protocol,
    peerCertificate: { seenByClient, seenByServer },
    timeline,
    durationMs: Math.round((performance.now() - start) * 10) / 10,
    offered: spec.offered,
  };
}

function whoRejected(
  outcome: Outcome,
  clientVerdict: string | null,
  serverVerdict: string | null,
  serverError: ErrorInfo | null,
  alertSender: Side | null,
): Side | null {
  if (outcome === 'accepted') return null;
  if (clientVerdict) return 'client';
  if (serverVerdict) return 'server';
  if (serverError && !DISCONNECT_CODES.has(serverError.code)) return 'server';
  return alertSender;
}

function describeReason(
  outcome: Outcome,
  rejectedBy: Side | null,
  facts: {
    clientAuthorizationError: string | null;
    authorizationError: string | null;
    serverError: ErrorInfo | null;
    clientError: ErrorInfo | null;
    seenByServer: CertSummary | null;
  },
): string {
  if (outcome === 'accepted') return `both certificates verified; the server sees ${identityOf(facts.seenByServer) ?? 'the client'}`;
  if (rejectedBy === 'client' && facts.clientAuthorizationError)
    return `the client refused the server certificate: ${meaningOf(facts.clientAuthorizationError)}`;
  if (rejectedBy === 'server') {
    const code = facts.authorizationError ?? facts.serverError?.code ?? facts.clientError?.code;
    return `the server refused the client: ${code ? meaningOf(code) : 'connection closed'}`;
  }
  const code = facts.clientError?.code ?? facts.serverError?.code;
  return code ? `the connection failed: ${meaningOf(code)}` : 'the connection closed without an application reply';
}
