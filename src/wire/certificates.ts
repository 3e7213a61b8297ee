/**
 * Certificates and distinguished names as they travel in handshake messages: a summary of each DER certificate
 * (parsed by node:crypto's X509Certificate) and the X.501 names a CertificateRequest lists as acceptable CAs
 * (read here with a small DER reader: X509Certificate parses whole certificates only).
 */
import { X509Certificate } from 'node:crypto';
import { oidText, readTlv } from '../x509/der-read.js';
import { EKU_NAMES } from '../x509/names.js';
import type { FieldValue } from './types.js';

/** "CN=lab root CA, O=mtls-tutor" for a DER Name, in encoded order like Node's X509Certificate.subject; null if malformed. */
export function distinguishedName(der: Uint8Array): string | null {
  try {
    const parts: string[] = [];
    const name = readTlv(der, 0);
    if (name.tag !== 0x30 || name.end !== der.length) return null;
    for (let set = name.start; set < name.end; ) {
      const rdn = readTlv(der, set);
      if (rdn.tag !== 0x31) return null;
      for (let at = rdn.start; at < rdn.end; ) {
        const attribute = readTlv(der, at);
        const oid = readTlv(der, attribute.start);
        const value = readTlv(der, oid.end);
        if (attribute.tag !== 0x30 || oid.tag !== 0x06) return null;
        const type = oidText(der, oid);
        parts.push(`${ATTRIBUTE_NAMES[type] ?? type}=${stringValue(value.tag, der.subarray(value.start, value.end))}`);
        at = attribute.end;
      }
      set = rdn.end;
    }
    return parts.join(', ');
  } catch {
    return null;
  }
}

const ATTRIBUTE_NAMES: Record<string, string> = {
  '2.5.4.3': 'CN',
  '2.5.4.5': 'serialNumber',
  '2.5.4.6': 'C',
  '2.5.4.7': 'L',
  '2.5.4.8': 'ST',
  '2.5.4.10': 'O',
  '2.5.4.11': 'OU',
  '1.2.840.113549.1.9.1': 'emailAddress',
  '0.9.2342.19200300.100.1.25': 'DC',
};

function stringValue(tag: number, bytes: Uint8Array): string {
  const buffer = Buffer.from(bytes);
  if (tag === 0x1e) return buffer.swap16().toString('utf16le'); // BMPString is UTF-16BE
  return tag === 0x0c ? buffer.toString('utf8') : buffer.toString('latin1');
}

const CURVES: Record<string, string> = { prime256v1: 'P-256', secp384r1: 'P-384', secp521r1: 'P-521' };

function keyText(cert: X509Certificate): string {
  const key = cert.publicKey;
  const details = key.asymmetricKeyDetails ?? {};
  if (key.asymmetricKeyType === 'ec') return `EC ${CURVES[details.namedCurve ?? ''] ?? details.namedCurve ?? '?'}`;
  if (key.asymmetricKeyType === 'rsa' || key.asymmetricKeyType === 'rsa-pss') return `${key.asymmetricKeyType.toUpperCase()} ${details.modulusLength ?? '?'} bits`;
  return key.asymmetricKeyType ?? 'unknown';
}

/**
 * Summaries by certificate bytes. Parsing is most of the cost of decoding a handshake (~0.2 ms a certificate),
 * and the same certificates come back in every handshake of a lab run. Bounded; summaries are copied out.
 */
const summaries = new Map<string, { [key: string]: FieldValue }>();
const CACHE_LIMIT = 256;

/** Subject, SAN, issuer, validity, key and extended key usage of a DER certificate, or why it cannot be read. */
export function summarizeCertificate(der: Uint8Array): { [key: string]: FieldValue } {
  const key = Buffer.from(der.buffer, der.byteOffset, der.byteLength).toString('base64');
  let summary = summaries.get(key);
  if (!summary) {
    summary = parseSummary(der);
    if (summaries.size >= CACHE_LIMIT) summaries.delete(summaries.keys().next().value as string);
    summaries.set(key, summary);
  }
  return structuredClone(summary);
}

function parseSummary(der: Uint8Array): { [key: string]: FieldValue } {
  let cert: X509Certificate;
  try {
    cert = new X509Certificate(Buffer.from(der));
  } catch {
    return { error: 'not a certificate node:crypto can parse', bytes: der.length };
  }
  let key = 'unknown';
  try {
    key = keyText(cert);
  } catch {
    // an unsupported key type: the rest of the summary still stands
  }
  const date = (text: string) => {
    const when = new Date(text);
    return Number.isNaN(when.getTime()) ? text : when.toISOString();
  };
  return {
    subject: cert.subject.replace(/\n/g, ', '),
    subject_alt_names: cert.subjectAltName ? cert.subjectAltName.split(', ') : [],
    issuer: cert.issuer.replace(/\n/g, ', '),
    not_before: date(cert.validFrom),
    not_after: date(cert.validTo),
    key,
    extended_key_usage: (cert.keyUsage ?? []).map((oid) => EKU_NAMES[oid] ?? oid),
    is_ca: cert.ca,
    serial: cert.serialNumber,
    bytes: der.length,
  };
}
