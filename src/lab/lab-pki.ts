/**
 * The lab's set of certificates, made on demand and shared by every scenario of one run: asking for an item
 * twice returns the same promise, so running all scenarios concurrently generates each cert exactly once.
 */
import {
  createCa,
  createSelfSignedLeaf,
  expiredWindow,
  issueServerCert,
  issueWorkloadCert,
  notYetValidWindow,
  spiffeId,
  type CertificateAuthority,
  type PemIdentity,
} from './pki.js';
import type { PkiItem } from './scenarios.js';

export type CaItem = 'root-ca' | 'other-ca' | 'new-ca';

/** The identity each client item carries, as a SPIFFE URI. */
export const CLIENT_IDENTITY = spiffeId('shop', 'orders');

export interface LabPki {
  get(item: PkiItem): Promise<PemIdentity>;
  ca(item: CaItem): Promise<CertificateAuthority>;
}

/** The PEM certificates of `items`, as a trust bundle. */
export function trustBundle(pki: LabPki, items: readonly PkiItem[]): Promise<string[]> {
  return Promise.all(items.map(async (item) => (await pki.get(item)).cert));
}

function isCa(item: PkiItem): item is CaItem {
  return item === 'root-ca' || item === 'other-ca' || item === 'new-ca';
}

const CA_NAMES: Record<CaItem, string> = {
  'root-ca': 'mtls-tutor lab CA',
  'other-ca': 'other CA (not trusted)',
  'new-ca': 'mtls-tutor lab CA 2 (rotated)',
};

/**
 * `notAfter` extends the certificates meant to be valid (the deliberately expired and not-yet-valid ones keep their
 * windows): `lab export` makes them last 30 days; a lab run's default lifetimes are enough for one session.
 */
export function createLabPki({ notAfter }: { notAfter?: Date } = {}): LabPki {
  const cache = new Map<PkiItem, Promise<PemIdentity>>();
  const valid = notAfter ? { notAfter } : {};

  const ca = (item: CaItem): Promise<CertificateAuthority> => get(item) as Promise<CertificateAuthority>;

  function make(item: PkiItem): Promise<PemIdentity> {
    if (isCa(item)) return createCa(CA_NAMES[item]);
    switch (item) {
      case 'server':
        return ca('root-ca').then((root) => issueServerCert(root, valid));
      case 'server-wrong-san':
        return ca('root-ca').then((root) =>
          issueServerCert(root, { ...valid, commonName: 'wrong-host.example', dnsNames: ['wrong-host.example'], ipAddresses: [] }),
        );
      case 'server-expired':
        return ca('root-ca').then((root) => issueServerCert(root, expiredWindow()));
      case 'server-other-ca':
        return ca('other-ca').then((other) => issueServerCert(other, valid));
      case 'client-good':
        return ca('root-ca').then((root) => issueWorkloadCert(root, CLIENT_IDENTITY, valid));
      case 'client-expired':
        return ca('root-ca').then((root) => issueWorkloadCert(root, CLIENT_IDENTITY, expiredWindow()));
      case 'client-not-yet-valid':
        return ca('root-ca').then((root) => issueWorkloadCert(root, CLIENT_IDENTITY, notYetValidWindow()));
      case 'client-other-ca':
        return ca('other-ca').then((other) => issueWorkloadCert(other, CLIENT_IDENTITY, valid));
      case 'client-wrong-eku':
        return ca('root-ca').then((root) => issueWorkloadCert(root, CLIENT_IDENTITY, { ...valid, usage: ['serverAuth'] }));
      case 'client-new-ca':
        return ca('new-ca').then((next) => issueWorkloadCert(next, CLIENT_IDENTITY, valid));
      case 'client-self-signed':
        return createSelfSignedLeaf({ commonName: 'orders', uris: [CLIENT_IDENTITY], ...valid });
    }
  }

  function get(item: PkiItem): Promise<PemIdentity> {
    let pending = cache.get(item);
    if (!pending) {
      pending = make(item);
      cache.set(item, pending);
    }
    return pending;
  }

  return { get, ca };
}
