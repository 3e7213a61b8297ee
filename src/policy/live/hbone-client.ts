/**
 * An HBONE client, as a caller's ztunnel is: mTLS to the HBONE port (ALPN h2, TLS 1.3, a mesh certificate),
 * an HTTP/2 CONNECT to the target port, then one plain HTTP/1.1 request through the tunnel. Never throws; always
 * settles within its time limit.
 */
import http2 from 'node:http2';
import tls, { type TLSSocket } from 'node:tls';
import type { ClientResult } from './probe-client.js';
import { identityFromSan } from './spiffe-san.js';
import type { MeshCerts } from './types.js';

export interface HboneResult extends ClientResult {
  /** The CONNECT's :status (200 tunnel open, 401 denied), or null when it never got one. */
  connectStatus: number | null;
}

export function runHboneClient(port: number, certs: MeshCerts, targetPort: number, timeoutMs: number, withCert = true): Promise<HboneResult> {
  return new Promise((resolve) => {
    let settled = false;
    let localPort: number | null = null;
    let serverPeer: string | null = null;
    let connectStatus: number | null = null;
    let session: http2.ClientHttp2Session | undefined;
    let socket: TLSSocket | undefined;
    const finish = (status: number | null, error: string | null) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      session?.destroy();
      // A session that failed its handshake does not always destroy its socket: do it here.
      socket?.destroy();
      resolve({ status, error, serverPeer, localPort, connectStatus });
    };
    const timer = setTimeout(() => finish(null, 'TIMEOUT'), timeoutMs);
    try {
      const options: tls.ConnectionOptions = {
        host: '127.0.0.1',
        port,
        servername: 'localhost',
        ca: [certs.root],
        ALPNProtocols: ['h2'],
        minVersion: 'TLSv1.3',
        ...(withCert ? { cert: certs.client.cert, key: certs.client.key } : {}),
      };
      session = http2.connect(`https://127.0.0.1:${port}`, {
        createConnection: () => {
          socket = tls.connect(options);
          return socket;
        },
      });
    } catch (e) {
      finish(null, (e as NodeJS.ErrnoException).code ?? (e as Error).message);
      return;
    }
    session.on('error', (e: NodeJS.ErrnoException) => finish(null, e.code ?? e.message));
    session.once('connect', (_s, socket) => {
      localPort = socket.localPort ?? null;
      serverPeer = identityFromSan((socket as TLSSocket).getPeerCertificate()?.subjectaltname);
    });
    const stream = session.request({ ':method': 'CONNECT', ':authority': `127.0.0.1:${targetPort}` });
    stream.on('error', (e: NodeJS.ErrnoException) => finish(connectStatus === 200 ? null : connectStatus, e.code ?? e.message));
    stream.once('response', (headers) => {
      connectStatus = Number(headers[':status']);
      if (connectStatus !== 200) {
        finish(connectStatus, null);
        return;
      }
      // The tunnel is open: speak HTTP/1.1 to the app through it.
      let reply = '';
      stream.setEncoding('latin1');
      stream.on('data', (chunk: string) => {
        reply += chunk;
      });
      stream.once('end', () => {
        const status = /^HTTP\/1\.[01] (\d{3})/.exec(reply)?.[1];
        finish(status ? Number(status) : null, status ? null : 'NO_HTTP_REPLY');
      });
      stream.write('GET / HTTP/1.1\r\nhost: workload\r\nconnection: close\r\n\r\n');
    });
  });
}
