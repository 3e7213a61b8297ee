/**
 * The probe client: one HTTP request to the listener over plaintext, TLS without a certificate, or mTLS with a
 * workload certificate. It never throws and always settles within its time limit; what it got is judged in
 * probe-outcome.ts.
 */
import http from 'node:http';
import https from 'node:https';
import type { TLSSocket } from 'node:tls';
import { identityFromSan } from './spiffe-san.js';
import type { HttpRequestSpec, MeshCerts, Sends } from './types.js';

export interface ClientResult {
  status: number | null;
  error: string | null;
  /** The server identity the client verified (mTLS/TLS), if the handshake completed. */
  serverPeer: string | null;
  /** The client's own port once connected: how the listener's report for this connection is found. */
  localPort: number | null;
}

/** One request with the given transport; never throws, always settles within the timeout. */
export function runClient(
  sends: Sends,
  port: number,
  certs: MeshCerts,
  timeoutMs: number,
  alpn: readonly string[] = [],
  request: HttpRequestSpec = { method: 'GET', path: '/' },
): Promise<ClientResult> {
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
    const headers: Record<string, string> = { ...(request.headers ?? {}), connection: 'close', ...(request.host ? { host: request.host } : {}) };
    const common = { host: '127.0.0.1', port, method: request.method, path: request.path, agent: false as const, headers };
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
                ...(alpn.length ? { ALPNProtocols: [...alpn] } : {}),
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
