/**
 * Ambient enforced live: plaintext to the pod port versus HBONE (mTLS to an HBONE port carrying an HTTP/2
 * CONNECT to the target port), with ztunnel's answers: a closed connection for denied plaintext, 401 for a
 * denied CONNECT, and nothing left open afterwards.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runPolicyLab } from '../../../src/policy/lab.js';
import { runHboneClient } from '../../../src/policy/live/hbone-client.js';
import { startZtunnel } from '../../../src/policy/live/ztunnel.js';
import { expectNoHandlesLeft, handleBaseline, type HandleCounts } from '../../lab/handles.js';
import { meshCerts, pa } from '../fixtures.js';

let before: HandleCounts;
beforeAll(async () => {
  before = await handleBaseline();
});
afterAll(async () => {
  await expectNoHandlesLeft(before);
});

const lab = (docs: string[], port = 8080) =>
  runPolicyLab([{ path: 'a.yaml', text: docs.join('---\n') }], { workload: { namespace: 'foo', labels: { app: 'web' }, port }, dataplane: 'ambient' });

describe('ambient, live', () => {
  it('a STRICT mesh: plaintext to the pod port is closed by ztunnel, HBONE with a mesh certificate gets through', async () => {
    const r = await lab([pa({ name: 'default', ns: 'istio-system', mode: 'STRICT' })]);
    expect(r.dataplane).toBe('ambient');
    expect(r.probes.map((p) => [p.id, p.outcome])).toEqual([
      ['plaintext', 'rejected'],
      ['hbone', 'accepted'],
      ['hbone-no-cert', 'rejected'],
    ]);
    expect(r.probes[0]).toMatchObject({ serverError: 'RBAC_ACCESS_DENIED', httpStatus: null });
    expect(r.probes[0]!.reason).toMatch(/DENY istio-system\/istio_converted_static_strict matches, so ztunnel closed the connection/);
    expect(r.probes[1]).toMatchObject({ httpStatus: 200, serverSaw: 'HBONE from spiffe://cluster.local/ns/foo/sa/sleep' });
    expect(r.passed).toBe(true);
  });

  it('no PeerAuthentication: plaintext reaches the app too', async () => {
    const r = await lab([]);
    expect(r.probes.map((p) => p.outcome)).toEqual(['accepted', 'accepted', 'rejected']);
    expect(r.passed).toBe(true);
  });

  it('STRICT except port 9090: the converted policy is enforced per port', async () => {
    const docs = [pa({ name: 'web', ns: 'foo', labels: { app: 'web' }, mode: 'STRICT', ports: { '9090': 'PERMISSIVE' } })];
    expect((await lab(docs, 9090)).probes[0]!.outcome).toBe('accepted');
    const strict = await lab(docs, 8080);
    expect(strict.probes[0]).toMatchObject({ outcome: 'rejected', rbac: { decidedBy: 'foo/converted_peer_authentication_web' } });
    expect(strict.passed).toBe(true);
  });

  it('a denied HBONE CONNECT is answered 401, as ztunnel does', async () => {
    const certs = await meshCerts();
    const z = await startZtunnel({ certs, podPort: 8080, authorize: (c) => ({ allowed: c.port !== 9999, decidedBy: null, why: c.port === 9999 ? 'denied for the test' : 'ok' }) });
    try {
      expect(await runHboneClient(z.hbonePort, certs, 9999, 3000)).toMatchObject({ connectStatus: 401, status: 401 });
      expect(await runHboneClient(z.hbonePort, certs, 8080, 3000)).toMatchObject({ connectStatus: 200, status: 200, serverPeer: certs.serverIdentity });
    } finally {
      await z.close();
    }
  });
});
