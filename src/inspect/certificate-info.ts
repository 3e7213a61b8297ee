/**
 * What a certificate says, in the lessons' terms: built on Node's X509Certificate (names, dates, fingerprints,
 * issuer checks) plus the extensions it does not expose, read with der-read.ts. Pure (no I/O).
 */
import { EKU_NAMES } from '../x509/names.js';
import { X509Certificate } from 'node:crypto';
import { children, DerError, oidText, readTlv, smallInteger, valueOf, type Tlv } from '../x509/der-read.js';

export interface SpiffeId {
  trustDomain: string;
  /** Istio's form spiffe://TD/ns/NS/sa/SA; null for another path. */
  namespace: string | null;
  serviceAccount: string | null;
  path: string;
}

export interface PublicKeyInfo {
  /** rsa, ec, ed25519, ed448, rsa-pss, dsa... (Node's asymmetricKeyType). */
  type: string;
  /** RSA modulus or EC curve size in bits, when known. */
  bits: number | null;
  /** EC curve name (prime256v1 / secp384r1...). */
  curve: string | null;
}

export interface CertificateInfo {
  subject: string;
  issuer: string;
  commonName: string | null;
  serialNumber: string;
  subjectAltNames: string[];
  spiffe: SpiffeId | null;
  /** Whether the certificate has a subjectAltName extension at all. */
  hasSan: boolean;
  /** basicConstraints cA; false when the extension is absent. */
  isCa: boolean;
  hasBasicConstraints: boolean;
  pathLength: number | null;
  keyUsage: string[] | null;
  extendedKeyUsage: string[] | null;
  validFrom: string;
  validTo: string;
  publicKey: PublicKeyInfo;
  signatureAlgorithm: string;
  subjectKeyId: string | null;
  authorityKeyId: string | null;
  selfIssued: boolean;
  fingerprint256: string;
}

const KEY_USAGE_BITS = ['digitalSignature', 'nonRepudiation', 'keyEncipherment', 'dataEncipherment', 'keyAgreement', 'keyCertSign', 'cRLSign', 'encipherOnly', 'decipherOnly'];

export { EKU_NAMES } from '../x509/names.js';

export const SIGNATURE_ALGORITHMS: Record<string, string> = {
  '1.2.840.113549.1.1.4': 'md5WithRSAEncryption',
  '1.2.840.113549.1.1.5': 'sha1WithRSAEncryption',
  '1.2.840.113549.1.1.11': 'sha256WithRSAEncryption',
  '1.2.840.113549.1.1.12': 'sha384WithRSAEncryption',
  '1.2.840.113549.1.1.13': 'sha512WithRSAEncryption',
  '1.2.840.113549.1.1.10': 'rsassaPss',
  '1.2.840.10045.4.1': 'ecdsa-with-SHA1',
  '1.2.840.10045.4.3.2': 'ecdsa-with-SHA256',
  '1.2.840.10045.4.3.3': 'ecdsa-with-SHA384',
  '1.2.840.10045.4.3.4': 'ecdsa-with-SHA512',
  '1.3.101.112': 'ed25519',
  '1.3.101.113': 'ed448',
  '1.2.840.10040.4.3': 'dsa-with-SHA1',
};

/** SHA-1 and MD5 signatures: collisions are practical, so a CA's signature with them proves little. */
export function isWeakSignature(algorithm: string): boolean {
  return /md5|sha1|SHA1/.test(algorithm);
}

const CURVE_BITS: Record<string, number> = { prime256v1: 256, secp384r1: 384, secp521r1: 521, secp256k1: 256 };

export function publicKeyInfo(key: { asymmetricKeyType?: string; asymmetricKeyDetails?: { modulusLength?: number; namedCurve?: string } }): PublicKeyInfo {
  const type = key.asymmetricKeyType ?? 'unknown';
  const details = key.asymmetricKeyDetails ?? {};
  const curve = details.namedCurve ?? null;
  const bits = details.modulusLength ?? (curve ? (CURVE_BITS[curve] ?? null) : type === 'ed25519' ? 256 : type === 'ed448' ? 456 : null);
  return { type, bits, curve };
}

/** `spiffe://trust-domain/ns/NS/sa/SA` (Istio's form), or any other SPIFFE path. */
export function parseSpiffe(uri: string): SpiffeId | null {
  const match = /^spiffe:\/\/([^/]+)(\/.*)?$/.exec(uri);
  if (!match) return null;
  const path = match[2] ?? '';
  const istio = /^\/ns\/([^/]+)\/sa\/([^/]+)$/.exec(path);
  return { trustDomain: match[1]!, namespace: istio?.[1] ?? null, serviceAccount: istio?.[2] ?? null, path };
}

const hex = (bytes: Buffer) => [...bytes].map((b) => b.toString(16).padStart(2, '0').toUpperCase()).join(':');

function ipText(bytes: Buffer): string {
  if (bytes.length === 4) return [...bytes].join('.');
  if (bytes.length === 16) return [...Array(8).keys()].map((i) => bytes.readUInt16BE(i * 2).toString(16)).join(':');
  return hex(bytes);
}

interface Extensions {
  basicConstraints?: { ca: boolean; pathLength: number | null };
  keyUsage?: string[];
  extendedKeyUsage?: string[];
  subjectKeyId?: string;
  authorityKeyId?: string;
  subjectAltNames?: string[];
}

function readExtensions(der: Buffer, extensionsWrapper: Tlv): Extensions {
  const found: Extensions = {};
  const [list] = children(der, extensionsWrapper);
  if (!list) return found;
  for (const extension of children(der, list)) {
    const parts = children(der, extension);
    const id = oidText(der, parts[0]!);
    const octets = parts[parts.length - 1]!;
    if (octets.tag !== 0x04) continue;
    const inner = readTlv(der, octets.start, octets.end);
    switch (id) {
      case '2.5.29.19': {
        const items = children(der, inner);
        const ca = items[0]?.tag === 0x01 && der[items[0].start] !== 0;
        const lengthItem = items.find((item) => item.tag === 0x02);
        found.basicConstraints = { ca, pathLength: lengthItem ? smallInteger(der, lengthItem) : null };
        break;
      }
      case '2.5.29.15': {
        const bytes = valueOf(der, inner).subarray(1); // the first byte counts unused bits
        found.keyUsage = KEY_USAGE_BITS.filter((_, bit) => ((bytes[bit >> 3] ?? 0) & (0x80 >> (bit & 7))) !== 0);
        break;
      }
      case '2.5.29.37':
        found.extendedKeyUsage = children(der, inner).map((item) => {
          const oid = oidText(der, item);
          return EKU_NAMES[oid] ?? oid;
        });
        break;
      case '2.5.29.14':
        found.subjectKeyId = hex(valueOf(der, inner));
        break;
      case '2.5.29.35': {
        const keyId = children(der, inner).find((item) => item.tag === 0x80);
        if (keyId) found.authorityKeyId = hex(valueOf(der, keyId));
        break;
      }
      case '2.5.29.17':
        found.subjectAltNames = children(der, inner).map((name) => {
          const value = valueOf(der, name);
          switch (name.tag) {
            case 0x81:
              return `email:${value.toString('latin1')}`;
            case 0x82:
              return `DNS:${value.toString('latin1')}`;
            case 0x86:
              return `URI:${value.toString('latin1')}`;
            case 0x87:
              return `IP:${ipText(value)}`;
            default:
              return `other:[${(name.tag & 0x1f).toString()}]`;
          }
        });
        break;
    }
  }
  return found;
}

/** Reads a DER certificate. Throws (DerError or Node's error) for something that is not one. */
export function certificateInfo(der: Buffer): { info: CertificateInfo; x509: X509Certificate } {
  const x509 = new X509Certificate(der);
  const outer = readTlv(der, 0);
  const [tbs, signatureAlgorithm] = children(der, outer);
  if (!tbs || !signatureAlgorithm) throw new DerError('not a certificate');
  const algorithmOid = oidText(der, children(der, signatureAlgorithm)[0]!);
  const fields = children(der, tbs);
  const extensionsWrapper = fields.find((field) => field.tag === 0xa3);
  const ext = extensionsWrapper ? readExtensions(der, extensionsWrapper) : {};
  const sans = ext.subjectAltNames ?? [];
  const spiffe = sans.map((name) => (name.startsWith('URI:') ? parseSpiffe(name.slice(4)) : null)).find((id) => id !== null) ?? null;
  const oneLine = (name: string) => name.split('\n').filter(Boolean).join(', ');
  const commonName = /^CN=(.*)$/m.exec(x509.subject)?.[1] ?? null;
  return {
    x509,
    info: {
      subject: oneLine(x509.subject) || '(empty)',
      issuer: oneLine(x509.issuer) || '(empty)',
      commonName,
      serialNumber: x509.serialNumber,
      subjectAltNames: sans,
      spiffe,
      hasSan: ext.subjectAltNames !== undefined,
      isCa: ext.basicConstraints?.ca ?? false,
      hasBasicConstraints: ext.basicConstraints !== undefined,
      pathLength: ext.basicConstraints?.pathLength ?? null,
      keyUsage: ext.keyUsage ?? null,
      extendedKeyUsage: ext.extendedKeyUsage ?? null,
      validFrom: new Date(x509.validFrom).toISOString(),
      validTo: new Date(x509.validTo).toISOString(),
      publicKey: publicKeyInfo(x509.publicKey),
      signatureAlgorithm: SIGNATURE_ALGORITHMS[algorithmOid] ?? algorithmOid,
      subjectKeyId: ext.subjectKeyId ?? null,
      authorityKeyId: ext.authorityKeyId ?? null,
      selfIssued: x509.subject === x509.issuer,
      fingerprint256: x509.fingerprint256,
    },
  };
}

const NAME_ATTRIBUTES: Record<string, string> = {
  '2.5.4.3': 'CN',
  '2.5.4.6': 'C',
  '2.5.4.7': 'L',
  '2.5.4.8': 'ST',
  '2.5.4.10': 'O',
  '2.5.4.11': 'OU',
  '2.5.4.5': 'serialNumber',
  '0.9.2342.19200300.100.1.25': 'DC',
  '1.2.840.113549.1.9.1': 'emailAddress',
};

/** A DER Name (as in a CertificateRequest's CA list) as "CN=..., O=...", most significant first as encoded. */
export function nameText(der: Buffer): string {
  try {
    const name = readTlv(der, 0);
    const parts: string[] = [];
    for (const rdn of children(der, name))
      for (const attribute of children(der, rdn)) {
        const [type, value] = children(der, attribute);
        if (!type || !value) continue;
        const oid = oidText(der, type);
        parts.push(`${NAME_ATTRIBUTES[oid] ?? oid}=${valueOf(der, value).toString(value.tag === 0x1e ? 'utf16le' : 'utf8')}`);
      }
    return parts.join(', ') || '(empty name)';
  } catch {
    return '(unreadable name)';
  }
}
