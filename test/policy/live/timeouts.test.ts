/**
 * Outcomes are never invented: a probe that runs out of time, fails on this machine, or is cut without a decision
 * of the server is reported as `timed-out` / `error`, never as the rejection (or acceptance) a mode predicts, and
 * never counted as a confirmed prediction. The timeouts are made certain, not hoped for: every listener event holds
 * the event loop for 3 ms, so a 1 ms limit has passed before any reply can be read, however fast the machine.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatLab } from '../../../src/cli/policy.js';
import { enforceAndProbe } from '../../../src/policy/live/enforce.js';
import { outcomeOf } from '../../../src/policy/live/probe-outcome.js';
import type { MeshCerts, ProbeSpec } from '../../../src/policy/live/types.js';
import { runPolicyLab } from '../../../src/policy/lab.js';
import { expectNoHandlesLeft, handleBaseline, type HandleCounts } from '../../lab/handles.js';
import { meshCerts } from '../fixtures.js';

const PROBES: ProbeSpec[] = [
  { id: 'plaintext', label: 'plaintext', sends: 'plaintext' },
  { id: 'mtls', label: 'mtls', sends: 'mtls' },
  { id: 'tls-no-cert', label: 'tls', sends: 'tls' },
];

/** A busy machine, made certain: each listener event holds the loop for 3 ms. */
const busy = () => {
  const until = performance.now() + 3;
  while (performance.now() < until);
};

let certs: MeshCerts;
let before: HandleCounts;

beforeAll(async () => {
  certs = await meshCerts();
  before = await handleBaseline();
});

afterAll(async () => {
  await expectNoHandlesLeft(before);
});

describe('a probe that runs out of time', () => {
  it.each(['STRICT', 'PERMISSIVE', 'DISABLE'] as const)('%s: every probe is timed-out with no verdict, never the predicted one', async (mode) => {
    const { probes } = await enforceAndProbe({ mode, certs, probes: PROBES, probeTimeoutMs: 1, onEvent: busy });
    for (const p of probes) {
      expect(p.outcome, `${mode} ${p.id}`).toBe('timed-out');
      // "rejected, as expected" (or "accepted") would be a lie: nothing was decided.
      expect(p.asExpected, `${mode} ${p.id}`).toBe(false);
      expect(p.reason).toMatch(/^No verdict: the 1 ms time limit passed before the client saw a decision .*; this confirms nothing about /);
    }
  });

  it('a whole lab: not passed, the app behind the sidecar is given no status, and the CLI says "no verdict"', async () => {
    const yaml = 'apiVersion: security.istio.io/v1\nkind: PeerAuthentication\nmetadata: {name: default, namespace: foo}\nspec: {mtls: {mode: STRICT}}\n';
    const report = await runPolicyLab([{ path: 'x.yaml', text: yaml }], { workload: { namespace: 'foo', labels: { app: 'web' } }, probeTimeoutMs: 1, onEvent: busy });
    expect(report.passed).toBe(false);
    expect(report.probes.map((p) => p.outcome)).toEqual(['timed-out', 'timed-out', 'timed-out', 'timed-out']);
    expect(report.sidecar).toMatchObject({ appStatus: null, probe: { outcome: 'timed-out' } });
    expect(report.sidecar.appMessage).toMatch(/^no verdict: /);
    const text = formatLab(report);
    expect(text).toMatch(/TIMED-OUT\s+plaintext client \(no sidecar\) {2}\(no verdict; predicted rejected\)/);
    expect(text).not.toMatch(/REJECTED/);
    expect(text).toMatch(/No verdict for 5 of 5 connections \(timed out or failed on this machine\)/);
  });
});

describe('a probe that fails on this machine', () => {
  it('a client key Node cannot load is an error before anything is sent, not a rejection by the server', async () => {
    const broken = { ...certs, client: { ...certs.client, key: 'not a PEM key' } };
    const { probes } = await enforceAndProbe({ mode: 'STRICT', certs: broken, probes: [PROBES[1]!] });
    expect(probes[0]).toMatchObject({ outcome: 'error', asExpected: false, httpStatus: null, clientError: expect.stringMatching(/^ERR_OSSL_/) });
    expect(probes[0]!.reason).toMatch(/^No verdict: the probe failed without a decision from the server/);
  });
});

describe('outcomeOf: only the server decides', () => {
  it.each([
    ['a 200 from the app', { status: 200, error: null }, null, 'accepted'],
    ['a 403 from RBAC', { status: 403, error: null }, { verdict: 'rejected', code: 'RBAC_ACCESS_DENIED' }, 'rejected'],
    ['no filter chain', { status: null, error: 'ECONNRESET' }, { verdict: 'rejected', code: 'NO_FILTER_CHAIN' }, 'rejected'],
    ['a handshake the server refused', { status: null, error: 'ERR_SSL_TLSV13_ALERT_CERTIFICATE_REQUIRED' }, { verdict: 'rejected', code: 'ERR_SSL_PEER_DID_NOT_RETURN_A_CERTIFICATE' }, 'rejected'],
    ['the client\'s own limit', { status: null, error: 'TIMEOUT' }, { verdict: 'rejected', code: 'CLIENT_CLOSED' }, 'timed-out'],
    ['the listener\'s limit before a first byte', { status: null, error: 'ECONNRESET' }, { verdict: 'rejected', code: 'NO_DATA_TIMEOUT' }, 'timed-out'],
    ['the listener\'s handshake limit', { status: null, error: 'ECONNRESET' }, { verdict: 'rejected', code: 'ERR_TLS_HANDSHAKE_TIMEOUT' }, 'timed-out'],
    ['a connection refused on this machine', { status: null, error: 'ECONNREFUSED' }, null, 'error'],
    ['a reset with no report from the listener', { status: null, error: 'ECONNRESET' }, null, 'error'],
    ['the client hung up itself', { status: null, error: 'ECONNRESET' }, { verdict: 'rejected', code: 'CLIENT_CLOSED' }, 'error'],
    ['the server accepted but the client failed', { status: null, error: 'EPIPE' }, { verdict: 'accepted', code: null }, 'error'],
    ['passed to the app, which answered 400', { status: null, error: 'EPROTO (wrong version number)' }, { verdict: 'passed-through', code: 'HPE_INVALID_METHOD' }, 'passed-through'],
    ['passed through, but the client\'s limit came first', { status: null, error: 'TIMEOUT' }, { verdict: 'passed-through', code: null }, 'timed-out'],
    ['the inspector\'s limit for a whole ClientHello', { status: null, error: 'ECONNRESET' }, { verdict: 'rejected', code: 'CLIENT_HELLO_TIMEOUT' }, 'timed-out'],
    ['a 503 from the sidecar', { status: 503, error: null }, null, 'rejected'],
  ] as const)('%s → %s', (_what, client, seen, outcome) => {
    expect(outcomeOf(client, seen)).toBe(outcome);
  });
});
