/**
 * `lab serve` facing clients that misbehave: each is cut off (at once, or at the handshake timeout), reported once
 * with its address and a reason a person can read, holds nobody else up, and leaves the server serving.
 */
import { describe, expect, it, vi } from 'vitest';
import type { ConnectionReport } from '../../src/lab/serve.js';
import { useExportedLabServer } from './exported-server.js';
import { clientHello, FAULT_KINDS, faultClient, type FaultKind } from './fault-clients.js';
import { expectNoHandlesLeft, handleBaseline, type HandleCounts } from './handles.js';
import { httpsGet } from './http-get.js';

// Generous, so "at once" and "not held up" hold with wide margin on a loaded machine.
const HANDSHAKE_MS = 1000;

let before: HandleCounts;
const lab = useExportedLabServer('mtls-serve-faults-', HANDSHAKE_MS, async () => {
  await clientHello(); // captured once, before the handle count
  before = await handleBaseline();
});

const goodClient = () => httpsGet({ port: lab.server.port, ca: lab.file('ca.crt'), cert: lab.file('clients/good.crt'), key: lab.file('clients/good.key') });

async function reportFor(localPort: number | null): Promise<ConnectionReport> {
  expect(localPort, 'the fault client connected').not.toBeNull();
  const remote = `127.0.0.1:${localPort}`;
  return vi.waitFor(
    () => {
      const found = lab.reports.find((r) => r.remote === remote);
      if (!found) throw new Error(`no report for ${remote}; got ${JSON.stringify(lab.reports.map((r) => r.remote))}`);
      return found;
    },
    { timeout: 2000, interval: 10 },
  );
}

/** What the server says about each fault, and whether it can tell at once or only when the handshake time runs out. */
const EXPECTED: Record<FaultKind, { code: string | RegExp; reason: RegExp; cutOff: 'at once' | 'at the timeout' | 'by the client' }> = {
  silent: { code: 'ERR_TLS_HANDSHAKE_TIMEOUT', reason: /did not finish the handshake in time \(1000 ms\); connection closed/, cutOff: 'at the timeout' },
  garbage: { code: 'ERR_SSL_WRONG_VERSION_NUMBER', reason: /^the bytes received are not TLS/, cutOff: 'at once' },
  'garbage-tls-header': { code: /^ERR_SSL_/, reason: /TLS/, cutOff: 'at once' },
  'plain-http': { code: 'ERR_SSL_HTTP_REQUEST', reason: /^the client spoke plain HTTP to a TLS port$/, cutOff: 'at once' },
  'truncated-hello': { code: 'ECONNRESET', reason: /^the client closed the connection before the TLS handshake finished$/, cutOff: 'at once' },
  'reset-mid-handshake': { code: 'ECONNRESET', reason: /^the client reset the connection \(TCP RST\) before the TLS handshake finished$/, cutOff: 'by the client' },
  'trickle-hello': { code: 'ERR_TLS_HANDSHAKE_TIMEOUT', reason: /did not finish the handshake in time/, cutOff: 'at the timeout' },
  'stalled-hello': { code: 'ERR_TLS_HANDSHAKE_TIMEOUT', reason: /did not finish the handshake in time/, cutOff: 'at the timeout' },
};

// In order, even in a shuffled run: the last tests sum up the connections of the ones before.
describe('lab serve with misbehaving clients', { shuffle: false }, () => {
  it.each(FAULT_KINDS)('%s: cut off, reported once with its address and a readable reason', async (kind) => {
    const expected = EXPECTED[kind];
    const outcome = await faultClient(kind, lab.server.port, HANDSHAKE_MS + 2000);
    if (expected.cutOff === 'by the client') expect(outcome.closedBy).toBe('client');
    else expect(outcome.closedBy, 'the server closed the connection (the test did not have to)').toBe('server');
    if (expected.cutOff === 'at the timeout') expect(outcome.ms).toBeGreaterThanOrEqual(HANDSHAKE_MS - 50);
    else expect(outcome.ms, 'recognised without waiting for the timeout').toBeLessThan(HANDSHAKE_MS);
    expect(outcome.ms).toBeLessThan(HANDSHAKE_MS + 1000);

    const report = await reportFor(outcome.localPort);
    expect(report).toMatchObject({ verdict: 'rejected', identity: null, authorizationError: null });
    expect(report.code).toMatch(expected.code);
    expect(report.reason).toMatch(expected.reason);
    expect(report.reason, 'a sentence, not a bare error code').not.toMatch(/^[A-Z0-9_]+$/);
  });

  it('all of them at once hold no one up: a good client gets in well before the handshake timeout', async () => {
    const faults = Promise.all(FAULT_KINDS.map((kind) => faultClient(kind, lab.server.port, HANDSHAKE_MS + 2000)));
    const start = performance.now();
    const reply = await goodClient();
    expect(reply).toMatchObject({ status: 200 });
    expect(performance.now() - start).toBeLessThan(HANDSHAKE_MS);
    const outcomes = await faults;
    expect(outcomes.map((o) => o.closedBy)).not.toContain('bound');
  });

  it('still serves a good mTLS client after every fault, and reported each connection exactly once', async () => {
    const reply = await goodClient();
    expect(reply).toMatchObject({ status: 200 });
    expect('body' in reply && reply.body).toContain('hello spiffe://cluster.local/ns/shop/sa/orders');
    await vi.waitFor(() => expect(lab.reports.filter((r) => r.verdict === 'accepted')).toHaveLength(2), { timeout: 2000, interval: 10 });
    // Every fault once on its own and once all together, plus the two good clients.
    await vi.waitFor(() => expect(lab.reports).toHaveLength(FAULT_KINDS.length * 2 + 2), { timeout: 2000, interval: 10 });
    const remotes = lab.reports.map((r) => r.remote);
    expect(new Set(remotes).size, 'one report per connection').toBe(remotes.length);
    expect(remotes.every((r) => /^127\.0\.0\.1:\d+$/.test(r)), 'every report names the client').toBe(true);
  });

  it('leaves no server, socket or timer behind once closed', async () => {
    await lab.server.close();
    await expectNoHandlesLeft(before);
  });
});
