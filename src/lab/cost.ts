/**
 * What a mutual TLS handshake costs on this machine with ECDSA P-256 certificates and with RSA-2048 ones: full
 * TLS 1.3 handshakes (no resumption) between a Node server that requires a client certificate and a Node client,
 * both in this process on 127.0.0.1, counted per second. The two kinds alternate in short rounds within one run,
 * so a machine that gets busier or quieter meanwhile weighs on both alike. Both ends run here, on one thread: a
 * figure is the CPU of a whole mutual handshake (each side signs once and verifies the other's chain), not the
 * capacity of a server.
 */
import { createPrivateKey, createPublicKey, sign, verify, type KeyObject } from 'node:crypto';
import type net from 'node:net';
import tls from 'node:tls';
import { createCa, issueServerCert, issueWorkloadCert, spiffeId, type KeyAlgorithm, type PemIdentity } from './pki.js';
import { listenOnLoopback } from './tcp-socket.js';

export interface CostOptions {
  /** Measuring time per key type, in seconds (default 2). */
  seconds?: number;
  /** Length of one round of one key type, in ms (default 250). */
  roundMs?: number;
  /** Time limit of one handshake in ms (default 5000): a handshake that takes longer ends the run as an error. */
  handshakeTimeoutMs?: number;
  /** Stops the run early (Ctrl+C): what was counted so far is reported, marked as stopped. */
  signal?: AbortSignal;
}

export interface KeyCost {
  algorithm: KeyAlgorithm;
  /** e.g. "ECDSA P-256". */
  name: string;
  /** Time to make this kind's CA, server and client keys and certificates, in ms (not part of the rate). */
  setupMs: number;
  handshakes: number;
  /** Time spent handshaking, in seconds. */
  seconds: number;
  perSecond: number;
  /** CPU time (user + system) of this process per handshake, both ends together, in ms. */
  cpuMsPerHandshake: number | null;
  /** The signature alone, as node:crypto makes it (SHA-256; RSA with PSS padding, as TLS 1.3 signs): per second. */
  signaturesPerSecond: number;
  verificationsPerSecond: number;
}

export interface CostReport {
  tls: 'TLSv1.3';
  results: KeyCost[];
  /** ECDSA handshakes per second divided by RSA's (null when RSA completed none). */
  ecdsaOverRsa: number | null;
  /** True when the run was stopped before its planned time. */
  stopped: boolean;
}

const NAMES: Record<KeyAlgorithm, string> = { 'ecdsa-p256': 'ECDSA P-256', 'rsa-2048': 'RSA-2048' };

interface Bench {
  algorithm: KeyAlgorithm;
  key: { private: KeyObject; public: KeyObject };
  signs: number;
  verifies: number;
  signMs: number;
  verifyMs: number;
  setupMs: number;
  port: number;
  client: tls.SecureContext;
  server: tls.Server;
  sockets: Set<net.Socket>;
  handshakes: number;
  ms: number;
  cpuMs: number;
}

/** A CA, server and client certificate of one key type, a server that requires the client's, and the client's context. */
async function prepare(algorithm: KeyAlgorithm): Promise<Bench> {
  const start = performance.now();
  const ca = await createCa(`cost lab ${NAMES[algorithm]} CA`, { algorithm });
  const [server, client]: PemIdentity[] = await Promise.all([
    issueServerCert(ca, { algorithm }),
    issueWorkloadCert(ca, spiffeId('shop', 'orders'), { algorithm }),
  ]);
  const setupMs = performance.now() - start;
  const tlsServer = tls.createServer({ key: server!.key, cert: server!.cert, ca: [ca.cert], requestCert: true, rejectUnauthorized: true, minVersion: 'TLSv1.3' });
  const sockets = new Set<net.Socket>();
  tlsServer.on('connection', (raw: net.Socket) => {
    sockets.add(raw);
    raw.once('close', () => sockets.delete(raw));
  });
  // One byte once the server has verified the client: the proof the whole mutual handshake was done on both ends.
  tlsServer.on('secureConnection', (socket: tls.TLSSocket) => socket.end('k'));
  tlsServer.on('tlsClientError', () => {}); // the client hung up first: counted on the client's side
  const port = await listenOnLoopback(tlsServer, 0);
  const context = tls.createSecureContext({ key: client!.key, cert: client!.cert, ca: [ca.cert], minVersion: 'TLSv1.3' });
  const key = { private: createPrivateKey(server!.key), public: createPublicKey(server!.cert) };
  return { algorithm, key, signs: 0, verifies: 0, signMs: 0, verifyMs: 0, setupMs, port, client: context, server: tlsServer, sockets, handshakes: 0, ms: 0, cpuMs: 0 };
}

/**
 * One full handshake, both ends verified: resolves when the server's byte arrives. (In TLS 1.3 the client is done
 * before the server has checked its certificate; waiting for the byte counts the server's half too.)
 */
function handshake(bench: Bench, timeoutMs: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const socket = tls.connect({ host: '127.0.0.1', port: bench.port, servername: 'localhost', secureContext: bench.client, rejectUnauthorized: true });
    const timer = setTimeout(() => done(new Error(`a ${NAMES[bench.algorithm]} handshake took more than ${timeoutMs} ms`)), timeoutMs);
    const done = (error?: Error) => {
      clearTimeout(timer);
      socket.destroy();
      if (error) reject(error);
      else resolve();
    };
    socket.once('data', () => done());
    socket.once('end', () => done(new Error(`the ${NAMES[bench.algorithm]} server closed without accepting the client`)));
    socket.once('error', (error) => done(error));
  });
}

/** Handshakes in flight at once: enough to keep the one thread busy while each waits for its peer. */
const IN_FLIGHT = 8;

async function round(bench: Bench, ms: number, timeoutMs: number, signal?: AbortSignal): Promise<void> {
  const start = performance.now();
  const cpu = process.cpuUsage();
  const lane = async () => {
    while (performance.now() - start < ms && !signal?.aborted) {
      await handshake(bench, timeoutMs);
      bench.handshakes++;
    }
  };
  await Promise.all(Array.from({ length: IN_FLIGHT }, lane));
  bench.ms += performance.now() - start;
  const used = process.cpuUsage(cpu);
  bench.cpuMs += (used.user + used.system) / 1000;
}

function close(bench: Bench): Promise<void> {
  for (const socket of bench.sockets) socket.destroy();
  return new Promise((resolve) => bench.server.close(() => resolve()));
}

/** What a TLS 1.3 CertificateVerify signs is about this long: 64 spaces, a context string and a transcript hash. */
const SIGNED = Buffer.alloc(130, 7);

/** Signs, then verifies, for `ms` each: the primitive a handshake does once per side (sign) and twice (verify). */
function signatures(bench: Bench, ms: number): void {
  const options = (key: KeyObject) => (bench.algorithm === 'rsa-2048' ? { key, padding: 6 /* RSA_PKCS1_PSS_PADDING */, saltLength: 32 } : key);
  let start = performance.now();
  let signature = sign('sha256', SIGNED, options(bench.key.private));
  bench.signs++;
  while (performance.now() - start < ms) {
    signature = sign('sha256', SIGNED, options(bench.key.private));
    bench.signs++;
  }
  bench.signMs += performance.now() - start;
  start = performance.now();
  while (performance.now() - start < ms) {
    if (!verify('sha256', SIGNED, options(bench.key.public), signature)) throw new Error(`a ${NAMES[bench.algorithm]} signature did not verify`);
    bench.verifies++;
  }
  bench.verifyMs += performance.now() - start;
}

/** Measures both key types in alternating rounds; every server and socket is closed before it returns or throws. */
export async function measureHandshakeCost(options: CostOptions = {}): Promise<CostReport> {
  const seconds = options.seconds ?? 2;
  const roundMs = options.roundMs ?? 250;
  const timeoutMs = options.handshakeTimeoutMs ?? 5000;
  const benches = await Promise.all((['ecdsa-p256', 'rsa-2048'] as const).map(prepare));
  try {
    const rounds = Math.max(1, Math.round((seconds * 1000) / roundMs));
    for (let i = 0; i < rounds && !options.signal?.aborted; i++) {
      // Each round starts with the kind that went second in the one before, so neither always follows the other.
      const order = i % 2 === 0 ? benches : [...benches].reverse();
      for (const bench of order) await round(bench, roundMs, timeoutMs, options.signal);
      for (const bench of order) signatures(bench, Math.min(50, roundMs / 5));
    }
  } finally {
    await Promise.all(benches.map(close));
  }
  const results = benches.map(
    (b): KeyCost => ({
      algorithm: b.algorithm,
      name: NAMES[b.algorithm],
      setupMs: Math.round(b.setupMs),
      handshakes: b.handshakes,
      seconds: Math.round(b.ms) / 1000,
      perSecond: b.ms > 0 ? Math.round((b.handshakes * 1000) / b.ms) : 0,
      cpuMsPerHandshake: b.handshakes > 0 ? Math.round((b.cpuMs / b.handshakes) * 100) / 100 : null,
      signaturesPerSecond: Math.round((b.signs * 1000) / b.signMs),
      verificationsPerSecond: Math.round((b.verifies * 1000) / b.verifyMs),
    }),
  );
  const [ecdsa, rsa] = results as [KeyCost, KeyCost];
  return { tls: 'TLSv1.3', results, ecdsaOverRsa: rsa.perSecond > 0 ? Math.round((ecdsa.perSecond / rsa.perSecond) * 100) / 100 : null, stopped: options.signal?.aborted ?? false };
}
