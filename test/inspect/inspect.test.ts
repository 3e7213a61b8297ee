/**
 * `inspect` on certificates made with the openssl command (test/inspect/openssl-pki.ts): every problem it flags,
 * each input format, and the promise never to print key material.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bufferIo } from '../../src/cli/io.js';
import { main } from '../../src/cli/main.js';
import type { InspectReport } from '../../src/inspect/analyse.js';
import { inDays, OpensslPki, opensslAvailable } from './openssl-pki.js';

const noTui = async () => {
  throw new Error('the TUI must not start');
};

async function inspect(args: string[], stdin?: string) {
  const io = Object.assign(bufferIo(), stdin === undefined ? {} : { readStdinBytes: async () => Buffer.from(stdin) });
  const code = await main(['inspect', ...args], io, noTui);
  return { code, stdout: io.stdout, stderr: io.stderr };
}

async function report(args: string[], stdin?: string): Promise<{ code: number; doc: InspectReport }> {
  const { code, stdout, stderr } = await inspect([...args, '--json'], stdin);
  expect(stderr).toBe('');
  return { code, doc: JSON.parse(stdout) as InspectReport };
}

const codes = (doc: InspectReport) => doc.problems.map((p) => p.code).sort();

const pki = opensslAvailable() ? new OpensslPki() : undefined;
afterAll(() => pki?.cleanup());

describe.skipIf(!pki)('inspect, on certificates made by openssl', () => {
  const p = pki!;
  beforeAll(() => {
    p.root('root');
    p.intermediate('inter', 'root');
    p.leaf('web', 'inter', { san: 'DNS:web.shop.svc,URI:spiffe://cluster.local/ns/shop/sa/web' });
    p.bundle('fullchain.pem', ['web.crt', 'inter.crt']);
    p.root('other-root');
  }, 60_000);

  it('explains a good chain in the lessons\' words, with no problems and exit 0', async () => {
    const { code, stdout } = await inspect([p.path('fullchain.pem'), p.path('root.crt'), '--key', p.path('web.key')]);
    expect(code).toBe(0);
    expect(stdout).toContain('✓ No problems found.');
    expect(stdout).toMatch(/SPIFFE ID +trust domain cluster\.local, namespace shop, service account web/);
    expect(stdout).toMatch(/Constraints +CA:TRUE, path length 0 \(may sign leaves only\)/);
    expect(stdout).toMatch(/Issued by +certificate 2 in this input \(signature checked\)/);
    expect(stdout).toMatch(/Extended use +serverAuth \(may be a TLS server\), clientAuth \(may be a TLS client\)/);
    expect(stdout).toMatch(/Valid .*\(expires in 29 days\)/);
    expect(stdout).toContain('(key material is never printed)');
    const { doc } = await report([p.path('fullchain.pem'), p.path('root.crt'), '--key', p.path('web.key')]);
    const [web, inter, root] = doc.certificates;
    expect(web).toMatchObject({ isCa: false, issuedBy: 2, keyUsage: ['digitalSignature'], keys: [1], spiffe: { trustDomain: 'cluster.local', namespace: 'shop', serviceAccount: 'web' } });
    expect(web!.authorityKeyId).toBe(inter!.subjectKeyId);
    expect(inter).toMatchObject({ isCa: true, pathLength: 0, issuedBy: 3 });
    expect(root).toMatchObject({ isCa: true, issuedBy: 3, selfIssued: true });
    expect(doc.keys[0]).toMatchObject({ type: 'ec', bits: 256, curve: 'prime256v1', matches: [1], given: true });
  });

  it('flags a chain out of order', async () => {
    p.bundle('reversed.pem', ['inter.crt', 'web.crt']);
    p.bundle('scrambled.pem', ['web.crt', 'root.crt', 'inter.crt']);
    for (const file of ['reversed.pem', 'scrambled.pem']) {
      const { code, doc } = await report([p.path(file)]);
      expect(code, file).toBe(1);
      expect(codes(doc), file).toContain('chain-out-of-order');
    }
  });

  it('flags a missing intermediate: a gap inside the chain, and a leaf whose issuer is not among the CAs given', async () => {
    p.bundle('gap.pem', ['web.crt', 'root.crt']);
    const gap = await report([p.path('gap.pem')]);
    expect(codes(gap.doc)).toEqual(['missing-intermediate']);
    expect(gap.doc.problems[0]!.message).toMatch(/issued by "CN=inter"/);
    const apart = await report([p.path('web.crt'), p.path('root.crt')]);
    expect(codes(apart.doc)).toEqual(['missing-intermediate']);
    // Alone, a leaf is not a problem: its CA file may simply not have been given.
    const alone = await report([p.path('web.crt')]);
    expect(alone.code).toBe(0);
    expect(alone.doc.notes.join(' ')).toMatch(/issued by "CN=inter", which is not in the input/);
  });

  it('flags a leaf inside a CA bundle', async () => {
    p.bundle('ca-bundle.pem', ['root.crt', 'web.crt']);
    const { code, doc } = await report([p.path('ca-bundle.pem')]);
    expect(code).toBe(1);
    expect(doc.problems.map((x) => [x.code, x.certificate])).toContainEqual(['leaf-in-ca-bundle', 2]);
  });

  it('flags a CA:TRUE certificate used as a server certificate (openssl req -x509 adds CA:TRUE)', async () => {
    p.cert('laptop', { subject: '/CN=laptop.local', ext: ['basicConstraints=critical,CA:TRUE', 'subjectAltName=DNS:laptop.local'] });
    const { doc } = await report([p.path('laptop.crt'), '--key', p.path('laptop.key')]);
    expect(codes(doc)).toEqual(['ca-true-leaf']);
  });

  it('flags a certificate with no SAN (CN only)', async () => {
    p.leaf('cn-only', 'root', { san: null });
    const { doc } = await report([p.path('cn-only.crt'), p.path('root.crt')]);
    expect(codes(doc)).toEqual(['no-san']);
    expect(doc.problems[0]!.lab).toBe('server-name-mismatch');
  });

  it('flags a serverAuth-only certificate meant as a client, and a workload certificate without clientAuth', async () => {
    p.leaf('client-orders', 'root', { eku: 'serverAuth' });
    const client = await report([p.path('client-orders.crt'), p.path('root.crt')]);
    expect(codes(client.doc)).toEqual(['server-auth-only-as-client']);
    expect(client.doc.problems[0]).toMatchObject({ lesson: 'x509-and-trust', lab: 'wrong-eku-client-cert' });
    p.leaf('workload', 'root', { san: 'URI:spiffe://cluster.local/ns/shop/sa/orders', eku: 'serverAuth' });
    const workload = await report([p.path('workload.crt'), p.path('root.crt')]);
    expect(codes(workload.doc)).toEqual(['client-auth-missing']);
    expect(workload.doc.problems[0]!.severity).toBe('error');
    // A server's certificate needs no clientAuth.
    p.leaf('server-api', 'root', { eku: 'serverAuth' });
    expect(codes((await report([p.path('server-api.crt'), p.path('root.crt')])).doc)).toEqual([]);
  });

  it('flags expired, expiring within 7 days, and not yet valid', async () => {
    p.leaf('old', 'root', { start: inDays(-60), end: inDays(-2) });
    p.leaf('soon', 'root', { start: inDays(-10), end: inDays(3) });
    p.leaf('future', 'root', { start: inDays(2), end: inDays(40) });
    const old = await report([p.path('old.crt'), p.path('root.crt')]);
    expect(codes(old.doc)).toEqual(['expired']);
    expect(old.code).toBe(1);
    const soon = await report([p.path('soon.crt'), p.path('root.crt')]);
    expect(codes(soon.doc)).toEqual(['expiring-soon']);
    expect(soon.code, 'a warning only').toBe(0);
    expect((await inspect([p.path('soon.crt')])).stdout).toMatch(/expires in (2|3) days/);
    const future = await report([p.path('future.crt'), p.path('root.crt')]);
    expect(codes(future.doc)).toEqual(['not-yet-valid']);
  });

  it('flags an RSA key under 2048 bits and a SHA-1 signature', async () => {
    p.leaf('weak-rsa', 'root', { key: 'rsa:1024' });
    expect(codes((await report([p.path('weak-rsa.crt'), p.path('root.crt')])).doc)).toEqual(['rsa-too-small']);
    p.leaf('sha1', 'root', { md: 'sha1' });
    const sha1 = await report([p.path('sha1.crt'), p.path('root.crt')]);
    expect(codes(sha1.doc)).toEqual(['sha1-signature']);
    expect(sha1.doc.certificates[0]!.signatureAlgorithm).toBe('ecdsa-with-SHA1');
  });

  it('flags a key that does not match: in a Secret, and given with --key', async () => {
    p.secret('mismatched', { 'tls.crt': 'web.crt', 'tls.key': 'old.key', 'ca.crt': 'root.crt' });
    const secret = await report([p.path('mismatched.yaml')]);
    expect(codes(secret.doc)).toContain('key-mismatch');
    const given = await report([p.path('fullchain.pem'), p.path('root.crt'), '--key', p.path('inter.key')]);
    expect(codes(given.doc)).toEqual(['key-mismatch']);
    expect(given.code).toBe(1);
  });

  it('flags a ca.crt that did not issue tls.crt', async () => {
    p.leaf('direct', 'root');
    p.secret('wrong-ca', { 'tls.crt': 'direct.crt', 'tls.key': 'direct.key', 'ca.crt': 'other-root.crt' });
    const { doc } = await report([p.path('wrong-ca.yaml')]);
    expect(codes(doc)).toEqual(['ca-did-not-issue']);
    p.secret('right-ca', { 'tls.crt': 'direct.crt', 'tls.key': 'direct.key', 'ca.crt': 'root.crt' });
    expect(codes((await report([p.path('right-ca.yaml')])).doc)).toEqual([]);
  });

  it('reads DER, PKCS#12 with its password, Secret JSON, a kubectl List and an istioctl secret dump', async () => {
    p.der('web.der', 'web.crt');
    const der = await report([p.path('web.der')]);
    expect(der.doc.inputs[0]).toMatchObject({ format: 'der', certificates: 1 });

    p.bundle('web-with-chain.pem', ['web.crt', 'inter.crt']);
    p.pkcs12('web', 'web-with-chain.pem', 'web.key', 's3cret');
    const p12 = await report([p.path('web.p12'), '--password', 's3cret']);
    expect(p12.doc.inputs[0]).toMatchObject({ format: 'pkcs12', certificates: 2, keys: 1, error: null });
    expect(p12.doc.keys[0]!.matches).toEqual([1]);
    const wrong = await inspect([p.path('web.p12'), '--password', 'nope']);
    expect(wrong.code).toBe(1);
    expect(wrong.stdout).toMatch(/password is wrong/);
    const none = await inspect([p.path('web.p12')]);
    expect(none.code).toBe(1);
    expect(none.stdout).toMatch(/give --password/);

    const json = await report([p.secret('as-json', { 'tls.crt': 'fullchain.pem', 'tls.key': 'web.key', 'ca.crt': 'root.crt' }, 'json')]);
    expect(json.doc.inputs[0]).toMatchObject({ format: 'kubernetes-secret', certificates: 3, keys: 1 });
    expect(codes(json.doc)).toEqual([]);

    const a = JSON.parse(readFileSync(p.path('as-json.json'), 'utf8'));
    const list = { apiVersion: 'v1', kind: 'List', items: [a, { ...a, metadata: { name: 'second', namespace: 'shop' } }], metadata: { resourceVersion: '' } };
    writeFileSync(p.path('list.json'), JSON.stringify(list));
    const listed = await report([p.path('list.json')]);
    expect(listed.doc.certificates).toHaveLength(6);

    const b64 = (file: string) => Buffer.from(p.read(file)).toString('base64');
    const dump = {
      dynamicActiveSecrets: [
        { name: 'default', versionInfo: '0', lastUpdated: '2026-12-06T10:00:00Z', secret: { '@type': 'type.googleapis.com/envoy.extensions.transport_sockets.tls.v3.Secret', name: 'default', tlsCertificate: { certificateChain: { inlineBytes: b64('fullchain.pem') }, privateKey: { inlineBytes: Buffer.from('[redacted]').toString('base64') } } } },
        { name: 'ROOTCA', versionInfo: '0', lastUpdated: '2026-12-06T10:00:00Z', secret: { '@type': 'type.googleapis.com/envoy.extensions.transport_sockets.tls.v3.Secret', name: 'ROOTCA', validationContext: { trustedCa: { inlineBytes: b64('root.crt') } } } },
      ],
    };
    const istio = await report(['-'], JSON.stringify(dump));
    expect(istio.doc.inputs[0]).toMatchObject({ source: '(stdin)', format: 'istio-secret-dump', certificates: 3 });
    expect(istio.doc.inputs[0]!.notes.join(' ')).toMatch(/redacted/);
    expect(codes(istio.doc)).toEqual([]);
    expect(istio.doc.certificates[0]!.spiffe?.serviceAccount).toBe('web');
  });

  it('never prints key material, in text or JSON', async () => {
    const key = p.read('web.key');
    const body = key.split('\n').filter((line) => line && !line.startsWith('-----')).join('');
    for (const args of [[p.path('web.key')], [p.path('web.key'), '--json'], [p.path('fullchain.pem'), '--key', p.path('web.key'), '--json'], [p.path('mismatched.yaml')]]) {
      const { stdout } = await inspect(args);
      expect(stdout).not.toContain('PRIVATE KEY-----');
      expect(stdout).not.toContain(body.slice(0, 40));
      expect(stdout).not.toContain(body.slice(-40));
    }
  });
});

describe('inspect input errors', () => {
  it('an unreadable or unknown file is named, with exit 1 and no stack trace', async () => {
    const { code, stdout } = await inspect(['/nonexistent/cert.pem']);
    expect(code).toBe(1);
    expect(stdout).toContain('/nonexistent/cert.pem — ✗ cannot read: no such file');
    const junk = await inspect(['-'], 'hello: world\n');
    expect(junk.code).toBe(1);
    expect(junk.stdout).toMatch(/neither a Kubernetes Secret .* nor an istioctl proxy-config secret dump/);
  });

  it('usage errors exit 2; --help prints usage', async () => {
    expect((await inspect([])).code).toBe(2);
    expect((await inspect(['--frob', 'x'])).code).toBe(2);
    expect((await inspect(['-', '-'])).code).toBe(2);
    const help = await inspect(['--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('mtls-tutor inspect FILE...');
  });
});
