/**
 * The policy lab's enforcement listener (one port, first-byte inspection, like Envoy's TLS inspector) facing
 * clients that misbehave, in each mode: every connection is cut off within the limit, reported once with a reason a
 * person can read, holds nobody else up, and the listener keeps serving the clients its mode accepts.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startEnforcementListener, type EnforcementListener } from '../../../src/policy/live/listener.js';
import type { ListenerConnection, MeshCerts } from '../../../src/policy/live/types.js';
import type { EffectiveMode } from '../../../src/policy/types.js';
import { SIDECAR_HTTP11_ALPN, type PortProtocol } from '../../../src/policy/inbound-chains.js';
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

type Expectation = { code: string | RegExp | null; reason: RegExp; cutOff: 'at once' | 'at the limit' | 'by the client'; verdict?: 'passed-through' };
const NO_DATA: Expectation = { code: 'NO_DATA_TIMEOUT', reason: /sent nothing within 1000 ms, so the TLS inspector had no first byte/, cutOff: 'at the limit' };
const NO_CHAIN: Expectation = { code: 'NO_FILTER_CHAIN', reason: /^STRICT: the first byte \(0x[0-9a-f]{2}\) is not a TLS handshake and STRICT has no plaintext chain/, cutOff: 'at once' };
const NOT_HTTP: Expectation = { code: /^HPE_/, reason: /^plaintext chain: the bytes are not HTTP \(HPE_\w+\); answered 400 Bad Request/, cutOff: 'at once' };
const NOT_A_HELLO: Expectation = { code: 'NO_FILTER_CHAIN', reason: /^STRICT: the bytes are not a TLS ClientHello \(.*\) and STRICT has no plaintext chain/, cutOff: 'at once' };
const RESET: Expectation = { code: 'ECONNRESET', reason: /^mTLS chain: the handshake failed: the client reset the connection \(TCP RST\)/, cutOff: 'by the client' };
const PLAINTEXT_OK: Expectation = { code: null, reason: /^plaintext: the request reached the app with no peer identity$/, cutOff: 'at once' };
// PERMISSIVE reads the whole ClientHello before choosing a chain by its ALPN, as Envoy's TLS inspector does.
const HELLO_CUT: Expectation = { code: 'CLIENT_CLOSED', reason: /^TLS inspector: the client closed the connection before its ClientHello was complete$/, cutOff: 'at once' };
const HELLO_TIMEOUT: Expectation = { code: 'CLIENT_HELLO_TIMEOUT', reason: /^TLS inspector: the ClientHello did not arrive whole within 1000 ms/, cutOff: 'at the limit' };
// TLS the sidecar does not terminate goes to the app, which speaks plain HTTP and answers 400 at its first byte.
const PASSED: Expectation = { code: /^HPE_/, reason: /the \w+ \w+ chain passed it to the app unchanged \(the sidecar did not terminate it\)$/, cutOff: 'at once', verdict: 'passed-through' };

/** Each mode on an undeclared (auto) port, and DISABLE on a port declared HTTP too. */
const CONFIGS: { mode: EffectiveMode; portProtocol: PortProtocol; expected: Record<FaultKind, Expectation> }[] = [
  {
    mode: 'STRICT',
    portProtocol: 'auto',
    expected: {
      silent: NO_DATA,
      garbage: NO_CHAIN,
      'garbage-tls-header': NOT_A_HELLO, // the inspector finds no ClientHello, and STRICT has no chain for raw bytes
      'plain-http': NO_CHAIN,
      'truncated-hello': HELLO_CUT,
      'reset-mid-handshake': RESET,
      'trickle-hello': HELLO_TIMEOUT,
      'stalled-hello': HELLO_TIMEOUT,
    },
  },
  {
    mode: 'PERMISSIVE',
    portProtocol: 'auto',
    expected: {
      silent: NO_DATA,
      garbage: NOT_HTTP,
      'garbage-tls-header': NOT_HTTP, // not a ClientHello: the inspector reports no TLS, the plaintext chain gets it
      'plain-http': PLAINTEXT_OK, // not a fault here: PERMISSIVE takes plaintext
      'truncated-hello': HELLO_CUT,
      'reset-mid-handshake': { ...PASSED, cutOff: 'by the client' }, // Node's ClientHello offers no ALPN: passed through
      'trickle-hello': HELLO_TIMEOUT,
      'stalled-hello': HELLO_TIMEOUT,
    },
  },
  // DISABLE runs no TLS inspector. On a port declared HTTP, TLS bytes are a bad HTTP request at the first byte.
  {
    mode: 'DISABLE',
    portProtocol: 'http',
    expected: {
      silent: NO_DATA,
      garbage: NOT_HTTP,
      'garbage-tls-header': NOT_HTTP,
      'plain-http': PLAINTEXT_OK,
      'truncated-hello': NOT_HTTP,
      'reset-mid-handshake': { ...NOT_HTTP, cutOff: 'by the client' }, // the client resets when the 400 arrives
      'trickle-hello': NOT_HTTP,
      'stalled-hello': NOT_HTTP,
    },
  },
  // On an undeclared port they go to the app through the plaintext TCP chain, untouched.
  {
    mode: 'DISABLE',
    portProtocol: 'auto',
    expected: {
      silent: NO_DATA,
      garbage: NOT_HTTP,
      'garbage-tls-header': PASSED,
      'plain-http': PLAINTEXT_OK,
      'truncated-hello': PASSED,
      'reset-mid-handshake': { ...PASSED, cutOff: 'by the client' },
      'trickle-hello': PASSED,
      'stalled-hello': PASSED,
    },
  },
];

// In order, even in a shuffled run: the last test sums up the connections of the ones before.
for (const { mode, portProtocol, expected: EXPECTED } of CONFIGS) describe(`enforcement listener in ${mode} on a ${portProtocol} port with misbehaving clients`, { shuffle: false }, () => {
  let listener: EnforcementListener;
  const reports: ListenerConnection[] = [];
  let before: Awaited<ReturnType<typeof handleBaseline>>;

  beforeAll(async () => {
    before = await handleBaseline();
    listener = await startEnforcementListener({ mode, portProtocol, certs, timeoutMs: LIMIT_MS, onConnection: (c) => reports.push(c) });
  });
  afterAll(async () => {
    await listener?.close();
  });

  /** The client this mode lets in: mTLS with a workload certificate, or plaintext where only plaintext is served. */
  async function goodClientGetsIn() {
    if (mode === 'DISABLE') {
      expect(await plainGet(listener.port)).toMatchObject({ status: 200, body: expect.stringContaining('"transport":"plaintext"') });
    } else {
      const reply = await httpsGet({ port: listener.port, ca: certs.root, cert: certs.client.cert, key: certs.client.key, alpn: SIDECAR_HTTP11_ALPN });
      expect(reply).toMatchObject({ status: 200, headers: { 'x-forwarded-client-cert': `By=${certs.serverIdentity};URI=${certs.clientIdentity}` } });
    }
  }

  function reportFor(outcome: FaultOutcome): Promise<ListenerConnection> {
    expect(outcome.localPort, 'the fault client connected').not.toBeNull();
    const remote = `127.0.0.1:${outcome.localPort}`;
    return vi.waitFor(
      () => {
        // The latest: a busy machine may hand an earlier connection's port to a later one.
        const found = reports.findLast((r) => r.remote === remote);
        if (!found) throw new Error(`no report for ${remote}`);
        return found;
      },
      { timeout: 5000, interval: 10 },
    );
  }

  it.each(FAULT_KINDS)('%s: cut off and reported once, with a readable reason', async (kind) => {
    const expected = EXPECTED[kind];
    const outcome = await faultClient(kind, listener.port, LIMIT_MS + 2000);
    expect(outcome.closedBy).toBe(expected.cutOff === 'by the client' ? 'client' : 'server');
    if (expected.cutOff === 'at the limit') expect(outcome.ms).toBeGreaterThanOrEqual(LIMIT_MS - 50);
    else expect(outcome.ms, 'decided without waiting for the limit').toBeLessThan(LIMIT_MS);
    expect(outcome.ms).toBeLessThan(LIMIT_MS + 1000);
    if (expected === NOT_HTTP || expected === PASSED) expect(outcome.received.toString('latin1')).toMatch(/^HTTP\/1\.1 400 Bad Request/);

    const report = await reportFor(outcome);
    expect(report.verdict).toBe(expected.verdict ?? (expected.code === null ? 'accepted' : 'rejected'));
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
    await vi.waitFor(() => expect(reports).toHaveLength(FAULT_KINDS.length * 2 + 2), { timeout: 5000, interval: 10 });
    const remotes = reports.map((r) => r.remote);
    expect(new Set(remotes).size).toBe(remotes.length);
    const good = reports.filter((r) => r.verdict === 'accepted' && (mode === 'DISABLE' || r.chain === 'tls'));
    expect(good.length).toBeGreaterThanOrEqual(2);
    if (mode !== 'DISABLE') expect(good[0]).toMatchObject({ chain: 'tls', peer: certs.clientIdentity, code: null });
    await listener.close();
    await expectNoHandlesLeft(before);
  });
});
