/**
 * The lab's Node server: requestCert + rejectUnauthorized, as a real Node service runs mTLS. Node verifies the
 * client certificate after the handshake and destroys the socket, so a refused certificate gets no alert.
 */
import type net from 'node:net';
import tls from 'node:tls';
import { listenOnLoopback } from './tcp-socket.js';
import { GREETING_PREFIX, type HandshakeServer, type Note, type ServerFacts } from './handshake-server.js';
import { errorInfo, identityOf, summarizeCert } from './tls-facts.js';
import type { TlsVersion } from './types.js';

const PROTOCOL: Record<TlsVersion, tls.SecureVersion> = { '1.2': 'TLSv1.2', '1.3': 'TLSv1.3' };

export interface NodeServerSpec {
  /** The certificate, key and trust bundle as a ready context (see contexts.ts). */
  context: tls.SecureContext;
  tls: TlsVersion;
  /** The only ALPN protocols the server accepts (null: it ignores ALPN); OpenSSL refuses a client offering none of them with no_application_protocol (120). */
  alpn: string[] | null;
  handshakeTimeoutMs: number;
  note: Note;
  /** Called when a connection closes, so the caller can tell whether the step is over. */
  onChange: () => void;
  /** Receives the server's NSS key log lines (only when the step captures the wire). */
  keylog?: (line: Buffer) => void;
}

export async function startNodeServer(spec: NodeServerSpec): Promise<HandshakeServer> {
  const { note } = spec;
  const facts: ServerFacts = { serverError: null, authorizationError: null, seenByServer: null };
  const version = PROTOCOL[spec.tls];
  // The real certificate, key and trust bundle arrive through SNICallback as a context built once per run:
  // building a context costs ~5 ms with OpenSSL 3, more than the handshake itself. Clients always send SNI.
  const server = tls.createServer({
    SNICallback: (_name, done) => done(null, spec.context),
    requestCert: true,
    rejectUnauthorized: true,
    minVersion: version,
    maxVersion: version,
    handshakeTimeout: spec.handshakeTimeoutMs,
    ...(spec.alpn ? { ALPNProtocols: spec.alpn } : {}),
  });
  if (spec.keylog) server.on('keylog', spec.keylog);
  const sockets = new Set<net.Socket>();
  server.on('connection', (raw: net.Socket) => {
    note('server', 'tcp accept');
    sockets.add(raw);
    raw.once('close', () => {
      sockets.delete(raw);
      spec.onChange();
    });
  });
  server.on('secureConnection', (socket: tls.TLSSocket) => {
    facts.seenByServer = summarizeCert(socket.getPeerX509Certificate());
    const identity = identityOf(facts.seenByServer) ?? '(no identity)';
    note('server', 'secureConnection', `client verified: ${identity}${socket.alpnProtocol ? `, ALPN ${socket.alpnProtocol}` : ''}`);
    socket.on('error', (error) => note('server', 'error', errorInfo(error).code));
    socket.end(`${GREETING_PREFIX}${identity}\n`);
  });
  server.on('tlsClientError', (error: Error, socket: tls.TLSSocket) => {
    facts.serverError = errorInfo(error);
    facts.authorizationError = socket.authorizationError ? String(socket.authorizationError) : null;
    const detail = facts.authorizationError ? `${facts.serverError.code} (authorizationError ${facts.authorizationError})` : facts.serverError.code;
    note('server', 'tlsClientError', detail);
  });
  return {
    port: await listenOnLoopback(server, 0),
    facts,
    idle: () => sockets.size === 0,
    abort: () => sockets.forEach((socket) => socket.destroy()),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
