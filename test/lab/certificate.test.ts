import { execFileSync, spawnSync } from 'node:child_process';
import { X509Certificate, createPrivateKey, generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createCertificate, ipAddressBytes } from '../../src/lab/certificate.js';
import { readTlv } from '../../src/x509/der-read.js';
import {
  createCa,
  createSelfSignedLeaf,
  expiredWindow,
  issueLeaf,
  issueServerCert,
  issueWorkloadCert,
  notYetValidWindow,
  spiffeId,
} from '../../src/lab/pki.js';

const SERVER_AUTH = '1.3.6.1.5.5.7.3.1';
const CLIENT_AUTH = '1.3.6.1.5.5.7.3.2';
/** AlgorithmIdentifier { ecdsa-with-SHA256 } with no parameters. */
const ECDSA_SHA256 = '300a06082a8648ce3d040302';

const parse = (pem: string) => new X509Certificate(pem);

/**
 * The key identifier in a certificate's extension `oid` (2.5.29.14 subjectKeyIdentifier or 2.5.29.35
 * authorityKeyIdentifier), read from the DER: Node's X509Certificate does not expose either.
 */
function keyIdentifier(cert: X509Certificate, oid: '2.5.29.14' | '2.5.29.35'): string | undefined {
  const der = cert.raw;
  const oidBytes = Buffer.from([0x06, 0x03, 0x55, 0x1d, oid === '2.5.29.14' ? 0x0e : 0x23]);
  const found = der.indexOf(oidBytes);
  if (found === -1) return undefined;
  let next = readTlv(der, found).end;
  if (der[next] === 0x01) next = readTlv(der, next).end; // critical flag
  const wrapper = readTlv(der, next); // OCTET STRING holding the extension's value
  const inner = readTlv(der, wrapper.start);
  if (oid === '2.5.29.14') return der.subarray(inner.start, inner.end).toString('hex'); // OCTET STRING
  const keyId = readTlv(der, inner.start); // AuthorityKeyIdentifier SEQUENCE { [0] keyIdentifier ... }
  return keyId.tag === 0x80 ? der.subarray(keyId.start, keyId.end).toString('hex') : undefined;
}
const seconds = (date: Date) => Math.floor(date.getTime() / 1000) * 1000;
const keys = () => generateKeyPairSync('ec', { namedCurve: 'prime256v1' });

describe('X.509 certificates from the lab PKI, read back by Node (OpenSSL)', () => {
  it('a CA: self-issued, CA:TRUE, keyCertSign, no EKU, verifies under its own key', async () => {
    const notBefore = new Date('2026-01-01T00:00:00.750Z');
    const notAfter = new Date('2027-01-01T00:00:00Z');
    const ca = await createCa('test CA', { notBefore, notAfter });
    const cert = parse(ca.cert);
    expect(cert.subject).toBe('CN=test CA');
    expect(cert.issuer).toBe('CN=test CA');
    expect(cert.ca).toBe(true);
    expect(cert.keyUsage).toBeUndefined();
    expect(new Date(cert.validFrom).getTime()).toBe(seconds(notBefore));
    expect(new Date(cert.validTo).getTime()).toBe(notAfter.getTime());
    expect(cert.verify(cert.publicKey)).toBe(true);
    expect(cert.checkIssued(cert)).toBe(true);
    expect(cert.checkPrivateKey(createPrivateKey(ca.key))).toBe(true);
    expect(cert.publicKey.asymmetricKeyDetails?.namedCurve).toBe('prime256v1');
  });

  it('a CA defaults to valid from an hour ago for `days` days', async () => {
    const before = Date.now();
    const cert = parse((await createCa('short CA', { days: 2 })).cert);
    expect(new Date(cert.validFrom).getTime()).toBeGreaterThanOrEqual(seconds(new Date(before - 3_600_000)));
    expect(new Date(cert.validFrom).getTime()).toBeLessThanOrEqual(before - 3_600_000 + 5_000);
    expect(new Date(cert.validTo).getTime()).toBeGreaterThanOrEqual(seconds(new Date(before + 2 * 86_400_000)));
    expect(new Date(cert.validTo).getTime()).toBeLessThanOrEqual(before + 2 * 86_400_000 + 5_000);
  });

  it('a server cert: SAN DNS:localhost + IP 127.0.0.1, EKU serverAuth, issued and signed by the CA', async () => {
    const ca = await createCa('lab CA');
    const root = parse(ca.cert);
    const server = await issueServerCert(ca);
    const cert = parse(server.cert);
    expect(cert.subject).toBe('CN=localhost');
    expect(cert.issuer).toBe('CN=lab CA');
    expect(cert.subjectAltName).toBe('DNS:localhost, IP Address:127.0.0.1');
    expect(cert.keyUsage).toEqual([SERVER_AUTH]);
    expect(cert.ca).toBe(false);
    expect(cert.verify(root.publicKey)).toBe(true);
    expect(cert.checkIssued(root)).toBe(true);
    expect(cert.checkHost('localhost')).toBe('localhost');
    expect(cert.checkIP('127.0.0.1')).toBe('127.0.0.1');
    expect(cert.checkPrivateKey(createPrivateKey(server.key))).toBe(true);
    // The AKI of the leaf is the SKI of the CA, so OpenSSL links them.
    const caKeyId = keyIdentifier(root, '2.5.29.14');
    expect(caKeyId).toMatch(/^[0-9a-f]{40}$/);
    expect(keyIdentifier(cert, '2.5.29.35')).toBe(caKeyId);
  });

  it('a workload cert: URI SAN with the SPIFFE ID, CN from the service account, EKU clientAuth', async () => {
    const ca = await createCa();
    const cert = parse((await issueWorkloadCert(ca, spiffeId('shop', 'orders'))).cert);
    expect(cert.subject).toBe('CN=orders');
    expect(cert.issuer).toBe('CN=mtls-tutor lab CA');
    expect(cert.subjectAltName).toBe('URI:spiffe://cluster.local/ns/shop/sa/orders');
    expect(cert.keyUsage).toEqual([CLIENT_AUTH]);
    expect(cert.verify(parse(ca.cert).publicKey)).toBe(true);
  });

  it('EKUs exactly as asked: wrong purpose, both purposes, default clientAuth', async () => {
    const ca = await createCa();
    const wrong = parse((await issueWorkloadCert(ca, spiffeId('shop', 'orders'), { usage: ['serverAuth'] })).cert);
    expect(wrong.keyUsage).toEqual([SERVER_AUTH]);
    const both = parse((await issueLeaf(ca, { usage: ['serverAuth', 'clientAuth'] })).cert);
    expect(both.keyUsage).toEqual([SERVER_AUTH, CLIENT_AUTH]);
    const plain = parse((await issueLeaf(ca)).cert);
    expect(plain.keyUsage).toEqual([CLIENT_AUTH]);
    expect(plain.subject).toBe('CN=mtls-tutor leaf');
    expect(plain.subjectAltName).toBeUndefined();
  });

  it('expired and not-yet-valid windows land in the certificate (to the second)', async () => {
    const ca = await createCa();
    const expiredWin = expiredWindow();
    const expired = parse((await issueWorkloadCert(ca, spiffeId('a', 'b'), expiredWin)).cert);
    expect(new Date(expired.validFrom).getTime()).toBe(seconds(expiredWin.notBefore));
    expect(new Date(expired.validTo).getTime()).toBe(seconds(expiredWin.notAfter));
    expect(new Date(expired.validTo).getTime()).toBeLessThan(Date.now());
    const futureWin = notYetValidWindow();
    const future = parse((await issueWorkloadCert(ca, spiffeId('a', 'b'), futureWin)).cert);
    expect(new Date(future.validFrom).getTime()).toBe(seconds(futureWin.notBefore));
    expect(new Date(future.validFrom).getTime()).toBeGreaterThan(Date.now());
  });

  it('a self-signed leaf: issuer = subject, not a CA, signed by its own key, trusted by nobody else', async () => {
    const ca = await createCa();
    const self = await createSelfSignedLeaf({ commonName: 'orders', uris: [spiffeId('shop', 'orders')] });
    const cert = parse(self.cert);
    expect(cert.subject).toBe('CN=orders');
    expect(cert.issuer).toBe('CN=orders');
    expect(cert.ca).toBe(false);
    expect(cert.keyUsage).toEqual([CLIENT_AUTH]);
    expect(cert.subjectAltName).toBe('URI:spiffe://cluster.local/ns/shop/sa/orders');
    expect(cert.verify(cert.publicKey)).toBe(true);
    expect(cert.verify(parse(ca.cert).publicKey)).toBe(false);
    expect(cert.checkPrivateKey(createPrivateKey(self.key))).toBe(true);
  });

  it('CA rotation: a leaf of the new CA does not chain to the old one', async () => {
    const [oldCa, newCa] = await Promise.all([createCa('lab CA'), createCa('lab CA 2 (rotated)')]);
    const leaf = parse((await issueWorkloadCert(newCa, spiffeId('shop', 'orders'))).cert);
    expect(leaf.issuer).toBe('CN=lab CA 2 (rotated)');
    expect(leaf.checkIssued(parse(newCa.cert))).toBe(true);
    expect(leaf.verify(parse(newCa.cert).publicKey)).toBe(true);
    expect(leaf.checkIssued(parse(oldCa.cert))).toBe(false);
    expect(leaf.verify(parse(oldCa.cert).publicKey)).toBe(false);
  });

  it('serials are positive 16-byte integers and differ between certificates', async () => {
    const ca = await createCa();
    const serials = await Promise.all(Array.from({ length: 40 }, async () => parse((await issueLeaf(ca)).cert).serialNumber));
    for (const serial of serials) {
      expect(serial).toMatch(/^[0-7][0-9A-F]{31}$/);
      expect(serial).not.toMatch(/^00/);
    }
    expect(new Set(serials).size).toBe(serials.length);
  });

  it('signs with ecdsa-with-SHA256, AlgorithmIdentifier without parameters, in TBS and outer certificate', async () => {
    const ca = await createCa();
    const der = parse(ca.cert).raw.toString('hex');
    expect(der.split(ECDSA_SHA256)).toHaveLength(3);
  });
});

describe('createCertificate options beyond the lab defaults', () => {
  it('dates past 2049 use GeneralizedTime and still parse; names take O and non-ASCII CNs', () => {
    const { publicKey, privateKey } = keys();
    const notAfter = new Date('2060-06-01T12:00:00Z');
    const cert = createCertificate({
      subject: { commonName: 'Zürich workload', organization: 'Acme, Inc.' },
      notBefore: new Date('2049-12-31T23:59:59Z'),
      notAfter,
      publicKey,
      signingKey: privateKey,
    });
    const x509 = parse(cert.pem);
    expect(new Date(x509.validFrom).toISOString()).toBe('2049-12-31T23:59:59.000Z');
    expect(new Date(x509.validTo).getTime()).toBe(notAfter.getTime());
    // UTCTime (0x17) for 2049, GeneralizedTime (0x18) for 2060.
    expect(cert.der.toString('hex')).toContain(`170d${Buffer.from('491231235959Z').toString('hex')}`);
    expect(cert.der.toString('hex')).toContain(`180f${Buffer.from('20600601120000Z').toString('hex')}`);
    expect(x509.toLegacyObject().subject).toEqual({ O: 'Acme, Inc.', CN: 'Zürich workload' });
    expect(x509.verify(publicKey)).toBe(true);
    expect(x509.keyUsage).toBeUndefined();
  });

  it('an empty subject puts the identity in a critical SAN, and refuses to go without one', () => {
    const { publicKey, privateKey } = keys();
    const cert = createCertificate({
      subject: {},
      notBefore: new Date(),
      notAfter: new Date(Date.now() + 60_000),
      publicKey,
      signingKey: privateKey,
      subjectAltNames: { uris: [spiffeId('shop', 'orders')] },
    });
    const x509 = parse(cert.pem);
    expect(x509.subject).toBeUndefined();
    expect(x509.subjectAltName).toBe('URI:spiffe://cluster.local/ns/shop/sa/orders');
    // Extension { subjectAltName, critical TRUE, ... }
    expect(cert.der.toString('hex')).toContain('0603551d110101ff');
    expect(() =>
      createCertificate({ subject: {}, notBefore: new Date(), notAfter: new Date(), publicKey, signingKey: privateKey }),
    ).toThrow(/empty subject/);
  });

  it('a named subject keeps the SAN non-critical', async () => {
    const ca = await createCa();
    const der = parse((await issueServerCert(ca)).cert).raw.toString('hex');
    expect(der).toContain('0603551d1104'); // subjectAltName OID followed directly by the OCTET STRING
  });

  it('writes pathLenConstraint for CAs and refuses it on leaves', () => {
    const { publicKey, privateKey } = keys();
    const base = { subject: { commonName: 'intermediate' }, notBefore: new Date(), notAfter: new Date(Date.now() + 60_000), publicKey, signingKey: privateKey };
    const cert = createCertificate({ ...base, ca: true, pathLength: 0 });
    expect(parse(cert.pem).ca).toBe(true);
    // basicConstraints extnValue: SEQUENCE { TRUE, INTEGER 0 }
    expect(cert.der.toString('hex')).toContain('0408' + '3006' + '0101ff' + '020100');
    expect(() => createCertificate({ ...base, pathLength: 0 })).toThrow(/pathLength/);
  });

  it('encodes IPv4 and IPv6 SANs as 4 and 16 bytes', () => {
    expect(ipAddressBytes('127.0.0.1').toString('hex')).toBe('7f000001');
    expect(ipAddressBytes('::1').toString('hex')).toBe('00000000000000000000000000000001');
    expect(ipAddressBytes('2001:db8::1:2').toString('hex')).toBe('20010db8000000000000000000010002');
    expect(ipAddressBytes('::ffff:10.0.0.1').toString('hex')).toBe('00000000000000000000ffff0a000001');
    expect(ipAddressBytes('1:2:3:4:5:6:1.2.3.4').toString('hex')).toBe('00010002000300040005000601020304');
    expect(() => ipAddressBytes('localhost')).toThrow(/not an IP address/);
    const { publicKey, privateKey } = keys();
    const cert = createCertificate({
      subject: { commonName: 'v6' },
      notBefore: new Date(),
      notAfter: new Date(Date.now() + 60_000),
      publicKey,
      signingKey: privateKey,
      subjectAltNames: { ipAddresses: ['::1', '10.1.2.3'] },
    });
    expect(parse(cert.pem).subjectAltName).toBe('IP Address:0:0:0:0:0:0:0:1, IP Address:10.1.2.3');
    expect(parse(cert.pem).checkIP('::1')).toBe('::1');
  });

  it('signs with EC or RSA keys only, and refuses non-ASCII DNS names', () => {
    const ec = keys();
    const rsa = generateKeyPairSync('rsa', { modulusLength: 1024 });
    const ed = generateKeyPairSync('ed25519');
    const base = { subject: { commonName: 'x' }, notBefore: new Date(), notAfter: new Date(), publicKey: ec.publicKey };
    expect(parse(createCertificate({ ...base, signingKey: rsa.privateKey }).pem).verify(rsa.publicKey)).toBe(true);
    expect(() => createCertificate({ ...base, signingKey: ed.privateKey })).toThrow(/only EC and RSA signing keys/);
    expect(() => createCertificate({ ...base, signingKey: ec.privateKey, subjectAltNames: { dnsNames: ['bücher.example'] } })).toThrow(/IA5String/);
  });
});

const hasOpenssl = spawnSync('openssl', ['version'], { stdio: 'ignore' }).status === 0;

describe.skipIf(!hasOpenssl)('openssl verify agrees', () => {
  const dir = mkdtempSync(join(tmpdir(), 'mtls-cert-test-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const write = (name: string, pem: string) => {
    const path = join(dir, name);
    writeFileSync(path, pem);
    return path;
  };
  /** Runs `openssl verify` and returns its exit status and combined output. */
  const verify = (...args: string[]) => {
    const result = spawnSync('openssl', ['verify', ...args], { encoding: 'utf8', timeout: 10_000 });
    return { ok: result.status === 0, output: `${result.stdout}${result.stderr}` };
  };

  it('accepts the CA and good leaves, strictly, for their purpose', async () => {
    const ca = await createCa();
    const caPem = write('ca.pem', ca.cert);
    const server = write('server.pem', (await issueServerCert(ca)).cert);
    const client = write('client.pem', (await issueWorkloadCert(ca, spiffeId('shop', 'orders'))).cert);
    expect(verify('-x509_strict', '-CAfile', caPem, caPem)).toMatchObject({ ok: true });
    expect(verify('-x509_strict', '-CAfile', caPem, server)).toMatchObject({ ok: true });
    expect(verify('-x509_strict', '-purpose', 'sslserver', '-CAfile', caPem, server)).toMatchObject({ ok: true });
    expect(verify('-x509_strict', '-purpose', 'sslclient', '-CAfile', caPem, client)).toMatchObject({ ok: true });
    expect(execFileSync('openssl', ['x509', '-in', server, '-noout', '-text'], { encoding: 'utf8' })).toMatch(
      /Basic Constraints: critical\s+CA:FALSE[\s\S]*Key Usage: critical\s+Digital Signature[\s\S]*Authority Key Identifier/,
    );
  });

  it('rejects an expired, a not-yet-valid, a wrong-purpose, a foreign and a self-signed leaf with the right reason', async () => {
    const [ca, other] = await Promise.all([createCa(), createCa('other CA (not trusted)')]);
    const caPem = write('ca2.pem', ca.cert);
    const orders = spiffeId('shop', 'orders');
    const expired = write('expired.pem', (await issueWorkloadCert(ca, orders, expiredWindow())).cert);
    const future = write('future.pem', (await issueWorkloadCert(ca, orders, notYetValidWindow())).cert);
    const wrongEku = write('wrong-eku.pem', (await issueWorkloadCert(ca, orders, { usage: ['serverAuth'] })).cert);
    const foreign = write('foreign.pem', (await issueWorkloadCert(other, orders)).cert);
    const self = write('self.pem', (await createSelfSignedLeaf({ commonName: 'orders', uris: [orders] })).cert);

    expect(verify('-CAfile', caPem, expired)).toMatchObject({ ok: false, output: expect.stringMatching(/error 10 at 0 depth.*certificate has expired/) });
    expect(verify('-CAfile', caPem, future)).toMatchObject({ ok: false, output: expect.stringMatching(/error 9 at 0 depth.*certificate is not yet valid/) });
    expect(verify('-purpose', 'sslclient', '-CAfile', caPem, wrongEku)).toMatchObject({
      ok: false,
      output: expect.stringMatching(/error 26 at 0 depth.*(unsuitable|unsupported) certificate purpose/),
    });
    expect(verify('-CAfile', caPem, foreign)).toMatchObject({ ok: false, output: expect.stringMatching(/error 20 at 0 depth.*unable to get local issuer certificate/) });
    expect(verify('-CAfile', caPem, self)).toMatchObject({ ok: false, output: expect.stringMatching(/error 18 at 0 depth.*self.signed certificate/) });
  });

  it('accepts a GeneralizedTime (post-2049) certificate chain', () => {
    const root = keys();
    const leaf = keys();
    const notBefore = new Date(Date.now() - 60_000);
    const notAfter = new Date('2060-01-01T00:00:00Z');
    const ca = createCertificate({ subject: { commonName: 'long CA' }, notBefore, notAfter, publicKey: root.publicKey, signingKey: root.privateKey, ca: true });
    const cert = createCertificate({
      subject: { commonName: 'long leaf' },
      issuerName: ca.subjectName,
      authorityKeyId: ca.subjectKeyId,
      notBefore,
      notAfter,
      publicKey: leaf.publicKey,
      signingKey: root.privateKey,
      extendedKeyUsage: ['clientAuth'],
    });
    expect(verify('-x509_strict', '-purpose', 'sslclient', '-CAfile', write('long-ca.pem', ca.pem), write('long.pem', cert.pem))).toMatchObject({ ok: true });
  });
});
