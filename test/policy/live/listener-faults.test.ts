/**
 * The policy lab's enforcement listener (one port, first-byte inspection, like Envoy's TLS inspector) facing
 * clients that misbehave, in each mode: every connection is cut off within the limit, reported once with a reason a
 * person can read, holds nobody else up, and the listener keeps serving the clients its mode accepts.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startEnforcementListener, type EnforcementListener } from '../../../src/policy/live/listener.js';
import type { ListenerConnection, MeshCerts } from '../../../src/policy/live/types.js';
import type { EffectiveMode } from '../../../src/policy/types.js';
import { clientHello, FAULT_KINDS, faultClient, type FaultKind, type FaultOutcome } from '../../lab/fault-clients.js';
import { meshCerts } from '../fixtures.js';
import { expectNoHandlesLeft, handleBaseline } from '../../lab/handles.js';
import { httpsGet, plainGet } from '../../lab/http-get.js';

// Generous, so "at once" and "not held up" hold with wide margin on a loaded machine.
const LIMIT_MS = 1000;
let certs: MeshCerts;

beforeAll(async () => {
  certs = await meshCerts();
  await clientHello();
});

type Expectation = { code: string | RegExp | null; reason: RegExp; cutOff: 'at once' | 'at the limit' | 'by the client' };
const NO_DATA: Expectation = { code: 'NO_DATA_TIMEOUT', reason: /sent nothing within 1000 ms, so the TLS inspector had no first byte/, cutOff: 'at the limit' };
const NO_CHAIN: Expectation = { code: 'NO_FILTER_CHAIN', reason: /^STRICT: the first byte \(0x[0-9a-f]{2}\) is not a TLS handshake and STRICT has no plaintext chain/, cutOff: 'at once' };
const NOT_HTTP: Expectation = { code: /^HPE_/, reason: /^plaintext chain: the bytes are not HTTP \(HPE_\w+\); answered 400 Bad Request/, cutOff: 'at once' };
const TLS_GARBAGE: Expectation = { code: /^ERR_SSL_/, reason: /^mTLS chain: the handshake failed: .*TLS/, cutOff: 'at once' };
const HUNG_UP: Expectation = { code: 'ECONNRESET', reason: /^mTLS chain: the handshake failed: the client closed the connection before the handshake finished$/, cutOff: 'at once' };
const RESET: Expectation = { code: 'ECONNRESET', reason: /^mTLS chain: the handshake failed: the client reset the connection \(TCP RST\)/, cutOff: 'by the client' };
const HANDSHAKE_TIMEOUT: Expectation = { code: 'ERR_TLS_HANDSHAKE_TIMEOUT', reason: /^mTLS chain: the client did not finish the handshake in time \(1000 ms\)/, cutOff: 'at the limit' };
const PLAINTEXT_OK: Expectation = { code: null, reason: /^plaintext: the request reached the app with no peer identity$/, cutOff: 'at once' };

const EXPECTED: Record<EffectiveMode, Record<FaultKind, Expectation>> = {
  STRICT: {
    silent: NO_DATA,
    garbage: NO_CHAIN,
    'garbage-tls-header': TLS_GARBAGE,
    'plain-http': NO_CHAIN,
    'truncated-hello': HUNG_UP,
    'reset-mid-handshake': RESET,
    'trickle-hello': HANDSHAKE_TIMEOUT,
    'stalled-hello': HANDSHAKE_TIMEOUT,
  },
  PERMISSIVE: {
    silent: NO_DATA,
    garbage: NOT_HTTP,
    'garbage-tls-header': TLS_GARBAGE,
    'plain-http': PLAINTEXT_OK, // not a fault here: PERMISSIVE takes plaintext
    'truncated-hello': HUNG_UP,
    'reset-mid-handshake': RESET,
    'trickle-hello': HANDSHAKE_TIMEOUT,
    'stalled-hello': HANDSHAKE_TIMEOUT,
  },
  // DISABLE has only the plaintext chain: anything starting with 0x16 is a bad HTTP request there, at the first byte.
  DISABLE: {
    silent: NO_DATA,
    garbage: NOT_HTTP,
    'garbage-tls-header': NOT_HTTP,
    'plain-http': PLAINTEXT_OK,
    'truncated-hello': NOT_HTTP,
    'reset-mid-handshake': { ...NOT_HTTP, cutOff: 'by the client' }, // the client resets when the 400 arrives
    'trickle-hello': NOT_HTTP,
    'stalled-hello': NOT_HTTP,
  },
};

// In order, even in a shuffled run: the last test sums up the connections of the ones before.
for (const mode of ['STRICT', 'PERMISSIVE', 'DISABLE'] as const) describe(`enforcement listener in ${mode} with misbehaving clients`, { shuffle: false }, () => {
  let listener: EnforcementListener;
  const reports: ListenerConnection[] = [];
  let before: Awaited<ReturnType<typeof handleBaseline>>;

  beforeAll(async () => {
    before = await handleBaseline();
    listener = await startEnforcementListener({ mode, certs, timeoutMs: LIMIT_MS, onConnection: (c) => reports.push(c) });
  });
  afterAll(async () => {
    await listener?.close();
  });

  /** The client this mode lets in: mTLS with a workload certificate, or plaintext where only plaintext is served. */
  async function goodClientGetsIn() {
    if (mode === 'DISABLE') {
      expect(await plainGet(listener.port)).toMatchObject({ status: 200, body: expect.stringContaining('"transport":"plaintext"') });
    } else {
      const reply = await httpsGet({ port: listener.port, ca: certs.root, cert: certs.client.cert, key: certs.client.key });
      expect(reply).toMatchObject({ status: 200, headers: { 'x-forwarded-client-cert': `By=${certs.serverIdentity};URI=${certs.clientIdentity}` } });
    }
  }

  function reportFor(outcome: FaultOutcome): Promise<ListenerConnection> {
    expect(outcome.localPort, 'the fault client connected').not.toBeNull();
    const remote = `127.0.0.1:${outcome.localPort}`;
    return vi.waitFor(
      () => {
        const found = reports.find((r) => r.remote === remote);
        if (!found) throw new Error(`no report for ${remote}`);
        return found;
      },
      { timeout: 2000, interval: 10 },
    );
  }

  it.each(FAULT_KINDS)('%s: cut off and reported once, with a readable reason', async (kind) => {
    const expected = EXPECTED[mode][kind];
    const outcome = await faultClient(kind, listener.port, LIMIT_MS + 2000);
    expect(outcome.closedBy).toBe(expected.cutOff === 'by the client' ? 'client' : 'server');
    if (expected.cutOff === 'at the limit') expect(outcome.ms).toBeGreaterThanOrEqual(LIMIT_MS - 50);
    else expect(outcome.ms, 'decided without waiting for the limit').toBeLessThan(LIMIT_MS);
    expect(outcome.ms).toBeLessThan(LIMIT_MS + 1000);
    if (expected === NOT_HTTP) expect(outcome.received.toString('latin1')).toMatch(/^HTTP\/1\.1 400 Bad Request/);

    const report = await reportFor(outcome);
    expect(report.verdict).toBe(expected.code === null ? 'accepted' : 'rejected');
    if (expected.code === null) expect(report.code).toBeNull();
    else expect(report.code).toMatch(expected.code);
    expect(report.reason).toMatch(expected.reason);
    expect(report.events.length, 'what happened, step by step').toBeGreaterThan(0);
  });

  it('all of them at once hold no one up: the good client gets in well before the limit', async () => {
    const faults = Promise.all(FAULT_KINDS.map((kind) => faultClient(kind, listener.port, LIMIT_MS + 2000)));
    const start = performance.now();
    await goodClientGetsIn();
    expect(performance.now() - start).toBeLessThan(LIMIT_MS);
    expect((await faults).map((o) => o.closedBy)).not.toContain('bound');
  });

  it('still serves the good client afterwards; one report per connection; nothing left once closed', async () => {
    await goodClientGetsIn();
    // Every fault on its own and all together, plus the good client twice.
    await vi.waitFor(() => expect(reports).toHaveLength(FAULT_KINDS.length * 2 + 2), { timeout: 2000, interval: 10 });
    const remotes = reports.map((r) => r.remote);
    expect(new Set(remotes).size).toBe(remotes.length);
    const good = reports.filter((r) => r.verdict === 'accepted' && (mode === 'DISABLE' || r.chain === 'tls'));
    expect(good.length).toBeGreaterThanOrEqual(2);
    if (mode !== 'DISABLE') expect(good[0]).toMatchObject({ chain: 'tls', peer: certs.clientIdentity, code: null });
    await listener.close();
    await expectNoHandlesLeft(before);
  });
});
