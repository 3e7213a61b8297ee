/**
 * The server half: a real listener on 127.0.0.1 that enforces a resolved PeerAuthentication mode the way an Istio
 * inbound sidecar does. Like Envoy's listener filters, it looks at what arrives — a TLS handshake or not, and under
 * PERMISSIVE the ALPN values of the ClientHello — and hands the connection to the filter chain Istio would pick
 * (inbound-chains.ts): the mTLS chain (client certificate required), the plaintext chain, the TLS passthrough chain
 * (bytes go to the app unchanged), or none (closed). The app behind it speaks plain HTTP.
 * Every connection is bounded by a deadline and reported once, when it has closed.
 */
import http from 'node:http';
import https from 'node:https';
import net from 'node:net';
import type { TLSSocket } from 'node:tls';
import { listenOnLoopback, remoteOf, tcpSocketOf } from '../../lab/tcp-socket.js';
import { cutShortMeaning, HANG_UP, meaningOf } from '../../lab/tls-facts.js';
import { hasTlsInspector, inboundChains, matchChain, type ChainMatch, type PortProtocol } from '../inbound-chains.js';
import type { EffectiveMode } from '../types.js';
import { readClientHello } from './client-hello.js';
import { identityFromSan } from './spiffe-san.js';
import { openConnection, type ListenerConnection, type LiveAuthz, type LiveRequest, type MeshCerts, type OpenConnection } from './types.js';

export interface EnforcementListenerOptions {
  mode: EffectiveMode;
  /** How the port is declared; decides the chains (default auto: an undeclared port, sniffed). */
  portProtocol?: PortProtocol;
  certs: MeshCerts;
  /** Longest a connection may live, first byte and handshake included (default 3000 ms). */
  timeoutMs?: number;
  onConnection?: (connection: ListenerConnection) => void;
  /** Called on every event as it is recorded. */
  onEvent?: (event: string) => void;
  /**
   * The RBAC filter: called for each request that got through the chains; a denial is answered 403
   * "RBAC: access denied" as Envoy's HTTP RBAC filter does (on a TCP port the connection is closed instead).
   */
  authorize?: (request: LiveRequest) => LiveAuthz;
}

export interface EnforcementListener {
  address: '127.0.0.1';
  port: number;
  /** Stops listening and cuts every open connection. */
  close(): Promise<void>;
}

/** A connection while it is open: no verdict or reason yet. */
type Connection = OpenConnection & { inspecting: boolean };

/** What Envoy's HTTP inspector recognises: an HTTP/1.x request line. */
const HTTP_REQUEST = /^[A-Z]{3,10} \S/;

/**
 * Listens on 127.0.0.1 (ephemeral port) and enforces `mode` on every connection: the TLS inspector picks a chain
 * by the first byte, the chain accepts or rejects. Each connection is bounded by `timeoutMs` and reported once.
 */
export async function startEnforcementListener(options: EnforcementListenerOptions): Promise<EnforcementListener> {
  const { mode, certs } = options;
  const portProtocol = options.portProtocol ?? 'auto';
  const chains = inboundChains(mode, portProtocol);
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
    if (options.authorize && connection) {
      const headers = Object.fromEntries(Object.entries(req.headers).map(([k, v]) => [k.toLowerCase(), Array.isArray(v) ? v.join(',') : (v ?? '')]));
      const decision = options.authorize({ principal: peer, method: req.method ?? 'GET', path: req.url ?? '/', host: req.headers.host ?? '', headers });
      connection.rbac = decision;
      if (!decision.allowed) {
        if (portProtocol === 'tcp') {
          // The network RBAC filter has no HTTP to answer with: it closes the connection.
          record(connection, `RBAC (TCP): ${decision.why}; connection closed`);
          Object.assign(connection, { verdict: 'rejected', code: 'RBAC_ACCESS_DENIED', reason: `RBAC: ${decision.why}; the TCP connection is closed` });
          req.socket.destroy();
          return;
        }
        record(connection, `RBAC: 403 access denied (${decision.why})`);
        res.writeHead(403, { 'content-type': 'text/plain', connection: 'close' }).end('RBAC: access denied');
        return;
      }
      record(connection, `RBAC: allowed (${decision.why})`);
    }
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
    const passedThrough = connectionOf(socket);
    if (passedThrough?.chain === 'passthrough') {
      // The sidecar's decision stands; what the app made of the bytes is recorded beside it.
      passedThrough.code = code;
      record(passedThrough, notHttp ? `app: the bytes are not HTTP (${code}); it answered 400 Bad Request` : `app: ${code}`);
    }
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

  /** Hands the connection to the chain Istio's match picked (or closes it when none matches). */
  /** `notTls`: how the bytes were seen not to be TLS ("the first byte (0x47) is not a TLS handshake"). */
  const route = (sock: net.Socket, connection: Connection, match: ChainMatch, tls: boolean, notTls: string) => {
    const c = match.chain;
    const alpn = match.alpnSeen.length ? `ALPN ${match.alpnSeen.join(', ')}` : 'no ALPN';
    connection.filterChain = c?.name ?? null;
    if (!c) {
      const why = !tls
        ? `${mode}: ${notTls} and ${mode} has no plaintext chain; connection closed`
        : `${mode}: TLS with ${alpn} matches no filter chain on a port declared ${portProtocol.toUpperCase()} (only Istio's ALPN values are terminated there); connection closed`;
      reject(connection, 'NO_FILTER_CHAIN', `${mode}: no filter chain matches ${tls ? `TLS with ${alpn}` : 'plaintext'}; connection closed`, why);
      sock.destroy();
      return;
    }
    record(connection, `filter chain: ${c.name}${match.matchedAlpn ? ` (ALPN "${match.matchedAlpn}")` : ''}`);
    if (c.terminatesTls) {
      connection.chain = 'tls';
      tlsChain.emit('connection', sock);
      return;
    }
    if (tls && c.protocol === 'tcp') {
      // Not terminated: the ClientHello and everything after it go to the app as they are.
      connection.chain = 'passthrough';
      Object.assign(connection, {
        verdict: 'passed-through',
        reason: `${mode}: ${mode === 'DISABLE' ? 'no TLS inspector runs, so TLS counts as raw bytes' : `TLS with ${alpn} is not Istio mTLS`}; the ${c.name} chain passed it to the app unchanged (the sidecar did not terminate it)`,
      });
      record(connection, `${c.name}: bytes passed to the app unchanged`);
    } else connection.chain = 'plaintext';
    // The app: plain HTTP (a TCP chain proxies the same bytes to it).
    plainChain.emit('connection', sock);
    sock.resume(); // without this the plaintext path hangs (the socket stays paused)
  };

  const inspector = net.createServer((sock) => {
    const connection: Connection = { ...openConnection(remoteOf(sock)), inspecting: false };
    connections.set(sock, connection);
    sock.on('error', () => {}); // resets are expected here; the chains report what matters
    // A deadline, not an idle timer: a client trickling bytes cannot hold the connection open.
    const deadline = setTimeout(() => {
      if (connection.inspecting)
        reject(connection, 'CLIENT_HELLO_TIMEOUT', `TLS inspector: no whole ClientHello after ${timeoutMs} ms; closed`, `TLS inspector: the ClientHello did not arrive whole within ${timeoutMs} ms, so no chain could be chosen by its ALPN; connection closed`);
      else if (connection.chain === null)
        reject(connection, 'NO_DATA_TIMEOUT', `sent nothing for ${timeoutMs} ms; closed`, `the client sent nothing within ${timeoutMs} ms, so the TLS inspector had no first byte to look at; connection closed`);
      else if (connection.chain === 'tls')
        reject(connection, 'ERR_TLS_HANDSHAKE_TIMEOUT', `mTLS chain: no finished handshake after ${timeoutMs} ms; closed`, `mTLS chain: ${meaningOf('ERR_TLS_HANDSHAKE_TIMEOUT')} (${timeoutMs} ms); connection closed`);
      else reject(connection, 'REQUEST_TIMEOUT', `plaintext chain: no whole request after ${timeoutMs} ms; closed`, `plaintext chain: no whole HTTP request within ${timeoutMs} ms; connection closed`);
      if (connection.verdict !== 'rejected') record(connection, `closed at the ${timeoutMs} ms limit`);
      sock.destroy();
    }, timeoutMs);
    sock.once('close', () => {
      clearTimeout(deadline);
      // The chains' events can trail the TCP close by a tick; let them land, then report.
      setImmediate(() => {
        connections.delete(sock);
        if (connection.inspecting) reject(connection, 'CLIENT_CLOSED', 'TLS inspector: closed before the ClientHello was whole', 'TLS inspector: the client closed the connection before its ClientHello was complete');
        else if (connection.chain === 'tls') reject(connection, 'ECONNRESET', 'mTLS chain: closed mid-handshake', `mTLS chain: ${cutShortMeaning(HANG_UP, 'the handshake')}`);
        else if (connection.chain === 'plaintext') reject(connection, 'CLIENT_CLOSED', 'plaintext chain: closed before a whole request', 'plaintext chain: the client closed the connection before sending a whole HTTP request');
        else reject(connection, 'CLIENT_CLOSED', 'closed before sending anything', 'the client closed the connection without sending anything');
        const { inspecting: _inspecting, ...report } = connection;
        // Every path above has set a verdict and a reason.
        onConnection({ ...report, verdict: connection.verdict!, reason: connection.reason! });
      });
    });
    sock.once('data', (first: Buffer) => {
      const isTls = first[0] === 0x16;
      const byte = `0x${(first[0] ?? 0).toString(16).padStart(2, '0')}`;
      const notTls = `the first byte (${byte}) is not a TLS handshake`;
      if (!isTls || !hasTlsInspector(mode)) {
        sock.pause();
        sock.unshift(first);
        record(connection, hasTlsInspector(mode) ? `TLS inspector: first byte ${byte} → raw (plaintext)` : `no TLS inspector (${mode}): raw bytes`);
        route(sock, connection, matchChain(chains, mode, { tls: isTls, alpn: [], http: HTTP_REQUEST.test(first.toString('latin1', 0, 16)) }), isTls, notTls);
        return;
      }
      // The chain depends on the ALPN, so the whole ClientHello is read first, as Envoy's TLS inspector does.
      record(connection, `TLS inspector: first byte ${byte} → TLS`);
      connection.inspecting = true;
      let seen = first;
      const inspect = () => {
        const hello = readClientHello(seen);
        if (hello.status === 'need-more') return;
        sock.off('data', more);
        sock.pause();
        sock.unshift(seen);
        connection.inspecting = false;
        if (hello.status === 'not-tls') {
          // Envoy: "tls_not_found"; the chains then see raw bytes.
          record(connection, `TLS inspector: not a ClientHello (${hello.why}) → raw`);
          route(sock, connection, matchChain(chains, mode, { tls: false, alpn: [], http: false }), false, `the bytes are not a TLS ClientHello (${hello.why})`);
          return;
        }
        connection.alpn = hello.alpn;
        record(connection, `TLS inspector: ClientHello with ${hello.alpn.length ? `ALPN ${hello.alpn.join(', ')}` : 'no ALPN'}`);
        route(sock, connection, matchChain(chains, mode, { tls: true, alpn: hello.alpn, http: false }), true, notTls);
      };
      const more = (chunk: Buffer) => {
        seen = Buffer.concat([seen, chunk]);
        inspect();
      };
      sock.on('data', more);
      inspect();
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
