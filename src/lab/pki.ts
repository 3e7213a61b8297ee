/**
 * In-memory PKI for the labs (and the policy lab): ECDSA P-256 certificates encoded by certificate.ts on
 * node:crypto alone. Offline, no openssl binary, no certificate library. Everything comes out as PEM strings ready
 * for `tls` options.
 *
 * Why ECDSA P-256: a key pair and a signature cost well under a millisecond (RSA-2048 keygen can take half a second),
 * so a whole lab PKI is made in a few ms on demand.
 */
import { generateKeyPair, generateKeyPairSync, type KeyObject } from 'node:crypto';
import { promisify } from 'node:util';
import { createCertificate, type ExtendedKeyUsage } from './certificate.js';

/** A certificate and its private key, both PEM. `cert` may hold a chain (leaf first). */
export interface PemIdentity {
  cert: string;
  key: string;
}

/** A certificate authority that can sign leaves. Keep the object to issue more certs; `cert` is the trust anchor PEM. */
export interface CertificateAuthority extends PemIdentity {
  name: string;
  /** @internal the signing key, the CA's subject Name (DER) and subject key identifier; opaque to callers. */
  readonly signer: { privateKey: KeyObject; subjectName: Buffer; keyId: Buffer };
}

/** Validity window; defaults give a leaf valid from 5 minutes ago (clock skew) for one day. */
export interface Validity {
  notBefore?: Date;
  notAfter?: Date;
}

export interface LeafOptions extends Validity {
  /** Subject common name. */
  commonName?: string;
  /** DNS names for the SAN extension. */
  dnsNames?: string[];
  /** IP addresses for the SAN extension. */
  ipAddresses?: string[];
  /** URIs for the SAN extension (SPIFFE IDs). */
  uris?: string[];
  /** Extended key usage; default depends on the issuing function. */
  usage?: ExtendedKeyUsage[];
  /** The leaf's own key (default ECDSA P-256); the CA's key signs it, whatever its type. */
  algorithm?: KeyAlgorithm;
}

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** `spiffe://cluster.local/ns/<namespace>/sa/<serviceAccount>` — the identity Istio puts in workload certs. */
export function spiffeId(namespace: string, serviceAccount: string, trustDomain = 'cluster.local'): string {
  return `spiffe://${trustDomain}/ns/${namespace}/sa/${serviceAccount}`;
}

/** The key types the labs make: ECDSA P-256 (every lab) and RSA-2048 (only to compare handshake cost). */
export type KeyAlgorithm = 'ecdsa-p256' | 'rsa-2048';

const generateKeyPairAsync = promisify(generateKeyPair);

async function generateKeys(algorithm: KeyAlgorithm = 'ecdsa-p256'): Promise<{ publicKey: KeyObject; privateKey: KeyObject }> {
  // RSA key generation takes tens to hundreds of ms: off the event loop. EC takes well under one: in line.
  if (algorithm === 'rsa-2048') return generateKeyPairAsync('rsa', { modulusLength: 2048 });
  return generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
}

function keyToPem(key: KeyObject): string {
  return key.export({ type: 'pkcs8', format: 'pem' }) as string;
}

function validityWindow(validity: Validity, defaultDays: number): { notBefore: Date; notAfter: Date } {
  const now = Date.now();
  return {
    notBefore: validity.notBefore ?? new Date(now - 5 * 60_000),
    notAfter: validity.notAfter ?? new Date(now + defaultDays * DAY),
  };
}

/**
 * Makes a self-signed root CA (basicConstraints CA:true, keyCertSign). Valid from 1 hour ago for `days`
 * (default 30) unless a window is given.
 */
export async function createCa(name = 'mtls-tutor lab CA', options: Validity & { days?: number; algorithm?: KeyAlgorithm } = {}): Promise<CertificateAuthority> {
  const keys = await generateKeys(options.algorithm);
  const now = Date.now();
  const cert = createCertificate({
    subject: { commonName: name },
    notBefore: options.notBefore ?? new Date(now - HOUR),
    notAfter: options.notAfter ?? new Date(now + (options.days ?? 30) * DAY),
    publicKey: keys.publicKey,
    signingKey: keys.privateKey,
    ca: true,
  });
  return {
    name,
    cert: cert.pem,
    key: keyToPem(keys.privateKey),
    signer: { privateKey: keys.privateKey, subjectName: cert.subjectName, keyId: cert.subjectKeyId },
  };
}

/**
 * Issues a leaf certificate signed by `ca` with exactly the SANs and EKUs given (default EKU: clientAuth).
 * The building block of the helpers below; use it for deliberately odd certs (wrong EKU, wrong SAN, expired).
 */
export async function issueLeaf(ca: CertificateAuthority, options: LeafOptions = {}): Promise<PemIdentity> {
  const keys = await generateKeys(options.algorithm);
  const cert = createCertificate({
    ...leafSpec(options, 'mtls-tutor leaf'),
    issuerName: ca.signer.subjectName,
    authorityKeyId: ca.signer.keyId,
    publicKey: keys.publicKey,
    signingKey: ca.signer.privateKey,
  });
  return { cert: cert.pem, key: keyToPem(keys.privateKey) };
}
/**
 * Issues a server certificate (EKU serverAuth). Default SANs: DNS:localhost and IP:127.0.0.1, so Node and curl
 * clients connecting to 127.0.0.1 with servername `localhost` accept it.
 */
export function issueServerCert(ca: CertificateAuthority, options: LeafOptions = {}): Promise<PemIdentity> {
  return issueLeaf(ca, {
    commonName: 'localhost',
    dnsNames: ['localhost'],
    ipAddresses: ['127.0.0.1'],
    usage: ['serverAuth'],
    ...options,
  });
}

/**
 * Issues a workload (client) certificate carrying `spiffeUri` as its URI SAN, EKU clientAuth — what Istio's
 * sidecars present. The common name is the service account part of the URI when there is one.
 */
export function issueWorkloadCert(ca: CertificateAuthority, spiffeUri: string, options: LeafOptions = {}): Promise<PemIdentity> {
  const serviceAccount = /\/sa\/([^/]+)$/.exec(spiffeUri)?.[1];
  return issueLeaf(ca, { commonName: serviceAccount ?? spiffeUri, uris: [spiffeUri], usage: ['clientAuth'], ...options });
}

/**
 * A self-signed leaf (not a CA) with the given SANs and EKU (default clientAuth): what someone gets from
 * `openssl req -x509` on a laptop. Nobody trusts it.
 */
export async function createSelfSignedLeaf(options: LeafOptions = {}): Promise<PemIdentity> {
  const keys = await generateKeys(options.algorithm);
  const cert = createCertificate({
    ...leafSpec(options, 'mtls-tutor self-signed'),
    publicKey: keys.publicKey,
    signingKey: keys.privateKey,
  });
  return { cert: cert.pem, key: keyToPem(keys.privateKey) };
}

/** The subject, window, EKU and SANs of a leaf (not a CA); the caller adds keys and issuer. */
function leafSpec(options: LeafOptions, defaultName: string) {
  return {
    subject: { commonName: options.commonName ?? defaultName },
    ...validityWindow(options, 1),
    extendedKeyUsage: options.usage ?? ['clientAuth'],
    subjectAltNames: { dnsNames: options.dnsNames, ipAddresses: options.ipAddresses, uris: options.uris },
  };
}

/** Validity windows used for deliberately bad certs. */
export function expiredWindow(): Required<Validity> {
  const now = Date.now();
  return { notBefore: new Date(now - 2 * DAY), notAfter: new Date(now - DAY) };
}

export function notYetValidWindow(): Required<Validity> {
  const now = Date.now();
  return { notBefore: new Date(now + DAY), notAfter: new Date(now + 2 * DAY) };
}

/**
 * An intermediate CA signed by `parent` (CA:TRUE, path length 0: it may sign leaves only). `cert` holds the
 * intermediate alone; a leaf it issues is sent with it as `leaf + intermediate`.
 */
export async function issueIntermediate(parent: CertificateAuthority, name: string, options: Validity & { days?: number } = {}): Promise<CertificateAuthority> {
  const keys = await generateKeys();
  const now = Date.now();
  const cert = createCertificate({
    subject: { commonName: name },
    issuerName: parent.signer.subjectName,
    authorityKeyId: parent.signer.keyId,
    notBefore: options.notBefore ?? new Date(now - HOUR),
    notAfter: options.notAfter ?? new Date(now + (options.days ?? 30) * DAY),
    publicKey: keys.publicKey,
    signingKey: parent.signer.privateKey,
    ca: true,
    pathLength: 0,
  });
  return { name, cert: cert.pem, key: keyToPem(keys.privateKey), signer: { privateKey: keys.privateKey, subjectName: cert.subjectName, keyId: cert.subjectKeyId } };
}
