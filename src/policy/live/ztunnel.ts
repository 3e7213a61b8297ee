/**
 * A stand-in for ztunnel's inbound side on 127.0.0.1, enforcing what istiod sends for an ambient workload:
 *   the pod port   plaintext (no peer identity): checked, then passed to the app, or closed when a DENY matches
 *                  (ztunnel's inbound passthrough has no HTTP to answer with);
 *   the HBONE port mTLS (client certificate from the mesh CA, ALPN h2) carrying HTTP/2 CONNECT to the target
 *                  port: checked with the caller's SPIFFE ID, answered 401 when denied (as ztunnel does) or 200
 *                  and tunnelled to the app.
 * The app behind it is a plain HTTP server on its own loopback port. Every connection is bounded and reported once.
 */
import http from 'node:http';
import http2 from 'node:http2';
import net from 'node:net';
import type { TLSSocket } from 'node:tls';
import { listenOnLoopback, remoteOf } from '../../lab/tcp-socket.js';
import { identityFromSan } from './spiffe-san.js';
import { openConnection, type ListenerConnection, type LiveAuthz, type MeshCerts, type OpenConnection } from './types.js';

export interface ZtunnelOptions {
  certs: MeshCerts;
  /** The workload (pod) port the plaintext listener stands for. */
  podPort: number;
  /** ztunnel's RBAC: the peer identity (null for plaintext) and the destination port. */
  authorize: (conn: { principal: string | null; port: number }) => LiveAuthz;
  timeoutMs?: number;
  onConnection?: (connection: ListenerConnection) => void;
  onEvent?: (event: string) => void;
}

export interface Ztunnel {
  address: '127.0.0.1';
  /** Where plaintext to the pod port arrives. */
  plaintextPort: number;
  /** HBONE (15008 in a cluster). */
  hbonePort: number;
  close(): Promise<void>;
}

type Open = OpenConnection;

export async function startZtunnel(options: ZtunnelOptions): Promise<Ztunnel> {
  const { certs, podPort } = options;
  const timeoutMs = options.timeoutMs ?? 3000;
  const onConnection = options.onConnection ?? (() => {});
  const onEvent = options.onEvent ?? (() => {});
  const sockets = new Set<net.Socket>();
  const record = (c: Open, event: string) => {
    c.events.push(event);
    onEvent(event);
  };
  const open = (sock: net.Socket, chain: ListenerConnection['chain']): Open => openConnection(remoteOf(sock), chain);
  /** Reports the connection once it has closed; a connection nobody decided is the client's doing or the limit's. */
  const track = (sock: net.Socket, c: Open) => {
    sockets.add(sock);
    sock.on('error', () => {});
    const deadline = setTimeout(() => {
      if (!c.verdict) Object.assign(c, { verdict: 'rejected', code: 'REQUEST_TIMEOUT', reason: `no decision within ${timeoutMs} ms; closed` });
      record(c, `closed at the ${timeoutMs} ms limit`);
      sock.destroy();
    }, timeoutMs);
    sock.once('close', () => {
      clearTimeout(deadline);
      sockets.delete(sock);
      setImmediate(() => {
        if (!c.verdict) Object.assign(c, { verdict: 'rejected', code: 'CLIENT_CLOSED', reason: 'the client closed the connection before a decision' });
        onConnection({ ...c, verdict: c.verdict!, reason: c.reason! });
      });
    });
  };

  // The app: plain HTTP, knows nothing of identities (ztunnel adds no headers).
  const app = http.createServer((req, res) => {
    req.resume();
    res.writeHead(200, { 'content-type': 'application/json', connection: 'close' }).end(JSON.stringify({ workload: certs.serverIdentity, via: 'ztunnel' }));
  });
  app.on('connection', (s: net.Socket) => {
    sockets.add(s);
    s.once('close', () => sockets.delete(s));
  });
  const appPort = await listenOnLoopback(app, 0);
  const toApp = (peer: net.Socket | http2.ServerHttp2Stream, onReady: () => void, onFail: () => void) => {
    const upstream = net.connect({ host: '127.0.0.1', port: appPort });
    sockets.add(upstream);
    upstream.once('close', () => sockets.delete(upstream));
    upstream.on('error', () => {
      onFail();
      peer.destroy();
    });
    upstream.once('connect', () => {
      onReady();
      peer.pipe(upstream).pipe(peer);
    });
    peer.once('close', () => upstream.destroy());
  };

  // Plaintext to the pod port: no identity; a DENY closes the connection.
  const plaintext = net.createServer((sock) => {
    const c = open(sock, 'plaintext');
    track(sock, c);
    const decision = options.authorize({ principal: null, port: podPort });
    c.rbac = decision;
    if (!decision.allowed) {
      Object.assign(c, { verdict: 'rejected', code: 'RBAC_ACCESS_DENIED', reason: `plaintext has no peer identity; ${decision.why}; ztunnel closed the connection` });
      record(c, `inbound plaintext: ${decision.why}; closed`);
      sock.destroy();
      return;
    }
    record(c, `inbound plaintext: allowed (${decision.why}); passed to the app`);
    toApp(
      sock,
      () => Object.assign(c, { verdict: 'accepted', reason: 'plaintext: passed to the app with no peer identity' }),
      () => Object.assign(c, { verdict: 'rejected', code: 'APP_UNREACHABLE', reason: 'the app could not be reached' }),
    );
  });

  // HBONE: mTLS (TLS 1.3, h2) and a CONNECT per tunnel.
  const hbone = http2.createSecureServer({
    key: certs.server.key,
    cert: certs.server.cert,
    ca: [certs.root],
    requestCert: true,
    rejectUnauthorized: true,
    minVersion: 'TLSv1.3',
    ALPNProtocols: ['h2'],
    allowHTTP1: false,
  });
  const byTcp = new Map<net.Socket, Open>();
  hbone.on('connection', (sock: net.Socket) => {
    const c = open(sock, 'tls');
    c.filterChain = 'HBONE';
    byTcp.set(sock, c);
    track(sock, c);
    sock.once('close', () => byTcp.delete(sock));
  });
  hbone.on('tlsClientError', (err: NodeJS.ErrnoException, tls: TLSSocket) => {
    const c = byTcp.get((tls as unknown as { _parent?: net.Socket })._parent ?? (tls as unknown as net.Socket));
    if (c && !c.verdict) {
      Object.assign(c, { verdict: 'rejected', code: err.code ?? 'TLS_ERROR', reason: `HBONE needs mTLS with a mesh certificate: the handshake failed (${err.code ?? err.message})` });
      record(c, `HBONE: handshake failed (${err.code ?? err.message})`);
    }
    tls.destroy();
  });
  hbone.on('stream', (stream, headers) => {
    const tls = stream.session?.socket as TLSSocket | undefined;
    const c = tls ? byTcp.get((tls as unknown as { _parent?: net.Socket })._parent ?? (tls as unknown as net.Socket)) : undefined;
    stream.on('error', () => {});
    const peer = identityFromSan(tls?.getPeerCertificate()?.subjectaltname);
    if (c) c.peer = peer;
    if (headers[':method'] !== 'CONNECT') {
      stream.respond({ ':status': 400 });
      stream.end();
      return;
    }
    const authority = String(headers[':authority'] ?? '');
    const port = Number(authority.slice(authority.lastIndexOf(':') + 1));
    const decision = options.authorize({ principal: peer, port });
    if (c) c.rbac = decision;
    if (!decision.allowed) {
      if (c) {
        Object.assign(c, { verdict: 'rejected', code: 'RBAC_ACCESS_DENIED', reason: `HBONE from ${peer}: ${decision.why}; answered 401` });
        record(c, `HBONE CONNECT ${authority}: ${decision.why}; 401`);
      }
      stream.respond({ ':status': 401 });
      stream.end();
      return;
    }
    if (c) record(c, `HBONE CONNECT ${authority} from ${peer}: allowed (${decision.why}); tunnelled to the app`);
    toApp(
      stream,
      () => {
        stream.respond({ ':status': 200 });
        if (c) Object.assign(c, { verdict: 'accepted', reason: `HBONE: mTLS verified ${peer}; the tunnel to port ${port} reached the app` });
      },
      () => {
        if (!stream.headersSent) stream.respond({ ':status': 503 });
        stream.end();
      },
    );
  });

  const plaintextPort = await listenOnLoopback(plaintext, 0);
  const hbonePort = await listenOnLoopback(hbone, 0);
  for (const server of [plaintext, hbone, app]) server.on('error', () => {});
  let closing: Promise<void> | undefined;
  return {
    address: '127.0.0.1',
    plaintextPort,
    hbonePort,
    close() {
      closing ??= Promise.all(
        [plaintext, hbone, app].map(
          (server) =>
            new Promise<void>((resolve) => {
              server.close(() => resolve());
            }),
        ),
      ).then(() => undefined);
      for (const s of sockets) s.destroy();
      return closing;
    },
  };
}
