import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { enforceAndProbe } from '../../../src/policy/live/enforce.js';
import { expectedOutcome } from '../../../src/policy/live/probe-outcome.js';
import { NON_MESH_HTTPS_ALPN, SIDECAR_HTTP11_ALPN } from '../../../src/policy/inbound-chains.js';
import type { MeshCerts, ProbeSpec } from '../../../src/policy/live/types.js';
import { meshCerts } from '../fixtures.js';
import { expectNoHandlesLeft, handleBaseline, type HandleCounts } from '../../lab/handles.js';

const PROBES: ProbeSpec[] = [
  { id: 'plaintext', label: 'plaintext', sends: 'plaintext' },
  { id: 'mtls', label: 'mtls', sends: 'mtls', alpn: SIDECAR_HTTP11_ALPN },
  { id: 'tls-no-cert', label: 'tls', sends: 'tls', alpn: SIDECAR_HTTP11_ALPN },
  { id: 'curl', label: 'non-mesh TLS', sends: 'tls', alpn: NON_MESH_HTTPS_ALPN },
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

type Probe = Awaited<ReturnType<typeof enforceAndProbe>>['probes'][number];
function byId(results: Probe[]): Record<string, Probe> {
  return Object.fromEntries(results.map((p) => [p.id, p]));
}
const probes = (p: Record<string, Probe>) => Object.values(p);

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
    expect(p.curl).toMatchObject({ outcome: 'rejected', filterChain: 'mTLS TCP' }); // STRICT terminates every TLS chain
  });

  it('PERMISSIVE: one port takes plaintext (no identity) and mTLS with Istio\'s ALPN (with identity); other TLS passes through to the app', async () => {
    const p = byId((await enforceAndProbe({ mode: 'PERMISSIVE', certs, probes: PROBES })).probes);
    expect(p.plaintext).toMatchObject({ outcome: 'accepted', httpStatus: 200, serverSaw: 'plaintext, no peer identity', filterChain: 'plaintext HTTP' });
    expect(p.mtls).toMatchObject({ outcome: 'accepted', serverSaw: 'mTLS from spiffe://cluster.local/ns/foo/sa/sleep', filterChain: 'mTLS HTTP' });
    expect(p.mtls!.reason).toMatch(/saw a ClientHello with ALPN istio-http\/1\.1, istio, http\/1\.1; the mTLS HTTP chain terminated mTLS/);
    expect(p['tls-no-cert']).toMatchObject({ outcome: 'rejected', filterChain: 'mTLS HTTP' });
    // curl's ALPN is not Istio's: the sidecar does not terminate it. The ClientHello reaches the app (plain
    // HTTP), which answers 400 in plaintext: the client reads that as "wrong version number" (curl exit 35).
    expect(p.curl).toMatchObject({ outcome: 'passed-through', expected: 'passed-through', asExpected: true, filterChain: 'TLS passthrough', serverIdentity: null });
    expect(p.curl!.clientError).toMatch(/^EPROTO|wrong version number/);
    expect(p.curl!.serverError).toMatch(/^HPE_/);
    expect(p.curl!.reason).toMatch(/TLS with ALPN h2, http\/1\.1 is not Istio mTLS; the TLS passthrough chain passed it to the app unchanged .*answered the ClientHello with 400/);
    expect(probes(p).every((x) => x.asExpected)).toBe(true);
  });

  it('PERMISSIVE on a port declared HTTP: TLS without Istio\'s ALPN matches no chain and is closed', async () => {
    const p = byId((await enforceAndProbe({ mode: 'PERMISSIVE', portProtocol: 'http', certs, probes: PROBES })).probes);
    expect(p.curl).toMatchObject({ outcome: 'rejected', serverError: 'NO_FILTER_CHAIN', filterChain: null, httpStatus: null });
    expect(p.curl!.reason).toMatch(/TLS with ALPN h2, http\/1\.1 matches no filter chain on a port declared HTTP/);
    expect(p.mtls).toMatchObject({ outcome: 'accepted', filterChain: 'mTLS HTTP' });
    expect(probes(p).every((x) => x.asExpected)).toBe(true);
  });

  it('PERMISSIVE on a TCP port: Istio\'s ALPN is terminated by the mTLS TCP chain, other TLS passes through', async () => {
    const p = byId((await enforceAndProbe({ mode: 'PERMISSIVE', portProtocol: 'tcp', certs, probes: PROBES })).probes);
    expect(p.mtls).toMatchObject({ outcome: 'accepted', filterChain: 'mTLS TCP' });
    expect(p.curl).toMatchObject({ outcome: 'passed-through', filterChain: 'TLS passthrough' });
    expect(p.plaintext).toMatchObject({ outcome: 'accepted', filterChain: 'plaintext TCP' });
  });

  it('DISABLE on an HTTP port: plaintext only; a ClientHello lands on the plaintext chain and fails as a protocol error', async () => {
    const p = byId((await enforceAndProbe({ mode: 'DISABLE', portProtocol: 'http', certs, probes: PROBES })).probes);
    expect(p.plaintext).toMatchObject({ outcome: 'accepted', httpStatus: 200 });
    expect(p.mtls).toMatchObject({ outcome: 'rejected', httpStatus: null });
    expect(p.mtls!.serverError).toMatch(/^HPE_/);
    expect(p.mtls!.reason).toMatch(/does not terminate TLS/);
    expect(p['tls-no-cert']!.outcome).toBe('rejected');
  });

  it('DISABLE on an undeclared port: no TLS inspector, so every TLS connection goes to the app untouched', async () => {
    const p = byId((await enforceAndProbe({ mode: 'DISABLE', certs, probes: PROBES })).probes);
    expect(p.plaintext).toMatchObject({ outcome: 'accepted', filterChain: 'plaintext HTTP' });
    for (const id of ['mtls', 'tls-no-cert', 'curl']) expect(p[id], id).toMatchObject({ outcome: 'passed-through', asExpected: true, filterChain: 'plaintext TCP' });
    expect(p.mtls!.reason).toMatch(/^DISABLE: no TLS inspector runs, so TLS counts as raw bytes/);
  });

  it('PERMISSIVE keeps working for several connections in a row (the inspector resumes each socket)', async () => {
    const many = Array.from({ length: 8 }, (_, i) => PROBES[i % 4]!);
    const { probes } = await enforceAndProbe({ mode: 'PERMISSIVE', certs, probes: many });
    expect(probes.map((x) => x.outcome)).toEqual(['accepted', 'accepted', 'rejected', 'passed-through', 'accepted', 'accepted', 'rejected', 'passed-through']);
  });

  it('the model of what each mode accepts matches the table in the reference', () => {
    const modes = ['STRICT', 'PERMISSIVE', 'DISABLE'] as const;
    expect(modes.map((m) => expectedOutcome(m, 'http', { sends: 'plaintext' }))).toEqual(['rejected', 'accepted', 'accepted']);
    expect(modes.map((m) => expectedOutcome(m, 'http', { sends: 'mtls', alpn: SIDECAR_HTTP11_ALPN }))).toEqual(['accepted', 'accepted', 'rejected']);
    // On an undeclared port DISABLE does not refuse mTLS: it passes it to the app unterminated.
    expect(modes.map((m) => expectedOutcome(m, 'auto', { sends: 'mtls', alpn: SIDECAR_HTTP11_ALPN }))).toEqual(['accepted', 'accepted', 'passed-through']);
  });
});
