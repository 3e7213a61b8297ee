/**
 * AuthorizationPolicy enforced live: the caller's identity is the SPIFFE URI SAN of its lab certificate, the
 * listener's RBAC filter answers 403 "RBAC: access denied" as Envoy does, and every result is the predicted one.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runAuthzLab } from '../../../src/policy/authz/lab.js';
import type { AuthzQuestion } from '../../../src/policy/authz/report.js';
import { startEnforcementListener } from '../../../src/policy/live/listener.js';
import { loadPolicies } from '../../../src/policy/parse.js';
import { SIDECAR_HTTP11_ALPN } from '../../../src/policy/inbound-chains.js';
import { expectNoHandlesLeft, handleBaseline, type HandleCounts } from '../../lab/handles.js';
import { httpsGet, plainGet } from '../../lab/http-get.js';
import { meshCerts } from '../fixtures.js';
import { ap, OTHER, pa, SLEEP } from './fixtures.js';

let before: HandleCounts;
beforeAll(async () => {
  before = await handleBaseline();
});
afterAll(async () => {
  await expectNoHandlesLeft(before);
});

function lab(docs: string[], q: Partial<AuthzQuestion> = {}, portProtocol?: 'tcp') {
  const set = loadPolicies([{ path: 'authz.yaml', text: docs.join('---\n') }], { defaultNamespace: 'foo' });
  const question: AuthzQuestion = { from: SLEEP, method: 'GET', path: '/', port: 8000, ...q };
  return runAuthzLab(set, { namespace: 'foo', labels: { app: 'httpbin' }, port: 8000 }, question, portProtocol ? { portProtocol } : {});
}

const ALLOW_SLEEP = ap('allow-sleep', 'foo', 'rules:\n- from:\n  - source:\n      principals: ["cluster.local/ns/foo/sa/sleep"]');

describe('the RBAC filter, live', () => {
  it('answers a denied request 403 "RBAC: access denied" (text/plain), as Envoy does; an allowed one reaches the app', async () => {
    const certs = await meshCerts();
    const listener = await startEnforcementListener({
      mode: 'STRICT',
      certs,
      authorize: (r) => (r.path === '/admin' ? { allowed: false, decidedBy: 'foo/deny rule 0', why: 'DENY foo/deny rule 0' } : { allowed: true, decidedBy: null, why: 'no ALLOW policy applies' }),
    });
    try {
      const get = (path: string) => httpsGet({ port: listener.port, ca: certs.root, cert: certs.client.cert, key: certs.client.key, alpn: SIDECAR_HTTP11_ALPN, path });
      expect(await get('/admin')).toMatchObject({ status: 403, body: 'RBAC: access denied', headers: { 'content-type': 'text/plain' } });
      expect(await get('/')).toMatchObject({ status: 200 });
    } finally {
      await listener.close();
    }
  });

  it('allow one service account: the caller whose certificate says sleep gets 200, another gets 403', async () => {
    const ok = await lab([ALLOW_SLEEP]);
    expect(ok).toMatchObject({ result: 'allowed', passed: true, live: { probe: { outcome: 'accepted', httpStatus: 200, serverSaw: `mTLS from ${SLEEP}` }, rbac: { allowed: true } } });
    const no = await lab([ALLOW_SLEEP], { from: OTHER });
    expect(no).toMatchObject({ result: 'denied', httpStatus: 403, passed: true, live: { probe: { outcome: 'rejected', httpStatus: 403 }, rbac: { allowed: false, why: 'no ALLOW rule matches' } } });
    expect(no.live.probe.reason).toMatch(/then the RBAC filter denied the request \(no ALLOW rule matches\); the client sidecar got HTTP 403 "RBAC: access denied"/);
  });

  it('the plaintext gap: under PERMISSIVE plaintext gets in with no principal, so notPrincipals ["*"] denies it live', async () => {
    const docs = [pa('foo', 'PERMISSIVE'), ap('require-mtls', 'foo', 'action: DENY\nrules:\n- from:\n  - source:\n      notPrincipals: ["*"]')];
    const r = await lab(docs, { from: 'plaintext' });
    expect(r).toMatchObject({ result: 'denied', passed: true, live: { probe: { sends: 'plaintext', outcome: 'rejected', httpStatus: 403 } } });
    expect((await lab(docs)).live.probe).toMatchObject({ outcome: 'accepted', httpStatus: 200 });
    // Without the DENY the gap is open: plaintext reaches the app.
    expect((await lab([pa('foo', 'PERMISSIVE'), ALLOW_SLEEP.replace('principals: ["cluster.local/ns/foo/sa/sleep"]', 'ipBlocks: ["0.0.0.0/0"]')], { from: 'plaintext' })).live.probe.outcome).toBe('accepted');
  });

  it('principals written with spiffe:// never match: the very caller they name gets 403', async () => {
    const typo = ap('typo', 'foo', 'rules:\n- from:\n  - source:\n      principals: ["spiffe://cluster.local/ns/foo/sa/sleep"]');
    expect(await lab([typo])).toMatchObject({ result: 'denied', passed: true, live: { probe: { httpStatus: 403 } } });
  });

  it('plaintext to a STRICT workload never reaches the RBAC filter: the connection is refused', async () => {
    const r = await lab([pa('foo', 'STRICT'), ap('allow-all', 'foo', 'rules:\n- {}')], { from: 'plaintext' });
    expect(r).toMatchObject({ result: 'refused', passed: true, live: { probe: { outcome: 'rejected', serverError: 'NO_FILTER_CHAIN' }, rbac: null } });
  });

  it('methods, paths, the Host header and request headers are read off the live request', async () => {
    const p = ap('p', 'foo', 'rules:\n- to:\n  - operation:\n      methods: ["POST"]\n      paths: ["/orders/*"]\n      hosts: ["httpbin.foo.svc.cluster.local"]\n  when:\n  - key: request.headers[x-team]\n    values: ["billing"]');
    expect((await lab([p], { method: 'POST', path: '/orders/7', headers: { 'x-team': 'billing' } })).live.probe.httpStatus).toBe(200);
    expect((await lab([p], { method: 'POST', path: '/orders/7', headers: { 'x-team': 'sales' } })).live.probe.httpStatus).toBe(403);
    expect((await lab([p], { method: 'GET', path: '/orders/7', headers: { 'x-team': 'billing' } })).live.probe.httpStatus).toBe(403);
    expect((await lab([p], { method: 'POST', path: '/orders/7', host: 'evil.example', headers: { 'x-team': 'billing' } })).live.probe.httpStatus).toBe(403);
  });

  it('on a TCP port a denial closes the connection (the network RBAC filter has no 403 to send)', async () => {
    const r = await lab([ap('deny-get', 'foo', 'action: DENY\nrules:\n- to:\n  - operation:\n      methods: ["GET"]')], { method: 'POST' }, 'tcp');
    expect(r).toMatchObject({ result: 'denied', passed: true, live: { probe: { outcome: 'rejected', httpStatus: null, serverError: 'RBAC_ACCESS_DENIED' } } });
  });

  it('a plain GET through the listener without any policy still works (no RBAC filter)', async () => {
    const certs = await meshCerts();
    const listener = await startEnforcementListener({ mode: 'PERMISSIVE', certs });
    try {
      expect(await plainGet(listener.port)).toMatchObject({ status: 200 });
    } finally {
      await listener.close();
    }
  });
});
