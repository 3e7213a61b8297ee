/**
 * Enforces a resolved PeerAuthentication mode on a real listener on 127.0.0.1, the way an Istio inbound sidecar
 * does, and probes it with real clients. One port for every mode: like Envoy's TLS inspector, the listener peeks
 * at the first byte (0x16 = TLS handshake record) and hands the connection to the filter chain the mode has:
 *   STRICT      TLS chain only (client certificate required); plaintext matches no chain and is closed.
 *   PERMISSIVE  TLS chain (client certificate required) and plaintext chain.
 *   DISABLE     plaintext chain only; TLS bytes reach the plaintext HTTP app and fail as a protocol error.
 * Everything is bounded by timeouts and every socket is closed before the function returns.
 */
import http from 'node:http';
import https from 'node:https';
import net from 'node:net';
import type { TLSSocket } from 'node:tls';
import type { PemIdentity } from '../lab/pki.js';
import type { EffectiveMode } from './types.js';

/** What a client puts on the wire. */
export type Sends = 'plaintext' | 'mtls' | 'tls';
export type Outcome = 'accepted' | 'rejected';

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
  /** The client is a sidecar (Envoy), not a tool like curl: reasons then speak of upstream failures. */
  viaSidecar?: boolean;
}

export interface ProbeResult {
  id: string;
  label: string;
  sends: Sends;
  /** The SPIFFE ID the client presented, or null (plaintext, or TLS without a certificate). */
  clientIdentity: string | null;
  expected: Outcome;
  outcome: Outcome;
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

export interface EnforceOptions {
  mode: EffectiveMode;
  certs: MeshCerts;
  probes: readonly ProbeSpec[];
  /** Bound for each probe (connect + handshake + reply). Default 3000 ms. */
  probeTimeoutMs?: number;
}

export interface EnforceResult {
  listener: { address: string; port: number };
  probes: ProbeResult[];
}

/** What the model says should happen; the live run is compared with it. */
export function expectedOutcome(mode: EffectiveMode, sends: Sends): Outcome {
  if (sends === 'plaintext') return mode === 'STRICT' ? 'rejected' : 'accepted';
  if (sends === 'mtls') return mode === 'DISABLE' ? 'rejected' : 'accepted';
  return 'rejected'; // TLS without a client certificate: never accepted by a sidecar's inbound chains
}

interface Trace {
  events: string[];
  peer: string | null;
  transport: 'tls' | 'plaintext' | null;
  serverError: string | null;
}

const SPIFFE_URI = /URI:(spiffe:\/\/[^,\s]+)/;

function identityFromSan(san: string | undefined): string | null {
  return san ? (SPIFFE_URI.exec(san)?.[1] ?? null) : null;
}

export async function enforceAndProbe(options: EnforceOptions): Promise<EnforceResult> {
  const { mode, certs } = options;
  const probeTimeoutMs = options.probeTimeoutMs ?? 3000;
  const sockets = new Set<net.Socket>();
  // Probes run one after the other, so everything the server sees belongs to the current probe.
  let trace: Trace = newTrace();

  const app = (transport: 'tls' | 'plaintext') => (req: http.IncomingMessage, res: http.ServerResponse) => {
    const peer = transport === 'tls' ? identityFromSan((req.socket as TLSSocket).getPeerCertificate?.()?.subjectaltname) : null;
    trace.peer = peer;
    trace.transport = transport;
    trace.events.push(transport === 'tls' ? `mTLS chain: verified client ${peer ?? '(no SPIFFE ID)'}` : 'plaintext chain: request reached the app with no peer identity');
    req.resume();
    const body = JSON.stringify({ workload: certs.serverIdentity, transport, peer });
    const headers: http.OutgoingHttpHeaders = { 'content-type': 'application/json', connection: 'close' };
    // What Istio's sidecar hands the app as proof of the caller (X-Forwarded-Client-Cert).
    if (peer) headers['x-forwarded-client-cert'] = `By=${certs.serverIdentity};URI=${peer}`;
    res.writeHead(200, headers).end(body);
  };

  const plainChain = http.createServer(app('plaintext'));
  plainChain.on('clientError', (err: NodeJS.ErrnoException, socket) => {
    trace.serverError = err.code ?? err.message;
    trace.events.push(`plaintext chain: bytes are not HTTP (${err.code ?? err.message})`);
    if (socket.writable) socket.end('HTTP/1.1 400 Bad Request\r\nconnection: close\r\n\r\n');
    socket.destroy();
  });
  const tlsChain = https.createServer(
    {
      key: certs.server.key,
      cert: certs.server.cert,
      ca: [certs.root],
      requestCert: true,
      rejectUnauthorized: true,
      minVersion: 'TLSv1.2',
    },
    app('tls'),
  );
  tlsChain.on('tlsClientError', (err: NodeJS.ErrnoException, socket) => {
    trace.serverError = err.code ?? err.message;
    trace.events.push(`mTLS chain: handshake failed (${err.code ?? err.message})`);
    socket.destroy();
  });

  const inspector = net.createServer((sock) => {
    sockets.add(sock);
    sock.on('close', () => sockets.delete(sock));
    sock.on('error', () => {}); // resets are expected here; the chains report what matters
    sock.setTimeout(probeTimeoutMs, () => sock.destroy());
    sock.once('data', (first: Buffer) => {
      sock.pause();
      sock.unshift(first);
      const isTls = first[0] === 0x16;
      const byte = `0x${(first[0] ?? 0).toString(16).padStart(2, '0')}`;
      trace.events.push(`TLS inspector: first byte ${byte} → ${isTls ? 'TLS' : 'raw (plaintext)'}`);
      if (isTls && mode !== 'DISABLE') {
        tlsChain.emit('connection', sock);
      } else if (!isTls && mode === 'STRICT') {
        trace.serverError = 'NO_FILTER_CHAIN';
        trace.events.push('STRICT: no filter chain matches plaintext; connection closed');
        sock.destroy();
      } else {
        // DISABLE has only the plaintext chain, so TLS bytes land there too.
        plainChain.emit('connection', sock);
        sock.resume(); // without this the plaintext path hangs (the socket stays paused)
      }
    });
  });

  await new Promise<void>((resolve, reject) => {
    inspector.once('error', reject);
    inspector.listen(0, '127.0.0.1', () => resolve());
  });
  const port = (inspector.address() as net.AddressInfo).port;

  const results: ProbeResult[] = [];
  try {
    for (const probe of options.probes) {
      trace = newTrace();
      const client = await runClient(probe.sends, port, certs, probeTimeoutMs);
      // Let the server finish recording (its error events can trail the client's by a tick).
      await new Promise((r) => setTimeout(r, 5));
      results.push(describe(probe, mode, certs, client, trace));
    }
  } finally {
    for (const s of sockets) s.destroy();
    await new Promise<void>((resolve) => inspector.close(() => resolve()));
  }
  return { listener: { address: '127.0.0.1', port }, probes: results };
}

function newTrace(): Trace {
  return { events: [], peer: null, transport: null, serverError: null };
}

interface ClientResult {
  status: number | null;
  error: string | null;
  /** The server identity the client verified (mTLS/TLS), if the handshake completed. */
  serverPeer: string | null;
}

/** One request with the given transport; never throws, always settles within the timeout. */
function runClient(sends: Sends, port: number, certs: MeshCerts, timeoutMs: number): Promise<ClientResult> {
  return new Promise((resolve) => {
    let settled = false;
    let serverPeer: string | null = null;
    const finish = (r: Omit<ClientResult, 'serverPeer'>) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      req.destroy();
      resolve({ ...r, serverPeer });
    };
    const common = { host: '127.0.0.1', port, path: '/', agent: false as const, headers: { connection: 'close' } };
    const onResponse = (res: http.IncomingMessage) => {
      res.resume();
      res.on('end', () => finish({ status: res.statusCode ?? null, error: null }));
      res.on('error', (e: NodeJS.ErrnoException) => finish({ status: res.statusCode ?? null, error: e.code ?? e.message }));
    };
    const req =
      sends === 'plaintext'
        ? http.request(common, onResponse)
        : https.request(
            {
              ...common,
              servername: 'localhost',
              ca: [certs.root],
              ...(sends === 'mtls' ? { cert: certs.client.cert, key: certs.client.key } : {}),
            },
            onResponse,
          );
    req.on('socket', (s) => {
      s.on('secureConnect', () => {
        serverPeer = identityFromSan((s as TLSSocket).getPeerCertificate()?.subjectaltname);
      });
    });
    req.on('error', (e: NodeJS.ErrnoException) => finish({ status: null, error: errorCode(e) }));
    const timer = setTimeout(() => finish({ status: null, error: 'TIMEOUT' }), timeoutMs);
    req.end();
  });
}

/** The error code, plus OpenSSL's reason for a bare EPROTO ("wrong version number": the reply was not TLS). */
function errorCode(e: NodeJS.ErrnoException): string {
  const code = e.code ?? e.message;
  if (code !== 'EPROTO') return code;
  const reason = /SSL routines:[^:]*:([^\n]+?)(?::|$)/.exec(e.message)?.[1]?.trim();
  return reason ? `EPROTO (${reason})` : code;
}

function describe(probe: ProbeSpec, mode: EffectiveMode, certs: MeshCerts, client: ClientResult, trace: Trace): ProbeResult {
  const outcome: Outcome = client.status === 200 ? 'accepted' : 'rejected';
  const expected = expectedOutcome(mode, probe.sends);
  const serverSaw =
    outcome === 'accepted'
      ? trace.peer
        ? `mTLS from ${trace.peer}`
        : 'plaintext, no peer identity'
      : (trace.events.at(-1) ?? 'nothing (the connection never got a reply)');
  return {
    id: probe.id,
    label: probe.label,
    sends: probe.sends,
    clientIdentity: probe.sends === 'mtls' ? certs.clientIdentity : null,
    expected,
    outcome,
    asExpected: outcome === expected,
    reason: reasonFor(probe, mode, outcome, client, trace),
    serverSaw,
    serverIdentity: client.serverPeer,
    httpStatus: client.status,
    clientError: client.error,
    serverError: trace.serverError,
  };
}

function reasonFor(probe: ProbeSpec, mode: EffectiveMode, outcome: Outcome, client: ClientResult, trace: Trace): string {
  const sends = probe.sends;
  const who = probe.viaSidecar ? 'the client sidecar' : 'the client';
  const got = client.error ? `${who} got ${client.error}` : `${who} got HTTP ${client.status}`;
  if (outcome === 'accepted') {
    if (trace.transport === 'tls') {
      return `${mode}: the TLS inspector saw a handshake (0x16); the client certificate verified against the mesh root and the app saw ${trace.peer ?? 'no SPIFFE ID'}.`;
    }
    return mode === 'PERMISSIVE'
      ? 'PERMISSIVE: the first byte was not 0x16, so the plaintext chain took it; the app answered but saw no identity (AuthorizationPolicy principals can never match it).'
      : 'DISABLE: plaintext is all this sidecar accepts; the app answered with no peer identity.';
  }
  if (sends === 'plaintext') {
    const curl = probe.viaSidecar ? '' : ' (curl would exit with code 56)';
    return `STRICT: plaintext matches no filter chain, so the server sidecar closes the connection; ${got}${curl}.`;
  }
  if (mode === 'DISABLE') {
    return `DISABLE: the sidecar does not terminate TLS; the ClientHello reached the plaintext HTTP chain and failed as a protocol error (${trace.serverError ?? 'bad request'}); ${got}.`;
  }
  if (sends === 'tls') {
    return `${mode}: the mTLS chain requires a client certificate and none was sent (server: ${trace.serverError ?? 'handshake failed'}); ${got}.`;
  }
  return `${mode}: the mTLS handshake failed (server: ${trace.serverError ?? 'unknown'}); ${got}.`;
}
