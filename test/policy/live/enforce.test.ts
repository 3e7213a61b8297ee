import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { enforceAndProbe } from '../../../src/policy/live/enforce.js';
import { expectedOutcome } from '../../../src/policy/live/probe-outcome.js';
import type { MeshCerts, ProbeSpec } from '../../../src/policy/live/types.js';
import { meshCerts } from '../fixtures.js';
import { expectNoHandlesLeft, handleBaseline, type HandleCounts } from '../../lab/handles.js';

const PROBES: ProbeSpec[] = [
  { id: 'plaintext', label: 'plaintext', sends: 'plaintext' },
  { id: 'mtls', label: 'mtls', sends: 'mtls' },
  { id: 'tls-no-cert', label: 'tls', sends: 'tls' },
];

let certs: MeshCerts;
let before: HandleCounts;

beforeAll(async () => {
  certs = await meshCerts();
  before = await handleBaseline();
});

afterAll(async () => {
  // Every listener, socket and timer of the runs above is gone.
  await expectNoHandlesLeft(before);
});

function byId(results: Awaited<ReturnType<typeof enforceAndProbe>>['probes']) {
  return Object.fromEntries(results.map((p) => [p.id, p]));
}

describe('live enforcement on 127.0.0.1', () => {
  it('STRICT: plaintext is closed, mTLS gets in with its SPIFFE ID, TLS without a certificate is refused', async () => {
    const { listener, probes } = await enforceAndProbe({ mode: 'STRICT', certs, probes: PROBES });
    expect(listener.address).toBe('127.0.0.1');
    expect(listener.port).toBeGreaterThan(0);
    const p = byId(probes);
    expect(p.plaintext).toMatchObject({ outcome: 'rejected', httpStatus: null, serverError: 'NO_FILTER_CHAIN' });
    expect(p.plaintext!.reason).toMatch(/no filter chain/);
    expect(p.mtls).toMatchObject({
      outcome: 'accepted',
      httpStatus: 200,
      serverSaw: 'mTLS from spiffe://cluster.local/ns/foo/sa/sleep',
      clientIdentity: 'spiffe://cluster.local/ns/foo/sa/sleep',
      serverIdentity: 'spiffe://cluster.local/ns/foo/sa/web',
    });
    expect(p['tls-no-cert']).toMatchObject({ outcome: 'rejected', serverError: 'ERR_SSL_PEER_DID_NOT_RETURN_A_CERTIFICATE' });
    expect(p['tls-no-cert']!.clientError).toMatch(/CERTIFICATE_REQUIRED|HANDSHAKE_FAILURE/);
    expect(probes.every((x) => x.asExpected)).toBe(true);
  });

  it('PERMISSIVE: one port takes plaintext (no identity) and mTLS (with identity), chosen by the first byte', async () => {
    const p = byId((await enforceAndProbe({ mode: 'PERMISSIVE', certs, probes: PROBES })).probes);
    expect(p.plaintext).toMatchObject({ outcome: 'accepted', httpStatus: 200, serverSaw: 'plaintext, no peer identity' });
    expect(p.mtls).toMatchObject({ outcome: 'accepted', serverSaw: 'mTLS from spiffe://cluster.local/ns/foo/sa/sleep' });
    expect(p['tls-no-cert']!.outcome).toBe('rejected');
  });

  it('DISABLE: plaintext only; a ClientHello lands on the plaintext chain and fails as a protocol error', async () => {
    const p = byId((await enforceAndProbe({ mode: 'DISABLE', certs, probes: PROBES })).probes);
    expect(p.plaintext).toMatchObject({ outcome: 'accepted', httpStatus: 200 });
    expect(p.mtls).toMatchObject({ outcome: 'rejected', httpStatus: null });
    expect(p.mtls!.serverError).toMatch(/^HPE_/);
    expect(p.mtls!.reason).toMatch(/does not terminate TLS/);
    expect(p['tls-no-cert']!.outcome).toBe('rejected');
  });

  it('PERMISSIVE keeps working for several connections in a row (the inspector resumes each socket)', async () => {
    const many = Array.from({ length: 6 }, (_, i) => PROBES[i % 3]!);
    const { probes } = await enforceAndProbe({ mode: 'PERMISSIVE', certs, probes: many });
    expect(probes.map((x) => x.outcome)).toEqual(['accepted', 'accepted', 'rejected', 'accepted', 'accepted', 'rejected']);
  });

  it('the model of what each mode accepts matches the table in the reference', () => {
    expect(['STRICT', 'PERMISSIVE', 'DISABLE'].map((m) => expectedOutcome(m as 'STRICT', 'plaintext'))).toEqual(['rejected', 'accepted', 'accepted']);
    expect(['STRICT', 'PERMISSIVE', 'DISABLE'].map((m) => expectedOutcome(m as 'STRICT', 'mtls'))).toEqual(['accepted', 'accepted', 'rejected']);
  });
});
