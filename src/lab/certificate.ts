/**
 * X.509 v3 certificates (RFC 5280) built directly on node:crypto: we DER-encode the TBSCertificate, sign it with
 * ECDSA/SHA-256 (or RSA/SHA-256, for the handshake cost lab) and wrap it in PEM. Only what the labs need: names with CN and O, the usual CA and leaf extensions,
 * DNS / IP / URI subject alternative names.
 */
import { createHash, randomBytes, sign, type KeyObject } from 'node:crypto';
import { isIPv4, isIPv6 } from 'node:net';
import {
  bitString,
  boolean,
  directoryString,
  explicit,
  ia5Bytes,
  implicit,
  integer,
  namedBits,
  octetString,
  oid,
  sequence,
  set,
  tlv,
  toPem,
  unsignedInteger,
  x509Time,
} from './der.js';

const OID = {
  ecdsaWithSha256: '1.2.840.10045.4.3.2',
  sha256WithRsaEncryption: '1.2.840.113549.1.1.11',
  commonName: '2.5.4.3',
  organization: '2.5.4.10',
  subjectKeyIdentifier: '2.5.29.14',
  keyUsage: '2.5.29.15',
  subjectAltName: '2.5.29.17',
  basicConstraints: '2.5.29.19',
  authorityKeyIdentifier: '2.5.29.35',
  extKeyUsage: '2.5.29.37',
  serverAuth: '1.3.6.1.5.5.7.3.1',
  clientAuth: '1.3.6.1.5.5.7.3.2',
} as const;

/** KeyUsage bit numbers (RFC 5280 4.2.1.3). */
const KEY_USAGE = { digitalSignature: 0, keyCertSign: 5, cRLSign: 6 } as const;

export type ExtendedKeyUsage = 'serverAuth' | 'clientAuth';

/** The distinguished-name attributes we write; an empty object gives an empty Name (then SAN is critical). */
export interface DistinguishedName {
  commonName?: string;
  organization?: string;
}

export interface SubjectAltNames {
  dnsNames?: readonly string[];
  ipAddresses?: readonly string[];
  uris?: readonly string[];
}

export interface CertificateSpec {
  subject: DistinguishedName;
  /** The issuer's subject Name as DER (copied byte for byte, so chain building matches); omit for self-signed. */
  issuerName?: Buffer;
  /** The issuer's subjectKeyIdentifier, written as authorityKeyIdentifier; omit to leave the extension out. */
  authorityKeyId?: Buffer;
  notBefore: Date;
  notAfter: Date;
  /** The certified key (an EC public key). */
  publicKey: KeyObject;
  /** The issuer's EC or RSA private key (the subject's own for self-signed). */
  signingKey: KeyObject;
  /** A CA certificate (basicConstraints CA:TRUE, keyCertSign + cRLSign); otherwise a leaf (digitalSignature). */
  ca?: boolean;
  /** basicConstraints pathLenConstraint, CAs only. */
  pathLength?: number;
  /** extKeyUsage purposes; omitted or empty leaves the extension out. */
  extendedKeyUsage?: readonly ExtendedKeyUsage[];
  subjectAltNames?: SubjectAltNames;
  /** Big-endian serial magnitude; default 16 random bytes, positive. */
  serial?: Buffer;
}

export interface IssuedCertificate {
  pem: string;
  der: Buffer;
  /** The subject Name as DER: pass it as `issuerName` when this certificate signs others. */
  subjectName: Buffer;
  /** SHA-1 of the subject public key bits: pass it as `authorityKeyId` when this certificate signs others. */
  subjectKeyId: Buffer;
}

/** Builds, signs and encodes one certificate. */
export function createCertificate(spec: CertificateSpec): IssuedCertificate {
  const signatureAlgorithm = signatureAlgorithmOf(spec.signingKey);
  if (spec.pathLength !== undefined && !spec.ca) throw new Error('pathLength only applies to CA certificates');

  const spki = spec.publicKey.export({ type: 'spki', format: 'der' });
  const subjectName = encodeName(spec.subject);
  const subjectKeyId = keyIdentifier(spki);

  const tbs = sequence(
    explicit(0, integer(2)), // v3
    unsignedInteger(spec.serial ?? randomSerial()),
    signatureAlgorithm,
    spec.issuerName ?? subjectName,
    sequence(x509Time(spec.notBefore), x509Time(spec.notAfter)),
    subjectName,
    spki,
    explicit(3, sequence(...extensions(spec, subjectName, subjectKeyId))),
  );
  const signature = sign('sha256', tbs, spec.signingKey); // DER ECDSA-Sig-Value, or an RSASSA-PKCS1-v1_5 signature
  const der = sequence(tbs, signatureAlgorithm, bitString(signature));
  return { pem: toPem('CERTIFICATE', der), der, subjectName, subjectKeyId };
}

/** AlgorithmIdentifier of the signature a key makes with SHA-256. */
function signatureAlgorithmOf(key: KeyObject): Buffer {
  if (key.asymmetricKeyType === 'ec') return sequence(oid(OID.ecdsaWithSha256)); // parameters absent (RFC 5758 3.2)
  if (key.asymmetricKeyType === 'rsa') return sequence(oid(OID.sha256WithRsaEncryption), tlv(0x05, Buffer.alloc(0))); // NULL parameters (RFC 4055 5)
  throw new Error('only EC and RSA signing keys are supported (ecdsa-with-SHA256, sha256WithRSAEncryption)');
}

function extensions(spec: CertificateSpec, subjectName: Buffer, subjectKeyId: Buffer): Buffer[] {
  const list: Buffer[] = [];
  // CA:FALSE is the DEFAULT, so a leaf's basicConstraints is an empty SEQUENCE in DER.
  const constraints = spec.ca ? [boolean(true), ...(spec.pathLength === undefined ? [] : [integer(spec.pathLength)])] : [];
  list.push(extension(OID.basicConstraints, true, sequence(...constraints)));
  const usage = spec.ca ? [KEY_USAGE.keyCertSign, KEY_USAGE.cRLSign] : [KEY_USAGE.digitalSignature];
  list.push(extension(OID.keyUsage, true, namedBits(usage)));
  if (spec.extendedKeyUsage && spec.extendedKeyUsage.length > 0) {
    list.push(extension(OID.extKeyUsage, false, sequence(...spec.extendedKeyUsage.map((purpose) => oid(OID[purpose])))));
  }
  list.push(extension(OID.subjectKeyIdentifier, false, octetString(subjectKeyId)));
  const names = generalNames(spec.subjectAltNames ?? {});
  // RFC 5280 4.2.1.6: with an empty subject the identity lives only in the SAN, which must then be critical.
  const emptySubject = subjectName.length === 2;
  if (names.length > 0) list.push(extension(OID.subjectAltName, emptySubject, sequence(...names)));
  else if (emptySubject) throw new Error('a certificate with an empty subject needs at least one subject alternative name');
  if (spec.authorityKeyId) list.push(extension(OID.authorityKeyIdentifier, false, sequence(implicit(0, spec.authorityKeyId))));
  return list;
}

/** Extension ::= SEQUENCE { extnID, critical BOOLEAN DEFAULT FALSE (omitted when false), extnValue OCTET STRING }. */
function extension(id: string, critical: boolean, value: Buffer): Buffer {
  return sequence(oid(id), ...(critical ? [boolean(true)] : []), octetString(value));
}

/** Name ::= RDNSequence, one attribute per RDN, most significant first (O before CN). */
export function encodeName(name: DistinguishedName): Buffer {
  const rdns: Buffer[] = [];
  if (name.organization) rdns.push(set(sequence(oid(OID.organization), directoryString(name.organization))));
  if (name.commonName) rdns.push(set(sequence(oid(OID.commonName), directoryString(name.commonName))));
  return sequence(...rdns);
}

/** GeneralName choices: dNSName [2], uniformResourceIdentifier [6] (IA5String), iPAddress [7] (4 or 16 bytes). */
function generalNames({ dnsNames = [], ipAddresses = [], uris = [] }: SubjectAltNames): Buffer[] {
  return [
    ...dnsNames.map((dns) => implicit(2, ia5Bytes(dns))),
    ...ipAddresses.map((ip) => implicit(7, ipAddressBytes(ip))),
    ...uris.map((uri) => implicit(6, ia5Bytes(uri))),
  ];
}


export function ipAddressBytes(ip: string): Buffer {
  if (isIPv4(ip)) return Buffer.from(ip.split('.').map(Number));
  if (isIPv6(ip)) return ipv6Bytes(ip);
  throw new Error(`not an IP address: ${JSON.stringify(ip)}`);
}

/** IPv6 text (already validated by isIPv6) to 16 bytes: expands `::` and an embedded IPv4 tail. */
function ipv6Bytes(ip: string): Buffer {
  let text = ip;
  const tail: number[] = [];
  const v4 = /(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(text);
  if (v4) {
    const [a = 0, b = 0, c = 0, d = 0] = v4.slice(1).map(Number);
    tail.push((a << 8) | b, (c << 8) | d);
    text = text.slice(0, v4.index);
    if (!text.endsWith('::')) text = text.slice(0, -1); // the ':' before the IPv4 part
  }
  const [head = '', rest] = text.split('::');
  const groups = (part: string) => (part === '' ? [] : part.split(':').map((group) => parseInt(group, 16)));
  const left = groups(head);
  const right = rest === undefined ? [] : groups(rest);
  const zeros = Array<number>(8 - tail.length - left.length - right.length).fill(0);
  const bytes = Buffer.alloc(16);
  [...left, ...zeros, ...right, ...tail].forEach((group, i) => bytes.writeUInt16BE(group, i * 2));
  return bytes;
}

/** RFC 5280 4.2.1.2 method (1): SHA-1 of the subjectPublicKey BIT STRING value (without the unused-bits byte). */
export function keyIdentifier(spki: Buffer): Buffer {
  return createHash('sha1').update(subjectPublicKeyBits(spki)).digest();
}

/** Reads SubjectPublicKeyInfo ::= SEQUENCE { algorithm AlgorithmIdentifier, subjectPublicKey BIT STRING }. */
function subjectPublicKeyBits(spki: Buffer): Buffer {
  const outer = readTlv(spki, 0);
  const algorithm = readTlv(spki, outer.valueStart);
  const key = readTlv(spki, algorithm.end);
  if (outer.tag !== 0x30 || algorithm.tag !== 0x30 || key.tag !== 0x03) throw new Error('malformed SubjectPublicKeyInfo');
  return spki.subarray(key.valueStart + 1, key.end);
}

function readTlv(der: Buffer, offset: number): { tag: number; valueStart: number; end: number } {
  const tag = der[offset];
  let length = der[offset + 1];
  let valueStart = offset + 2;
  if (tag === undefined || length === undefined) throw new Error('truncated DER');
  if (length & 0x80) {
    const count = length & 0x7f;
    length = 0;
    for (let i = 0; i < count; i++) length = length * 256 + (der[valueStart + i] ?? 0);
    valueStart += count;
  }
  if (valueStart + length > der.length) throw new Error('truncated DER');
  return { tag, valueStart, end: valueStart + length };
}

/** 16 random bytes, top bit clear (positive) and first byte non-zero (so the encoding stays 16 bytes). */
function randomSerial(): Buffer {
  const serial = randomBytes(16);
  serial[0] = (serial[0] ?? 0) & 0x7f || 0x01;
  return serial;
}
