/** Bad input to inspect's readers: an answer in words, never an exception. */
import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { analyse } from '../../src/inspect/analyse.js';
import { readSource } from '../../src/inspect/sources.js';
import { createCa, issueWorkloadCert } from '../../src/lab/pki.js';

describe('inspect readers on bad input', () => {
  it('random bytes, truncated DER and damaged PEM are reported, not thrown', async () => {
    const ca = await createCa('robust CA');
    const leaf = await issueWorkloadCert(ca, 'spiffe://cluster.local/ns/a/sa/b');
    const der = Buffer.from(leaf.cert.split('\n').filter((l) => l && !l.startsWith('-----')).join(''), 'base64');
    const inputs: Buffer[] = [
      randomBytes(64),
      Buffer.from([0x30, 0x82, 0xff, 0xff, 0x01]),
      der.subarray(0, der.length - 10),
      Buffer.from(leaf.cert.replace(/[A-Za-z]{8}\n/, '!!!!\n')),
      Buffer.from('-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n'),
      Buffer.from('-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n'),
      Buffer.from('a: &a [x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a]\nc: &c [*b, *b, *b, *b, *b, *b, *b, *b]\nd: [*c, *c, *c, *c, *c, *c, *c, *c]\n'),
      Buffer.from('{"kind":"Secret","data":{"tls.crt":"not base64 at all %%%"}}'),
      Buffer.from('{"dynamicActiveSecrets":[{"name":"default","secret":{"tlsCertificate":{"certificateChain":{"inlineBytes":42}}}}]}'),
    ];
    for (let i = 0; i < 200; i++) inputs.push(randomBytes(1 + (i % 97)));
    for (const bytes of inputs) {
      const source = await readSource('input', bytes);
      expect(() => analyse([source])).not.toThrow();
      const report = analyse([source]);
      // Whatever it was, it either produced something or said what is wrong.
      expect(source.error !== null || report.certificates.length + report.keys.length > 0 || source.notes.length > 0 || source.groups.length > 0).toBe(true);
    }
  });

  it('our own lab certificates read back with their SPIFFE identity', async () => {
    const ca = await createCa('robust CA');
    const leaf = await issueWorkloadCert(ca, 'spiffe://example.org/ns/pay/sa/ledger');
    const report = analyse([await readSource('leaf.pem', Buffer.from(leaf.cert + ca.cert))]);
    expect(report.certificates[0]!.spiffe).toEqual({ trustDomain: 'example.org', namespace: 'pay', serviceAccount: 'ledger', path: '/ns/pay/sa/ledger' });
    expect(report.certificates[0]!.issuedBy).toBe(2);
  });
});
