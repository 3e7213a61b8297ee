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
import { listenOnLoopback, remoteOf, tcpSocketOf } from '../lab/tcp-socket.js';
import { cutShortMeaning, HANG_UP, meaningOf } from '../lab/tls-facts.js';
import type { EffectiveMode } from './types.js';

/** What a client puts on the wire. */
export type Sends = 'plaintext' | 'mtls' | 'tls';
/** What the server decided. */
export type Verdict = 'accepted' | 'rejected';
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
  /** The client is a sidecar (Envoy), not a tool like curl: reasons then speak of upstream failures. */
  viaSidecar?: boolean;
}

export interface ProbeResult {
  id: string;
  label: string;
  sends: Sends;
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

export interface EnforceOptions {
  mode: EffectiveMode;
  certs: MeshCerts;
  probes: readonly ProbeSpec[];
  /** Bound for each probe (connect + handshake + reply). Default 3000 ms. */
  probeTimeoutMs?: number;
  /** Called on every listener event as it happens (tests hold the loop busy here to make a timeout certain). */
  onEvent?: (event: string) => void;
}

export interface EnforceResult {
  listener: { address: string; port: number };
  probes: ProbeResult[];
}

/** What the model says should happen; the live run is compared with it. */
export function expectedOutcome(mode: EffectiveMode, sends: Sends): Verdict {
  if (sends === 'plaintext') return mode === 'STRICT' ? 'rejected' : 'accepted';
  if (sends === 'mtls') return mode === 'DISABLE' ? 'rejected' : 'accepted';
  return 'rejected'; // TLS without a client certificate: never accepted by a sidecar's inbound chains
}

const SPIFFE_URI = /URI:(spiffe:\/\/[^,\s]+)/;

function identityFromSan(san: string | undefined): string | null {
  return san ? (SPIFFE_URI.exec(san)?.[1] ?? null) : null;
}

/** What the listener saw on one connection, reported once, when the connection has closed. */
export interface ListenerConnection {
  /** The client's address and port, e.g. 127.0.0.1:54321. */
  remote: string;
  /** The filter chain the first byte chose, or null when the connection ended before a first byte (or matched none). */
  chain: 'tls' | 'plaintext' | null;
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

export interface EnforcementListenerOptions {
  mode: EffectiveMode;
  certs: MeshCerts;
  /** Longest a connection may live, first byte and handshake included (default 3000 ms). */
  timeoutMs?: number;
  onConnection?: (connection: ListenerConnection) => void;
  /** Called on every event as it is recorded. */
  onEvent?: (event: string) => void;
}

export interface EnforcementListener {
  address: '127.0.0.1';
  port: number;
  /** Stops listening and cuts every open connection. */
  close(): Promise<void>;
}

/** A connection while it is open: no verdict or reason yet. */
type Connection = Omit<ListenerConnection, 'verdict' | 'reason'> & { verdict: Verdict | null; reason: string | null };

/**
 * Listens on 127.0.0.1 (ephemeral port) and enforces `mode` on every connection: the TLS inspector picks a chain
 * by the first byte, the chain accepts or rejects. Each connection is bounded by `timeoutMs` and reported once.
 */
export async function startEnforcementListener(options: EnforcementListenerOptions): Promise<EnforcementListener> {
  const { mode, certs } = options;
  const timeoutMs = options.timeoutMs ?? 3000;
  const onConnection = options.onConnection ?? (() => {});
  const onEvent = options.onEvent ?? (() => {});
  const record = (connection: Connection, event: string) => {
    connection.events.push(event);
    onEvent(event);
  };
  // Keyed by the TCP socket: the TLS chain's sockets are found through it (see tcpSocketOf).
  const connections = new Map<net.Socket, Connection>();
  const connectionOf = (socket: net.Socket) => connections.get(tcpSocketOf(socket));
  const reject = (connection: Connection | undefined, code: string, event: string, reason: string) => {
    if (!connection || connection.verdict) return;
    Object.assign(connection, { verdict: 'rejected', code, reason });
    record(connection, event);
  };

  const app = (transport: 'tls' | 'plaintext') => (req: http.IncomingMessage, res: http.ServerResponse) => {
    const connection = connectionOf(req.socket);
    const peer = transport === 'tls' ? (connection?.peer ?? null) : null;
    if (connection && transport === 'plaintext' && !connection.verdict) {
      Object.assign(connection, { verdict: 'accepted', reason: 'plaintext: the request reached the app with no peer identity' });
      record(connection, 'plaintext chain: request reached the app with no peer identity');
    }
    req.resume();
    const body = JSON.stringify({ workload: certs.serverIdentity, transport, peer });
    const headers: http.OutgoingHttpHeaders = { 'content-type': 'application/json', connection: 'close' };
    // What Istio's sidecar hands the app as proof of the caller (X-Forwarded-Client-Cert).
    if (peer) headers['x-forwarded-client-cert'] = `By=${certs.serverIdentity};URI=${peer}`;
    res.writeHead(200, headers).end(body);
  };

  const plainChain = http.createServer(app('plaintext'));
  plainChain.on('clientError', (err: NodeJS.ErrnoException, socket: net.Socket) => {
    const code = err.code ?? err.message;
    const notHttp = code.startsWith('HPE_');
    reject(
      connectionOf(socket),
      code,
      notHttp ? `plaintext chain: bytes are not HTTP (${code})` : `plaintext chain: ${code}`,
      notHttp
        ? `plaintext chain: the bytes are not HTTP (${code}); answered 400 Bad Request and closed`
        : `plaintext chain: the connection failed before a whole request arrived (${meaningOf(code)})`,
    );
    if (notHttp && socket.writable) socket.end('HTTP/1.1 400 Bad Request\r\nconnection: close\r\n\r\n');
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
      handshakeTimeout: timeoutMs,
    },
    app('tls'),
  );
  tlsChain.on('secureConnection', (socket: TLSSocket) => {
    const connection = connectionOf(socket);
    if (!connection || connection.verdict) return;
    const peer = identityFromSan(socket.getPeerCertificate()?.subjectaltname);
    Object.assign(connection, { verdict: 'accepted', peer, reason: `mTLS: the client certificate verified against the mesh root (${peer ?? 'no SPIFFE ID'})` });
    record(connection, `mTLS chain: verified client ${peer ?? '(no SPIFFE ID)'}`);
  });
  tlsChain.on('tlsClientError', (err: NodeJS.ErrnoException, socket: TLSSocket) => {
    const code = err.code ?? err.message;
    const why = code === 'ECONNRESET' ? cutShortMeaning(err.message, 'the handshake') : meaningOf(code);
    reject(connectionOf(socket), code, `mTLS chain: handshake failed (${code})`, `mTLS chain: the handshake failed: ${why}`);
    socket.destroy();
  });

  const inspector = net.createServer((sock) => {
    const connection: Connection = { remote: remoteOf(sock), chain: null, verdict: null, peer: null, code: null, reason: null, events: [] };
    connections.set(sock, connection);
    sock.on('error', () => {}); // resets are expected here; the chains report what matters
    // A deadline, not an idle timer: a client trickling bytes cannot hold the connection open.
    const deadline = setTimeout(() => {
      if (connection.chain === null)
        reject(connection, 'NO_DATA_TIMEOUT', `sent nothing for ${timeoutMs} ms; closed`, `the client sent nothing within ${timeoutMs} ms, so the TLS inspector had no first byte to look at; connection closed`);
      else if (connection.chain === 'tls')
        reject(connection, 'ERR_TLS_HANDSHAKE_TIMEOUT', `mTLS chain: no finished handshake after ${timeoutMs} ms; closed`, `mTLS chain: ${meaningOf('ERR_TLS_HANDSHAKE_TIMEOUT')} (${timeoutMs} ms); connection closed`);
      else reject(connection, 'REQUEST_TIMEOUT', `plaintext chain: no whole request after ${timeoutMs} ms; closed`, `plaintext chain: no whole HTTP request within ${timeoutMs} ms; connection closed`);
      if (connection.verdict === 'accepted') record(connection, `closed at the ${timeoutMs} ms limit`);
      sock.destroy();
    }, timeoutMs);
    sock.once('close', () => {
      clearTimeout(deadline);
      // The chains' events can trail the TCP close by a tick; let them land, then report.
      setImmediate(() => {
        connections.delete(sock);
        if (connection.chain === 'tls') reject(connection, 'ECONNRESET', 'mTLS chain: closed mid-handshake', `mTLS chain: ${cutShortMeaning(HANG_UP, 'the handshake')}`);
        else if (connection.chain === 'plaintext') reject(connection, 'CLIENT_CLOSED', 'plaintext chain: closed before a whole request', 'plaintext chain: the client closed the connection before sending a whole HTTP request');
        else reject(connection, 'CLIENT_CLOSED', 'closed before sending anything', 'the client closed the connection without sending anything');
        // Every path above has set a verdict and a reason.
        onConnection({ ...connection, verdict: connection.verdict!, reason: connection.reason! });
      });
    });
    sock.once('data', (first: Buffer) => {
      sock.pause();
      sock.unshift(first);
      const isTls = first[0] === 0x16;
      const byte = `0x${(first[0] ?? 0).toString(16).padStart(2, '0')}`;
      record(connection, `TLS inspector: first byte ${byte} → ${isTls ? 'TLS' : 'raw (plaintext)'}`);
      if (isTls && mode !== 'DISABLE') {
        connection.chain = 'tls';
        tlsChain.emit('connection', sock);
      } else if (!isTls && mode === 'STRICT') {
        reject(
          connection,
          'NO_FILTER_CHAIN',
          'STRICT: no filter chain matches plaintext; connection closed',
          `STRICT: the first byte (${byte}) is not a TLS handshake and STRICT has no plaintext chain; connection closed`,
        );
        sock.destroy();
      } else {
        // DISABLE has only the plaintext chain, so TLS bytes land there too.
        connection.chain = 'plaintext';
        plainChain.emit('connection', sock);
        sock.resume(); // without this the plaintext path hangs (the socket stays paused)
      }
    });
  });

  const port = await listenOnLoopback(inspector, 0);
  // An error of the listener itself after this (EMFILE on accept...) must not end the process: the probes it
  // failed time out and say so in their own results.
  inspector.on('error', () => {});
  let closing: Promise<void> | undefined;
  return {
    address: '127.0.0.1',
    port,
    close() {
      closing ??= new Promise<void>((resolve) => {
        inspector.close(() => resolve());
        for (const sock of connections.keys()) sock.destroy();
      });
      return closing;
    },
  };
}

const REPORT_WAIT_MS = 1000;

export async function enforceAndProbe(options: EnforceOptions): Promise<EnforceResult> {
  const { mode, certs } = options;
  const probeTimeoutMs = options.probeTimeoutMs ?? 3000;
  // What the listener reported, by the client's port: a stray connection cannot be mistaken for a probe's.
  const reports = new Map<string, ListenerConnection>();
  const waiters = new Map<string, (connection: ListenerConnection) => void>();
  const listener = await startEnforcementListener({
    mode,
    certs,
    timeoutMs: probeTimeoutMs,
    onConnection: (connection) => {
      reports.set(connection.remote, connection);
      waiters.get(connection.remote)?.(connection);
    },
    ...(options.onEvent ? { onEvent: options.onEvent } : {}),
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
      const client = await runClient(probe.sends, listener.port, certs, probeTimeoutMs);
      const seen = client.localPort === null ? null : await reportFor(`127.0.0.1:${client.localPort}`);
      results.push(describe(probe, mode, certs, client, seen, probeTimeoutMs));
    }
  } finally {
    await listener.close();
  }
  return { listener: { address: listener.address, port: listener.port }, probes: results };
}

interface ClientResult {
  status: number | null;
  error: string | null;
  /** The server identity the client verified (mTLS/TLS), if the handshake completed. */
  serverPeer: string | null;
  /** The client's own port once connected: how the listener's report for this connection is found. */
  localPort: number | null;
}

/** One request with the given transport; never throws, always settles within the timeout. */
function runClient(sends: Sends, port: number, certs: MeshCerts, timeoutMs: number): Promise<ClientResult> {
  return new Promise((resolve) => {
    let settled = false;
    let serverPeer: string | null = null;
    let localPort: number | null = null;
    const finish = (r: Omit<ClientResult, 'serverPeer' | 'localPort'>) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      req.destroy();
      resolve({ ...r, serverPeer, localPort });
    };
    const common = { host: '127.0.0.1', port, path: '/', agent: false as const, headers: { connection: 'close' } };
    const onResponse = (res: http.IncomingMessage) => {
      res.resume();
      res.on('end', () => finish({ status: res.statusCode ?? null, error: null }));
      res.on('error', (e: NodeJS.ErrnoException) => finish({ status: res.statusCode ?? null, error: e.code ?? e.message }));
    };
    let req: http.ClientRequest;
    try {
      req =
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
    } catch (e) {
      // A key or certificate Node cannot load fails here, before anything is sent: an error of this machine.
      resolve({ status: null, error: errorCode(e as NodeJS.ErrnoException), serverPeer: null, localPort: null });
      return;
    }
    req.on('socket', (s) => {
      s.once('connect', () => {
        localPort = s.localPort ?? null;
      });
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

/** Listener codes that mean the lab's own time limit ended the connection, not a filter chain. */
const TIME_LIMIT_CODES = new Set(['NO_DATA_TIMEOUT', 'ERR_TLS_HANDSHAKE_TIMEOUT', 'REQUEST_TIMEOUT']);
/** Listener codes that mean the client ended the connection: the server decided nothing. */
const CLIENT_ENDED_CODES = new Set(['CLIENT_CLOSED', 'ECONNRESET']);

/**
 * What the probe found. A verdict needs the server to have decided: a 200 from the app (accepted), or a refusal
 * the listener made itself (no filter chain, a failed handshake, a 4xx). Anything else — the client's limit, the
 * listener's limit, a local failure, a connection cut with no decision on record — is no verdict.
 */
export function outcomeOf(client: Pick<ClientResult, 'status' | 'error'>, seen: Pick<ListenerConnection, 'verdict' | 'code'> | null): Outcome {
  if (client.status === 200) return 'accepted';
  if (client.error === 'TIMEOUT') return 'timed-out';
  if (seen?.code && TIME_LIMIT_CODES.has(seen.code)) return 'timed-out';
  if (client.status !== null && client.status >= 400 && client.status < 500) return 'rejected';
  if (seen?.verdict === 'rejected' && seen.code !== null && !CLIENT_ENDED_CODES.has(seen.code)) return 'rejected';
  return 'error';
}

/** The probe's result, from what its client got and what the listener reported for its connection. */
function describe(probe: ProbeSpec, mode: EffectiveMode, certs: MeshCerts, client: ClientResult, seen: ListenerConnection | null, timeoutMs: number): ProbeResult {
  const outcome = outcomeOf(client, seen);
  const expected = expectedOutcome(mode, probe.sends);
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
  if (outcome === 'timed-out') {
    return `No verdict: the ${timeoutMs} ms time limit passed before ${who} saw a decision (${last ? `the listener's last event: ${last}` : 'the listener saw nothing'}); this confirms nothing about ${mode}. Run it again.`;
  }
  if (outcome === 'error') {
    return `No verdict: the probe failed without a decision from the server (${got}${seen?.code ? `; server: ${seen.code}` : ''}); this confirms nothing about ${mode}. Run it again.`;
  }
  if (outcome === 'accepted') {
    if (seen?.chain === 'tls') {
      return `${mode}: the TLS inspector saw a handshake (0x16); the client certificate verified against the mesh root and the app saw ${seen.peer ?? 'no SPIFFE ID'}.`;
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
    return `DISABLE: the sidecar does not terminate TLS; the ClientHello reached the plaintext HTTP chain and failed as a protocol error (${seen?.code ?? 'bad request'}); ${got}.`;
  }
  if (sends === 'tls') {
    return `${mode}: the mTLS chain requires a client certificate and none was sent (server: ${seen?.code ?? 'handshake failed'}); ${got}.`;
  }
  return `${mode}: the mTLS handshake failed (server: ${seen?.code ?? 'unknown'}); ${got}.`;
}
