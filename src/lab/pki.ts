/**
 * In-memory PKI for the labs (and the policy lab): ECDSA P-256 certificates made with @peculiar/x509 on Node's
 * WebCrypto. Pure JS, offline, no openssl binary. Everything comes out as PEM strings ready for `tls` options.
 *
 * Why @peculiar/x509 + ECDSA: it signs ECDSA (node-forge does not), needs no native build, and a P-256 key + cert
 * costs a few ms (RSA-2048 keygen can take half a second). The library (with reflect-metadata) costs ~100 ms to
 * load, so it is imported lazily on first use: importing this module is free, the TUI never pays at start-up.
 */
import { createHash, generateKeyPairSync, KeyObject, webcrypto } from 'node:crypto';
import type * as X509 from '@peculiar/x509';

/** A certificate and its private key, both PEM. `cert` may hold a chain (leaf first). */
export interface PemIdentity {
  cert: string;
  key: string;
}

/** A certificate authority that can sign leaves. Keep the object to issue more certs; `cert` is the trust anchor PEM. */
export interface CertificateAuthority extends PemIdentity {
  name: string;
  /** @internal the WebCrypto signing key, parsed cert and key id; opaque to callers. */
  readonly signer: { privateKey: CryptoKey; cert: X509.X509Certificate; keyId: string };
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
  usage?: Array<'serverAuth' | 'clientAuth'>;
}

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const ALGORITHM = { name: 'ECDSA', namedCurve: 'P-256' } as const;
const SIGNING = { name: 'ECDSA', hash: 'SHA-256' } as const;

let x509Promise: Promise<typeof X509> | undefined;

/** Loads reflect-metadata (x509's DI container needs it first) and @peculiar/x509, once. */
function loadX509(): Promise<typeof X509> {
  x509Promise ??= (async () => {
    await import('reflect-metadata');
    const mod = (await import('@peculiar/x509')) as typeof X509 & { default?: typeof X509 };
    // Bundlers that pick the CommonJS build hand back the exports under `default`.
    const x509 = mod.cryptoProvider ? mod : (mod.default as typeof X509);
    x509.cryptoProvider.set(webcrypto as unknown as Crypto);
    return x509;
  })();
  return x509Promise;
}

/** Starts loading the certificate library in the background (e.g. when a Labs screen opens). */
export function preloadPki(): void {
  void loadX509();
}

/** `spiffe://cluster.local/ns/<namespace>/sa/<serviceAccount>` — the identity Istio puts in workload certs. */
export function spiffeId(namespace: string, serviceAccount: string, trustDomain = 'cluster.local'): string {
  return `spiffe://${trustDomain}/ns/${namespace}/sa/${serviceAccount}`;
}

function generateKeys(): Promise<CryptoKeyPair> {
  return webcrypto.subtle.generateKey(ALGORITHM, true, ['sign', 'verify']) as Promise<CryptoKeyPair>;
}

/** Key identifier: SHA-1 of the SubjectPublicKeyInfo, computed synchronously (x509's helpers are async and slower). */
function keyIdOf(spki: Buffer): string {
  return createHash('sha1').update(spki).digest('hex');
}

function spkiOf(publicKey: CryptoKey): Buffer {
  return KeyObject.from(publicKey as webcrypto.CryptoKey).export({ type: 'spki', format: 'der' });
}

/**
 * A leaf key pair made with node:crypto directly (sync, ~0.1 ms): x509 only needs the public key as SPKI bytes,
 * and the private key only ever leaves as PEM, so no WebCrypto round trips are needed for leaves.
 */
function leafKeys(): { spki: Buffer; keyPem: string } {
  const { publicKey, privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  return {
    spki: publicKey.export({ type: 'spki', format: 'der' }),
    keyPem: privateKey.export({ type: 'pkcs8', format: 'pem' }) as string,
  };
}

function keyToPem(key: CryptoKey): string {
  return KeyObject.from(key as webcrypto.CryptoKey).export({ type: 'pkcs8', format: 'pem' }) as string;
}

/** A DN value must not break the `CN=...` string syntax. */
function dn(commonName: string): string {
  return `CN=${commonName.replace(/([,+="\\<>;#])/g, '\\$1')}`;
}

function validityWindow(validity: Validity, defaultDays: number): { notBefore: Date; notAfter: Date } {
  const now = Date.now();
  return {
    notBefore: validity.notBefore ?? new Date(now - 5 * 60_000),
    notAfter: validity.notAfter ?? new Date(now + defaultDays * DAY),
  };
}

function randomSerial(): string {
  // Positive 16-byte serial (top bit clear), as CAs do.
  const bytes = webcrypto.getRandomValues(new Uint8Array(16));
  bytes[0] = (bytes[0] ?? 0) & 0x7f || 0x01;
  return Buffer.from(bytes).toString('hex');
}

/**
 * Makes a self-signed root CA (basicConstraints CA:true, keyCertSign). Valid from 1 hour ago for `days`
 * (default 30) unless a window is given.
 */
export async function createCa(name = 'mtls-tutor lab CA', options: Validity & { days?: number } = {}): Promise<CertificateAuthority> {
  const x509 = await loadX509();
  const keys = await generateKeys();
  const keyId = keyIdOf(spkiOf(keys.publicKey));
  const now = Date.now();
  const cert = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: randomSerial(),
    name: dn(name),
    notBefore: options.notBefore ?? new Date(now - HOUR),
    notAfter: options.notAfter ?? new Date(now + (options.days ?? 30) * DAY),
    keys,
    signingAlgorithm: SIGNING,
    extensions: [
      new x509.BasicConstraintsExtension(true, undefined, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign, true),
      new x509.SubjectKeyIdentifierExtension(keyId),
    ],
  });
  return { name, cert: cert.toString('pem'), key: keyToPem(keys.privateKey), signer: { privateKey: keys.privateKey, cert, keyId } };
}

/**
 * Issues a leaf certificate signed by `ca` with exactly the SANs and EKUs given (default EKU: clientAuth).
 * The building block of the helpers below; use it for deliberately odd certs (wrong EKU, wrong SAN, expired).
 */
export async function issueLeaf(ca: CertificateAuthority, options: LeafOptions = {}): Promise<PemIdentity> {
  const x509 = await loadX509();
  const keys = leafKeys();
  const cert = await x509.X509CertificateGenerator.create({
    serialNumber: randomSerial(),
    subject: dn(options.commonName ?? 'mtls-tutor leaf'),
    issuer: ca.signer.cert.subjectName,
    ...validityWindow(options, 1),
    publicKey: new Uint8Array(keys.spki),
    signingKey: ca.signer.privateKey,
    signingAlgorithm: SIGNING,
    extensions: leafExtensions(x509, keyIdOf(keys.spki), options, ca.signer.keyId),
  });
  return { cert: cert.toString('pem'), key: keys.keyPem };
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
  const x509 = await loadX509();
  const keys = await generateKeys();
  const cert = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: randomSerial(),
    name: dn(options.commonName ?? 'mtls-tutor self-signed'),
    ...validityWindow(options, 1),
    keys,
    signingAlgorithm: SIGNING,
    extensions: leafExtensions(x509, keyIdOf(spkiOf(keys.publicKey)), options, undefined),
  });
  return { cert: cert.toString('pem'), key: keyToPem(keys.privateKey) };
}

function leafExtensions(x509: typeof X509, keyId: string, options: LeafOptions, issuerKeyId: string | undefined): X509.Extension[] {
  const names: X509.JsonGeneralNames = [
    ...(options.dnsNames ?? []).map((value) => ({ type: 'dns' as const, value })),
    ...(options.ipAddresses ?? []).map((value) => ({ type: 'ip' as const, value })),
    ...(options.uris ?? []).map((value) => ({ type: 'url' as const, value })),
  ];
  const usage = (options.usage ?? ['clientAuth']).map((u) => x509.ExtendedKeyUsage[u]);
  const extensions: X509.Extension[] = [
    new x509.BasicConstraintsExtension(false, undefined, true),
    new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature, true),
    new x509.ExtendedKeyUsageExtension(usage),
    new x509.SubjectKeyIdentifierExtension(keyId),
  ];
  if (names.length > 0) extensions.push(new x509.SubjectAlternativeNameExtension(names));
  if (issuerKeyId) extensions.push(new x509.AuthorityKeyIdentifierExtension(issuerKeyId));
  return extensions;
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
