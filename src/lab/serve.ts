/**
 * `lab serve`: an HTTPS server on 127.0.0.1 that requires a client certificate from its CA. A verified client
 * gets 200 and a body naming its identity; everyone else is cut off during the handshake. Every connection is
 * reported once, with the verdict and the reason. A client that connects and says nothing is dropped after the
 * handshake timeout and never holds anyone else up (each connection is independent).
 */
import { createPrivateKey, type KeyObject, X509Certificate } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { fsErrorInWords } from '../fs-words.js';
import https from 'node:https';
import type net from 'node:net';
import { join } from 'node:path';
import type tls from 'node:tls';
import type { PemIdentity } from './pki.js';
import { listenOnLoopback, remoteOf, tcpSocketOf } from './tcp-socket.js';
import { cutShortMeaning, HANG_UP, identityOf, meaningOf, summarizeCert } from './tls-facts.js';

export interface ConnectionReport {
  remote: string;
  /**
   * accepted: the client was verified and sent a request; rejected: cut off during the handshake; no-request: the
   * handshake completed but no request followed (the client left, refused our certificate, or sat idle).
   */
  verdict: 'accepted' | 'rejected' | 'no-request';
  /** SPIFFE URI (or subject) of an accepted client. */
  identity: string | null;
  /** Node's error code for a rejected connection, and the verification reason when there is one. */
  code: string | null;
  authorizationError: string | null;
  reason: string;
}

export interface ServeOptions {
  /** 0 = any free port. */
  port: number;
  server: PemIdentity;
  /** PEM of the CA(s) whose client certs are accepted. */
  trusts: string[];
  /** Milliseconds a client has to finish the handshake (default 5000). */
  handshakeTimeoutMs?: number;
  /** Milliseconds a verified client may wait before its first request (default 30000); then it is closed. */
  idleTimeoutMs?: number;
  onConnection?: (report: ConnectionReport) => void;
  /** An error of the listening server itself (out of file descriptors, say): it keeps serving if it can. */
  onServerError?: (error: Error) => void;
}

export interface LabServer {
  port: number;
  /** Stops listening and cuts every open connection. */
  close(): Promise<void>;
}

/** Thrown when the port is taken. */
export class PortInUseError extends Error {
  override name = 'PortInUseError';
  constructor(readonly port: number) {
    super(`port ${port} on 127.0.0.1 is already in use; pick another with --port, or --port 0 for any free port`);
  }
}

/** Reads ca.crt, server.crt and server.key from a directory written by `lab export`, and checks they fit together. */
export async function loadServeCerts(dir: string): Promise<{ server: PemIdentity; trusts: string[] }> {
  const read = async (name: string) => {
    try {
      return await readFile(join(dir, name), 'utf8');
    } catch (error) {
      throw new Error(`cannot read ${join(dir, name)} (${fsErrorInWords(error)}): --certs expects a directory written by 'mtls-tutor lab export'`);
    }
  };
  // Settled in order, so that with several files missing the error always names the first (ca.crt, server.crt...).
  const files = await Promise.allSettled([read('ca.crt'), read('server.crt'), read('server.key')]);
  const [ca, cert, key] = files.map((file) => {
    if (file.status === 'rejected') throw file.reason;
    return file.value;
  }) as [string, string, string];
  const parsed = (name: string, parse: () => X509Certificate | KeyObject, what: string) => {
    try {
      return parse();
    } catch {
      throw new Error(`${join(dir, name)} is not ${what}; --certs expects a directory written by 'mtls-tutor lab export'`);
    }
  };
  parsed('ca.crt', () => new X509Certificate(ca), 'a PEM certificate');
  const certificate = parsed('server.crt', () => new X509Certificate(cert), 'a PEM certificate') as X509Certificate;
  const privateKey = parsed('server.key', () => createPrivateKey(key), 'a PEM private key (unencrypted PKCS#8, SEC1 or PKCS#1)') as KeyObject;
  if (!certificate.checkPrivateKey(privateKey)) {
    throw new Error(`${join(dir, 'server.key')} does not belong to ${join(dir, 'server.crt')} (the key does not match the certificate's public key)`);
  }
  return { server: { cert, key }, trusts: [ca] };
}

export async function startLabServer(options: ServeOptions): Promise<LabServer> {
  const onConnection = options.onConnection ?? (() => {});
  const handshakeTimeoutMs = options.handshakeTimeoutMs ?? 5000;
  const idleTimeoutMs = options.idleTimeoutMs ?? 30_000;
  const server = https.createServer(
    {
      cert: options.server.cert,
      key: options.server.key,
      ca: options.trusts,
      requestCert: true,
      rejectUnauthorized: true,
      handshakeTimeout: handshakeTimeoutMs,
    },
    (request, response) => {
      const socket = request.socket as tls.TLSSocket;
      const identity = identityOf(summarizeCert(socket.getPeerX509Certificate())) ?? 'unknown';
      // A request is what makes a connection "accepted": the client also trusted us and went on to ask.
      socket.setTimeout(0);
      report(socket, { verdict: 'accepted', identity, code: null, authorizationError: null, reason: 'client certificate verified' });
      response.writeHead(200, { 'content-type': 'text/plain; charset=utf-8' });
      response.end(`hello ${identity}\nyou were verified by mutual TLS (${request.method} ${request.url})\n`);
    },
  );

  // One entry per TCP connection, so each is reported exactly once and with its address, whatever ends it.
  const connections = new Map<net.Socket, { remote: string; reported: boolean }>();
  let closing: Promise<void> | undefined;
  const report = (socket: net.Socket, entry: Omit<ConnectionReport, 'remote'>) => {
    const connection = connections.get(tcpSocketOf(socket));
    if (!connection || connection.reported || closing) return;
    connection.reported = true;
    onConnection({ remote: connection.remote, ...entry });
  };
  const rejected = (code: string, authorizationError: string | null, reason: string) =>
    ({ verdict: 'rejected', identity: null, code, authorizationError, reason }) as const;

  server.on('connection', (socket: net.Socket) => {
    connections.set(socket, { remote: remoteOf(socket), reported: false });
    socket.once('close', () => {
      // Events from the TLS layer can trail the TCP close by a tick; let them land, then make sure of a report.
      setImmediate(() => {
        report(socket, rejected('ECONNRESET', null, cutShortMeaning(HANG_UP)));
        connections.delete(socket);
      });
    });
  });
  server.on('secureConnection', (socket: tls.TLSSocket) => {
    const identity = identityOf(summarizeCert(socket.getPeerX509Certificate()));
    const noRequest = (code: string, reason: string) => report(socket, { verdict: 'no-request', identity, code, authorizationError: null, reason });
    // Verified, but the client may still refuse our certificate (TLS 1.3 clients check it after the server is
    // done), leave, or sit idle: none of these is an accepted request.
    socket.setTimeout(idleTimeoutMs, () => {
      noRequest('IDLE', `handshake done, no request within ${idleTimeoutMs} ms; connection closed`);
      socket.destroy();
    });
    socket.once('error', (error: NodeJS.ErrnoException) => {
      const code = error.code ?? 'ERROR';
      const alert = /alert (.+)$/i.exec(error.message)?.[1];
      noRequest(code, alert ? `handshake done, then the client refused our certificate (alert ${alert.replace(/^tlsv1 alert /i, '')})` : `handshake done, then ${cutShortMeaning(error.message)}`);
    });
    socket.once('close', () => noRequest('CLOSED', 'handshake done, no request (the client left)'));
  });
  server.on('tlsClientError', (error: NodeJS.ErrnoException, socket: tls.TLSSocket) => {
    const authorizationError = socket.authorizationError ? String(socket.authorizationError) : null;
    const code = error.code ?? 'ERROR';
    report(socket, rejected(code, authorizationError, rejectionReason(code, error.message, authorizationError, handshakeTimeoutMs)));
    socket.destroy();
  });

  const port = await listenOnLoopback(server, options.port).catch((error: NodeJS.ErrnoException) => {
    throw error.code === 'EADDRINUSE' ? new PortInUseError(options.port) : error;
  });
  // Once listening, an error of the server itself (EMFILE on accept...) is reported, not thrown out of the process.
  server.on('error', (error) => options.onServerError?.(error));

  return {
    port,
    close() {
      closing ??= new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
        for (const socket of connections.keys()) socket.destroy();
      });
      return closing;
    },
  };
}

/** What a rejected connection means, for the one line `lab serve` prints about it. */
function rejectionReason(code: string, message: string, authorizationError: string | null, handshakeTimeoutMs: number): string {
  if (authorizationError) return meaningOf(authorizationError);
  if (code === 'ECONNRESET') return cutShortMeaning(message);
  if (code === 'ERR_TLS_HANDSHAKE_TIMEOUT') return `${meaningOf(code)} (${handshakeTimeoutMs} ms); connection closed`;
  return meaningOf(code);
}
