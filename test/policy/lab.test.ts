import { describe, expect, it } from 'vitest';
import { runPolicyLab } from '../../src/policy/lab.js';

const NS_STRICT = 'apiVersion: security.istio.io/v1\nkind: PeerAuthentication\nmetadata: {name: default, namespace: foo}\nspec: {mtls: {mode: STRICT}}\n';
const NS_PERMISSIVE = NS_STRICT.replace('STRICT', 'PERMISSIVE');
const NS_DISABLE = NS_STRICT.replace('STRICT', 'DISABLE');
const dr = (mode: string | null) =>
  `apiVersion: networking.istio.io/v1\nkind: DestinationRule\nmetadata: {name: web, namespace: foo}\nspec:\n  host: web\n${mode ? `  trafficPolicy:\n    tls: {mode: ${mode}}\n` : ''}`;

function lab(...docs: string[]) {
  return runPolicyLab([{ path: 'lab.yaml', text: docs.join('---\n') }], { workload: { namespace: 'foo', labels: { app: 'web' }, port: 8080 } });
}

describe('policy lab: the client sidecar as the DestinationRule configures it, over real sockets', () => {
  it('ISTIO_MUTUAL toward STRICT: mTLS with the caller\'s SPIFFE ID, the app gets 200', async () => {
    const r = await lab(NS_STRICT, dr('ISTIO_MUTUAL'));
    expect(r.sidecar).toMatchObject({ destinationRule: 'foo/web', tlsMode: 'ISTIO_MUTUAL', sends: 'mtls', appStatus: 200 });
    expect(r.sidecar.probe.serverSaw).toBe('mTLS from spiffe://cluster.local/ns/foo/sa/sleep');
    expect(r.passed).toBe(true);
  });

  it('DISABLE toward STRICT: plaintext is closed and the app gets the classic 503', async () => {
    const r = await lab(NS_STRICT, dr('DISABLE'));
    expect(r.sidecar).toMatchObject({ tlsMode: 'DISABLE', sends: 'plaintext', appStatus: 503 });
    expect(r.sidecar.probe.outcome).toBe('rejected');
    expect(r.sidecar.appMessage).toMatch(/upstream connect error or disconnect\/reset before headers/);
    expect(r.passed).toBe(true); // the failure is the predicted behaviour
  });

  it('no DestinationRule toward STRICT: auto mTLS sends mTLS and it works', async () => {
    const r = await lab(NS_STRICT);
    expect(r.sidecar).toMatchObject({ destinationRule: null, tlsMode: 'AUTO', sends: 'mtls', appStatus: 200 });
  });

  it('a DestinationRule without a tls block leaves auto mTLS in charge', async () => {
    const r = await lab(NS_STRICT, dr(null));
    expect(r.sidecar).toMatchObject({ destinationRule: 'foo/web', tlsMode: 'AUTO', sends: 'mtls', appStatus: 200 });
  });

  it('DISABLE toward PERMISSIVE: plaintext gets in, so it works (with no identity)', async () => {
    const r = await lab(NS_PERMISSIVE, dr('DISABLE'));
    expect(r.sidecar).toMatchObject({ sends: 'plaintext', appStatus: 200 });
    expect(r.sidecar.probe.serverSaw).toBe('plaintext, no peer identity');
  });

  it('ISTIO_MUTUAL toward a DISABLE workload fails too (the mirror case); auto mTLS would send plaintext', async () => {
    expect((await lab(NS_DISABLE, dr('ISTIO_MUTUAL'))).sidecar).toMatchObject({ sends: 'mtls', appStatus: 503 });
    expect((await lab(NS_DISABLE)).sidecar).toMatchObject({ sends: 'plaintext', appStatus: 200 });
  });

  it('MUTUAL toward PERMISSIVE: no Istio ALPN (istiod does not override it for MUTUAL), so the sidecar passes the TLS to the app: 503', async () => {
    const r = await lab(NS_PERMISSIVE, dr('MUTUAL'));
    expect(r.sidecar).toMatchObject({ tlsMode: 'MUTUAL', sends: 'mtls', alpn: [], appStatus: 503 });
    expect(r.sidecar.probe).toMatchObject({ outcome: 'passed-through', expected: 'passed-through', filterChain: 'TLS passthrough' });
    expect(r.sidecar.appMessage).toMatch(/did not terminate the client sidecar's TLS \(no Istio ALPN\)/);
    // The same rule toward STRICT works: every STRICT chain terminates TLS, whatever the ALPN.
    expect((await lab(NS_STRICT, dr('MUTUAL'))).sidecar).toMatchObject({ appStatus: 200, probe: { outcome: 'accepted', filterChain: 'mTLS TCP' } });
  });

  it('on a port declared HTTP the same MUTUAL connection matches no chain under PERMISSIVE', async () => {
    const r = await runPolicyLab([{ path: 'x.yaml', text: [NS_PERMISSIVE, dr('MUTUAL')].join('---\n') }], { workload: { namespace: 'foo', labels: { app: 'web' } }, portProtocol: 'http' });
    expect(r.sidecar).toMatchObject({ appStatus: 503, probe: { outcome: 'rejected', serverError: 'NO_FILTER_CHAIN' } });
    expect(r.portProtocol).toBe('http');
    expect(r.passed).toBe(true);
  });

  it('SIMPLE toward STRICT: TLS without a client certificate is refused', async () => {
    const r = await lab(NS_STRICT, dr('SIMPLE'));
    expect(r.sidecar).toMatchObject({ sends: 'tls', appStatus: 503 });
  });

  it('reports the resolution, the listener and the four probes in order', async () => {
    const r = await lab(NS_STRICT);
    expect(r).toMatchObject({ mode: 'STRICT', plaintextAccepted: false, mtlsAccepted: true, decidedBy: { namespace: 'foo/default' } });
    expect(r.probes.map((p) => [p.id, p.outcome])).toEqual([
      ['plaintext', 'rejected'],
      ['mtls', 'accepted'],
      ['tls-no-cert', 'rejected'],
      ['tls-non-mesh', 'rejected'], // STRICT terminates every TLS connection, whatever its ALPN
    ]);
    expect(r.server.identity).toBe('spiffe://cluster.local/ns/foo/sa/web');
    expect(r.listener.port).toBeGreaterThan(0);
  });

  it('uses the given client identity', async () => {
    const r = await runPolicyLab([{ path: 'x.yaml', text: NS_STRICT }], {
      workload: { namespace: 'foo', labels: { app: 'web' } },
      client: { namespace: 'shop', serviceAccount: 'checkout' },
    });
    expect(r.probes[1]?.serverSaw).toBe('mTLS from spiffe://cluster.local/ns/shop/sa/checkout');
  });
});
