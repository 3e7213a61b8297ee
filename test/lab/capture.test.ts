/**
 * Capturing the wire: the relay passes bytes, FINs and resets through unchanged and records them in order; a lab
 * run with a capture reaches the same verdicts as without one; with no capture asked, no relay runs at all.
 */
import net from 'node:net';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { startCaptureRelay } from '../../src/lab/capture-relay.js';
import { createLabPki } from '../../src/lab/lab-pki.js';
import { opensslSupport } from '../../src/lab/openssl-server.js';
import { runScenarios } from '../../src/lab/runner.js';
import { SCENARIO_IDS } from '../../src/lab/scenarios.js';
import type { ScenarioResult, ServerKind, TlsVersion } from '../../src/lab/types.js';
import { decodeCapture } from '../../src/wire/decode.js';
import type { WireCapture } from '../../src/wire/types.js';
import { expectNoHandlesLeft, handleBaseline } from './handles.js';

const relayModule = await import('../../src/lab/capture-relay.js');

afterEach(() => vi.restoreAllMocks());

/** A TCP server on 127.0.0.1 that runs `onConnection` for its one client. */
async function tcpServer(onConnection: (socket: net.Socket) => void): Promise<{ port: number; close(): Promise<void> }> {
  const server = net.createServer({ allowHalfOpen: true }, onConnection);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { port: (server.address() as net.AddressInfo).port, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

describe('the capture relay', () => {
  it('passes both directions through in order and records each side’s bytes and its FIN', async () => {
    const before = await handleBaseline();
    const server = await tcpServer((socket) => {
      socket.once('data', (data) => socket.end(`echo ${data.toString()}`));
    });
    let now = 0;
    const relay = await startCaptureRelay(server.port, () => ++now);
    const client = net.connect({ host: '127.0.0.1', port: relay.port });
    let clientPort = 0;
    client.on('connect', () => (clientPort = client.localPort ?? -1));
    let received = '';
    client.on('data', (data) => (received += data.toString()));
    client.write('ping');
    await new Promise((resolve) => client.on('end', resolve));
    client.end();
    await new Promise((resolve) => client.on('close', resolve));
    await relay.close();
    await server.close();
    expect(received).toBe('echo ping');
    const { capture } = relay;
    expect(capture.chunks.map((c) => [c.from, Buffer.from(c.data).toString()])).toEqual([
      ['client', 'ping'],
      ['server', 'echo ping'],
    ]);
    expect(capture.chunks[0]!.t).toBeLessThan(capture.chunks[1]!.t);
    expect(capture.closes.map((c) => `${c.from} ${c.how}`)).toEqual(['server fin', 'client fin']);
    expect(capture.clientPort).toBe(clientPort);
    expect(capture.serverPort).toBe(relay.port);
    await expectNoHandlesLeft(before);
  });

  it('passes a reset on as a reset, so the client sees ECONNRESET as it would without the relay', async () => {
    const server = await tcpServer((socket) => socket.once('data', () => socket.resetAndDestroy()));
    const relay = await startCaptureRelay(server.port, () => 0);
    const client = net.connect({ host: '127.0.0.1', port: relay.port });
    const error = new Promise<NodeJS.ErrnoException>((resolve) => client.on('error', resolve));
    client.write('hello');
    expect((await error).code).toBe('ECONNRESET');
    await relay.close();
    await server.close();
    expect(relay.capture.closes).toEqual([{ t: 0, from: 'server', how: 'rst' }]);
  });

  it('keeps key log lines without their newline, and skips empty ones', async () => {
    const server = await tcpServer(() => {});
    const relay = await startCaptureRelay(server.port, () => 0);
    relay.keylog(Buffer.from('CLIENT_RANDOM aa bb\n'));
    relay.keylog('\n');
    await relay.close();
    await server.close();
    expect(relay.capture.keylog).toEqual(['CLIENT_RANDOM aa bb']);
  });
});

const verdict = (r: ScenarioResult) =>
  (r.steps ?? [r]).map((s) => ({ label: s.label, outcome: s.outcome, rejectedBy: s.rejectedBy, asExpected: s.asExpected, alert: s.alert?.name ?? null, authorizationError: s.authorizationError, clientAuthorizationError: s.clientAuthorizationError }));

/** Scenarios whose server refuses the ClientHello itself, before any key exchange. */
const HELLO_REFUSALS = ['version-floor', 'alpn-mismatch'];

const servers: ServerKind[] = opensslSupport().ok ? ['node', 'openssl'] : ['node'];

describe('a lab run with a capture', () => {
  it.each(servers.flatMap((server) => (['1.2', '1.3'] as TlsVersion[]).map((tls) => [server, tls] as const)))(
    '%s server, TLS %s: every scenario reaches the same verdict as without a capture, and every step is captured',
    async (server, tls) => {
      const pki = createLabPki();
      const captures = new Map<string, WireCapture>();
      const plain = await runScenarios(SCENARIO_IDS, { pki, tls, server });
      const captured = await runScenarios(SCENARIO_IDS, { pki, tls, server, capture: (id, step, capture) => captures.set(`${id}/${step}`, capture) });
      expect(captured.map(verdict)).toEqual(plain.map(verdict));
      for (const result of captured) {
        (result.steps ?? [result]).forEach((_, step) => {
          const capture = captures.get(`${result.id}/${step}`);
          expect(capture, `${result.id} step ${step}`).toBeDefined();
          expect(capture!.chunks.some((c) => c.from === 'client'), `${result.id}: client bytes`).toBe(true);
          // Secrets exist once the server has answered the hello: a handshake refused at the hello (a version
          // floor, no common ALPN protocol) and plain text have none to log.
          const answered = decodeCapture(capture!).messages.some((m) => m.type === 'ServerHello');
          if (answered) expect(capture!.keylog.length, `${result.id}: key log`).toBeGreaterThan(0);
          else expect([...HELLO_REFUSALS, 'plaintext-to-mtls'], `${result.id}: no ServerHello`).toContain(result.id);
        });
      }
    },
    60_000,
  );

  it('without a capture, starts no relay', async () => {
    const start = vi.spyOn(relayModule, 'startCaptureRelay');
    await runScenarios(['good', 'no-client-cert'], {});
    expect(start).not.toHaveBeenCalled();
  });
});
