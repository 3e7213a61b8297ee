/**
 * Small, fixed facts about TLS used to describe what the stack reported: alert numbers (RFC 8446 registry),
 * plain-language meanings of verification codes, and a certificate summary. Nothing here decides an outcome.
 */
import { X509Certificate } from 'node:crypto';
import type { AlertInfo, CertSummary, ErrorInfo, Side } from './types.js';

/**
 * The library and reason of an OpenSSL error line, as Node's messages and openssl's stderr both carry them:
 * `80..:error:0A00045C:SSL routines:ssl3_read_bytes:tlsv13 alert certificate required:file:line:`.
 */
export function parseOpensslError(text: string): { library: string; reason: string } | null {
  const match = /^[0-9A-F]+:error:[0-9A-F]+:([^:]*):[^:]*:([^:]+):/.exec(text);
  return match ? { library: match[1]!, reason: match[2]!.trim() } : null;
}

/** A socket error as code and message; for an OpenSSL error the message is just its reason. */
export function errorInfo(error: unknown): ErrorInfo {
  const err = error as NodeJS.ErrnoException;
  return { code: err.code ?? 'ERROR', message: parseOpensslError(err.message)?.reason ?? err.message.trim() };
}

const ALERT_NUMBERS: Record<string, number> = {
  close_notify: 0,
  unexpected_message: 10,
  bad_record_mac: 20,
  record_overflow: 22,
  handshake_failure: 40,
  bad_certificate: 42,
  unsupported_certificate: 43,
  certificate_revoked: 44,
  certificate_expired: 45,
  certificate_unknown: 46,
  illegal_parameter: 47,
  unknown_ca: 48,
  access_denied: 49,
  decode_error: 50,
  decrypt_error: 51,
  protocol_version: 70,
  insufficient_security: 71,
  internal_error: 80,
  inappropriate_fallback: 86,
  user_canceled: 90,
  missing_extension: 109,
  unsupported_extension: 110,
  unrecognized_name: 112,
  bad_certificate_status_response: 113,
  unknown_psk_identity: 115,
  certificate_required: 116,
  no_application_protocol: 120,
};

/**
 * Reads a received alert out of an OpenSSL error code such as ERR_SSL_TLSV13_ALERT_CERTIFICATE_REQUIRED.
 * `receivedBy` is the side whose error it is; the alert was sent by the other side.
 */
export function alertFromCode(code: string | undefined, receivedBy: Side): AlertInfo | null {
  const match = code ? /^ERR_SSL_(?:SSLV3|TLSV1|TLSV13)_ALERT_([A-Z_]+)$/.exec(code) : null;
  if (!match?.[1]) return null;
  const name = match[1].toLowerCase();
  return { name, number: ALERT_NUMBERS[name] ?? -1, sentBy: receivedBy === 'client' ? 'server' : 'client' };
}

/** Alert number for an alert name (for openssl's text output), or -1. */
export function alertNumber(name: string): number {
  return ALERT_NUMBERS[name] ?? -1;
}

const MEANINGS: Record<string, string> = {
  CERT_HAS_EXPIRED: 'the certificate has expired (now is after its notAfter)',
  CERT_NOT_YET_VALID: 'the certificate is not valid yet (now is before its notBefore)',
  UNABLE_TO_VERIFY_LEAF_SIGNATURE: 'no trusted CA issued this certificate (cannot verify the first certificate)',
  UNABLE_TO_GET_ISSUER_CERT_LOCALLY: 'the issuer of this certificate is not in the trust bundle',
  UNABLE_TO_GET_ISSUER_CERT: 'the issuer certificate could not be found',
  DEPTH_ZERO_SELF_SIGNED_CERT: 'the certificate is self-signed and not trusted',
  SELF_SIGNED_CERT_IN_CHAIN: 'the chain ends in a self-signed root that is not trusted',
  INVALID_PURPOSE: 'the certificate is not allowed for this purpose (extended key usage)',
  ERR_TLS_CERT_ALTNAME_INVALID: 'the host name is not among the certificate SANs',
  ERR_SSL_PEER_DID_NOT_RETURN_A_CERTIFICATE: 'the client sent no certificate although one is required',
  ERR_SSL_HTTP_REQUEST: 'the client spoke plain HTTP to a TLS port',
  ERR_TLS_HANDSHAKE_TIMEOUT: 'the client did not finish the handshake in time',
  ECONNRESET: 'the other side closed the connection abruptly',
  // What a TLS server reports when the bytes it receives are not a ClientHello: garbage, or another protocol.
  ERR_SSL_WRONG_VERSION_NUMBER: 'the bytes received are not TLS (or not a TLS version this side speaks)',
  ERR_SSL_PACKET_LENGTH_TOO_LONG: 'the bytes received are not TLS (the record header announces an impossible length)',
  ERR_SSL_UNEXPECTED_MESSAGE: 'the bytes look like a TLS record but are not a valid handshake message',
  ERR_SSL_UNSUPPORTED_PROTOCOL: 'the peer offered only TLS versions this side does not allow',
  ERR_SSL_NO_APPLICATION_PROTOCOL: 'the client offered no application protocol (ALPN) that this side speaks',
};

/** OpenSSL's own reason for an ERR_SSL_* code we have no sentence for: "TLS error: bad record type (ERR_SSL_BAD_RECORD_TYPE)". */
function opensslReason(code: string): string | null {
  return code.startsWith('ERR_SSL_') ? `TLS error: ${code.slice('ERR_SSL_'.length).toLowerCase().replace(/_/g, ' ')} (${code})` : null;
}

/** The message Node gives a client's FIN mid-handshake, for a close seen only by its TCP socket. */
export const HANG_UP = 'socket hang up';

/**
 * A server's words for a client that ended the connection before `handshake` finished. Node's server reports
 * ECONNRESET for both: with the message "socket hang up" when the client closed (FIN), another when it reset (RST).
 */
export function cutShortMeaning(message: string, handshake = 'the TLS handshake'): string {
  return message === HANG_UP
    ? `the client closed the connection before ${handshake} finished`
    : `the client reset the connection (TCP RST) before ${handshake} finished`;
}

/** A sentence for a verification / error code, or the code itself. */
export function meaningOf(code: string): string {
  const alert = alertFromCode(code, 'client');
  if (alert) return `the peer sent the TLS alert ${alert.name} (${alert.number})`;
  return MEANINGS[code] ?? opensslReason(code) ?? code;
}

/** Summarises a certificate (from a socket's getPeerX509Certificate() or from PEM). */
export function summarizeCert(cert: X509Certificate | string | undefined | null): CertSummary | null {
  if (!cert) return null;
  const x509 = typeof cert === 'string' ? new X509Certificate(cert) : cert;
  return {
    subject: x509.subject.replace(/\n/g, ', '),
    issuer: x509.issuer.replace(/\n/g, ', '),
    subjectAltNames: x509.subjectAltName ? x509.subjectAltName.split(', ') : [],
    validFrom: new Date(x509.validFrom).toISOString(),
    validTo: new Date(x509.validTo).toISOString(),
    fingerprint256: x509.fingerprint256,
  };
}

/** The SPIFFE URI (or first URI SAN) of a certificate, else its subject. */
export function identityOf(summary: CertSummary | null): string | null {
  if (!summary) return null;
  const uri = summary.subjectAltNames.find((name) => name.startsWith('URI:'));
  return uri ? uri.slice(4) : summary.subject;
}
