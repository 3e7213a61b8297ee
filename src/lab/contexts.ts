/**
 * TLS secure contexts built once per run and shared by every handshake that uses the same certificate and trust
 * bundle. With OpenSSL 3 a context with a key, a cert and a CA costs ~5 ms to build, several times a handshake.
 */
import tls from 'node:tls';
import { trustBundle, type LabPki } from './lab-pki.js';
import type { PkiItem } from './scenarios.js';
import type { TlsVersion } from './types.js';

const PROTOCOL: Record<TlsVersion, tls.SecureVersion> = { '1.2': 'TLSv1.2', '1.3': 'TLSv1.3' };

export interface ContextCache {
  /** A context presenting `cert` (when given) and trusting `trusts`, pinned to one TLS version. */
  get(cert: PkiItem | undefined, trusts: readonly PkiItem[], version: TlsVersion): Promise<tls.SecureContext>;
}

export function createContextCache(pki: LabPki): ContextCache {
  const cache = new Map<string, Promise<tls.SecureContext>>();
  return {
    get(cert, trusts, version) {
      const key = `${cert ?? '-'}|${trusts.join(',')}|${version}`;
      let pending = cache.get(key);
      if (!pending) {
        pending = (async () => {
          const [identity, cas] = await Promise.all([
            cert ? pki.get(cert) : undefined,
            trustBundle(pki, trusts),
          ]);
          return tls.createSecureContext({
            ...(identity ? { cert: identity.cert, key: identity.key } : {}),
            ca: cas,
            minVersion: PROTOCOL[version],
            maxVersion: PROTOCOL[version],
          });
        })();
        cache.set(key, pending);
      }
      return pending;
    },
  };
}
