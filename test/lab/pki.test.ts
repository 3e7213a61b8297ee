import { X509Certificate, createPrivateKey } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createCa, createSelfSignedLeaf, expiredWindow, issueServerCert, issueWorkloadCert, spiffeId } from '../../src/lab/pki.js';

describe('in-memory PKI', () => {
  it('makes an ECDSA P-256 CA, a localhost server cert and a SPIFFE workload cert that chain to it', async () => {
    const ca = await createCa('test CA');
    const [server, client] = await Promise.all([issueServerCert(ca), issueWorkloadCert(ca, spiffeId('shop', 'orders'))]);
    const root = new X509Certificate(ca.cert);
    const serverCert = new X509Certificate(server.cert);
    const clientCert = new X509Certificate(client.cert);

    expect(root.ca).toBe(true);
    expect(root.subject).toBe('CN=test CA');
    expect(root.publicKey.asymmetricKeyDetails?.namedCurve).toBe('prime256v1');
    expect(serverCert.verify(root.publicKey)).toBe(true);
    expect(serverCert.checkIssued(root)).toBe(true);
    expect(serverCert.subjectAltName).toBe('DNS:localhost, IP Address:127.0.0.1');
    expect(serverCert.keyUsage).toEqual(['1.3.6.1.5.5.7.3.1']);
    expect(serverCert.ca).toBe(false);
    expect(clientCert.verify(root.publicKey)).toBe(true);
    expect(clientCert.subjectAltName).toBe('URI:spiffe://cluster.local/ns/shop/sa/orders');
    expect(clientCert.keyUsage).toEqual(['1.3.6.1.5.5.7.3.2']);
    expect(clientCert.subject).toBe('CN=orders');
    // The PEM key belongs to the cert and loads in Node.
    expect(createPrivateKey(client.key).asymmetricKeyType).toBe('ec');
    expect(clientCert.checkPrivateKey(createPrivateKey(client.key))).toBe(true);
  });

  it('honours validity windows and makes self-signed leaves', async () => {
    const ca = await createCa();
    const expired = new X509Certificate((await issueWorkloadCert(ca, spiffeId('a', 'b'), expiredWindow())).cert);
    expect(new Date(expired.validTo).getTime()).toBeLessThan(Date.now());
    const self = new X509Certificate((await createSelfSignedLeaf({ commonName: 'me' })).cert);
    expect(self.issuer).toBe(self.subject);
    expect(self.ca).toBe(false);
    expect(self.verify(self.publicKey)).toBe(true);
  });
});
