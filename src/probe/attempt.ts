/**
 * One client connection of the probe: connect, handshake with the given identity, send an HTTP request once the
 * handshake is done (so a TLS 1.3 server that refuses the client certificate after the handshake is seen doing
 * so), and record what happened: an HTTP answer, an alert, a close, a reset, or nothing within the time limit.
 * The bytes received are kept (the handshake is read from them, see tls-records.ts) and so is the client's TLS 1.3
 * handshake secret from Node's 'keylog' event; both stay in memory. Every socket and timer ends with the attempt.
 */
import net from 'node:net';
import { Duplex } from 'node:stream';
import tls from 'node:tls';
import { alertFromCode, errorInfo } from '../lab/tls-facts.js';
import type { AlertInfo, ErrorInfo } from '../lab/types.js';

export type TlsVersionName = 'TLSv1' | 'TLSv1.1' | 'TLSv1.2' | 'TLSv1.3';

export interface AttemptSpec {
  host: string;
  port: number;
  /** SNI; omitted for an IP address. */
  servername?: string;
  version: TlsVersionName;
  cert?: string;
  key?: string;
  /** CA certificates to verify the server with (the verdict is only recorded, never enforced). */
  ca?: string;
  ecdhCurve?: string;
  /** Host header of the request. */
  hostHeader: string;
  timeoutMs: number;
  /** Send the HTTP request after the handshake (false: stop at the handshake). */
  request?: boolean;
}

export type AttemptOutcome =
  /** An HTTP answer came (status in `httpStatus`). */
  | 'response'
  /** The server sent a TLS alert. */
  | 'alert'
  /** The connection closed with no alert and no answer. */
  | 'closed'
  /** The connection was reset. */
  | 'reset'
  /** Nothing conclusive within the time limit. */
  | 'timeout'
  /** This side's TLS stack refused its own certificate and key: nothing was sent. */
  | 'local'
  /** No TCP connection (refused, unreachable). */
  | 'connect-failed'
  /** Another TLS failure (no common version or cipher, not TLS at all...). */
  | 'tls-error';

export interface Attempt {
  outcome: AttemptOutcome;
  handshakeDone: boolean;
  protocol: string | null;
  alert: AlertInfo | null;
  httpStatus: number | null;
  httpStatusLine: string | null;
  error: ErrorInfo | null;
  /** The server's certificate verified against `ca` (null when no ca was given or no handshake). */
  serverVerifyError: string | null;
  received: Buffer;
  serverHandshakeSecret: Buffer | null;
  ms: number;
}

/** Passes bytes between the TLS socket and the TCP socket, keeping a copy of what the server sends. */
class Tap extends Duplex {
  readonly received: Buffer[] = [];
  constructor(private readonly raw: net.Socket) {
    super();
    raw.on('data', (chunk: Buffer) => {
      this.received.push(chunk);
      if (!this.push(chunk)) raw.pause();
    });
    raw.on('end', () => this.push(null));
    raw.on('close', () => this.destroy());
    raw.on('error', (error) => this.destroy(error));
  }
  override _read(): void {
    this.raw.resume();
  }
  override _write(chunk: Buffer, _encoding: BufferEncoding, done: (error?: Error | null) => void): void {
    if (this.raw.destroyed) done(new Error('socket closed'));
    else this.raw.write(chunk, done);
  }
  override _final(done: (error?: Error | null) => void): void {
    this.raw.end();
    done();
  }
  override _destroy(error: Error | null, done: (error: Error | null) => void): void {
    this.raw.destroy();
    done(error);
  }
}

const REFUSAL_LINE = /^HTTP\/\d(?:\.\d)? (\d{3})/;

export function runAttempt(spec: AttemptSpec): Promise<Attempt> {
  const start = performance.now();
  let context: tls.SecureContext;
  try {
    context = tls.createSecureContext({
      minVersion: spec.version,
      maxVersion: spec.version,
      // TLS 1.0 and 1.1 need OpenSSL's security level 0 on the client to be offered at all.
      ...(spec.version === 'TLSv1' || spec.version === 'TLSv1.1' ? { ciphers: 'DEFAULT@SECLEVEL=0' } : {}),
      ...(spec.cert !== undefined ? { cert: spec.cert } : {}),
      ...(spec.key !== undefined ? { key: spec.key } : {}),
      ...(spec.ca !== undefined ? { ca: spec.ca } : {}),
      ...(spec.ecdhCurve !== undefined ? { ecdhCurve: spec.ecdhCurve } : {}),
    });
  } catch (error) {
    return Promise.resolve({
      outcome: 'local',
      handshakeDone: false,
      protocol: null,
      alert: null,
      httpStatus: null,
      httpStatusLine: null,
      error: errorInfo(error),
      serverVerifyError: null,
      received: Buffer.alloc(0),
      serverHandshakeSecret: null,
      ms: Math.round(performance.now() - start),
    });
  }

  return new Promise((resolve) => {
    const raw = net.connect({ host: spec.host, port: spec.port });
    const tap = new Tap(raw);
    const socket = tls.connect({
      socket: tap,
      secureContext: context,
      rejectUnauthorized: false,
      ...(spec.servername ? { servername: spec.servername } : {}),
    });
    let outcome: AttemptOutcome | null = null;
    let handshakeDone = false;
    let protocol: string | null = null;
    let alert: AlertInfo | null = null;
    let error: ErrorInfo | null = null;
    let serverVerifyError: string | null = null;
    let httpStatus: number | null = null;
    let httpStatusLine: string | null = null;
    let secret: Buffer | null = null;
    let connected = false;
    let text = '';
    let finished = false;
    let bodyWait: NodeJS.Timeout | undefined;

    const finish = (result: AttemptOutcome) => {
      outcome ??= result;
      if (finished) return;
      finished = true;
      clearTimeout(timer);
      clearTimeout(bodyWait);
      socket.destroy();
      tap.destroy();
      raw.destroy();
      // Report once the TCP socket has really closed, so nothing outlives the attempt.
      const done = () =>
        resolve({
          outcome: outcome!,
          handshakeDone,
          protocol,
          alert,
          httpStatus,
          httpStatusLine,
          error,
          serverVerifyError,
          received: Buffer.concat(tap.received),
          serverHandshakeSecret: secret,
          ms: Math.round(performance.now() - start),
        });
      if (raw.closed) setImmediate(done);
      else raw.once('close', () => setImmediate(done));
    };
    const timer = setTimeout(() => finish('timeout'), spec.timeoutMs);

    raw.once('connect', () => (connected = true));
    raw.on('error', (e) => {
      if (!connected) {
        error = errorInfo(e);
        finish('connect-failed');
      }
    });
    socket.on('keylog', (line: Buffer) => {
      const [label, , hex] = line.toString('latin1').trim().split(' ');
      if (label === 'SERVER_HANDSHAKE_TRAFFIC_SECRET' && hex) secret = Buffer.from(hex, 'hex');
    });
    socket.on('secureConnect', () => {
      handshakeDone = true;
      protocol = socket.getProtocol();
      if (spec.ca !== undefined) serverVerifyError = socket.authorizationError ? String(socket.authorizationError) : null;
      if (spec.request === false) return finish('response');
      socket.write(`GET / HTTP/1.1\r\nHost: ${spec.hostHeader}\r\nUser-Agent: mtls-tutor-probe\r\nConnection: close\r\n\r\n`);
    });
    socket.on('data', (chunk: Buffer) => {
      text += chunk.toString('latin1');
      const line = text.split('\r\n')[0] ?? '';
      if (text.includes('\r\n') || text.length > 256) {
        const status = REFUSAL_LINE.exec(line);
        httpStatus = status ? Number(status[1]) : null;
        httpStatusLine = line.slice(0, 120);
        // nginx explains a certificate refusal in the body of its 400: keep reading briefly for it.
        if (text.length > 2048 || /\r\n\r\n[\s\S]*<\/html>/i.test(text) || !status || status[1] !== '400') finish('response');
        else bodyWait ??= setTimeout(() => finish('response'), 50);
      }
    });
    socket.on('error', (e) => {
      error = errorInfo(e);
      alert = alertFromCode(error.code, 'client');
      if (httpStatus !== null) return finish('response');
      if (alert) return finish('alert');
      if (error.code === 'ECONNRESET' || error.code === 'EPIPE') return finish(text ? 'response' : 'reset');
      finish(connected ? 'tls-error' : 'connect-failed');
    });
    socket.on('close', () => finish(httpStatus !== null || text ? 'response' : 'closed'));
  });
}

/** HTTP statuses with which servers refuse a client certificate after the handshake (nginx: 400, its 495/496). */
export function isRefusalStatus(status: number | null): boolean {
  return status === 400 || status === 401 || status === 403 || status === 495 || status === 496;
}
