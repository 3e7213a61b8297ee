/**
 * Handshake message bodies, TLS 1.3 (RFC 8446 §4) and TLS 1.2 (RFC 5246 §7.4, RFC 8422 §5 for ECDHE, RFC 5077
 * for session tickets): each decoded into JSON fields and annotated byte by byte. Where the two versions differ
 * (Certificate, CertificateRequest, NewSessionTicket) the negotiated version decides.
 */
import { Malformed, Reader, toHex } from './bytes.js';
import { distinguishedName, summarizeCertificate } from './certificates.js';
import { readExtensions } from './extensions.js';
import {
  CERTIFICATE_TYPES,
  CIPHER_SUITES,
  GROUPS,
  HANDSHAKE_TYPES,
  SIGNATURE_SCHEMES,
  VERSIONS,
  cipherSuiteName,
  groupName,
  labelled,
  nameOf,
  schemeName,
  versionName,
} from './registry.js';
import type { FieldValue, Span, WireSide } from './types.js';

export interface HandshakeContext {
  /** The version the ServerHello chose, once seen. */
  version: '1.2' | '1.3' | null;
  /** TLS 1.2's key exchange, from the chosen cipher suite. */
  keyExchange: 'ECDHE' | 'DHE' | 'RSA' | null;
  from: WireSide;
}

export interface DecodedHandshake {
  type: string;
  fields: { [key: string]: FieldValue };
  spans: Span[];
  problem?: string;
}

/** SHA-256("HelloRetryRequest"): the random that makes a ServerHello a HelloRetryRequest (RFC 8446 §4.1.3). */
export const HELLO_RETRY_RANDOM = Buffer.from('cf21ad74e59a6111be1d8c021e65b891c2a211167abb8c5e079e09e2c8a8339c', 'hex');

const suite = (n: number) => labelled(CIPHER_SUITES, n);
const scheme = (n: number) => labelled(SIGNATURE_SCHEMES, n);
const hexOf = (b: Buffer) => (b.length === 0 ? 'empty' : toHex(b));

type Fields = { [key: string]: FieldValue };

function clientHello(r: Reader): Fields {
  const legacy = r.u16('legacy_version', (n) => labelled(VERSIONS, n));
  const random = r.bytes(32, 'random', toHex);
  const sessionId = r.opaque(1, 'legacy_session_id', hexOf);
  const suites = r.list16(2, 'cipher_suites', suite);
  const compression = r.list8(1, 'legacy_compression_methods', (n) => (n === 0 ? 'null (0)' : String(n)));
  const extensions = r.done ? {} : readExtensions(r, 'client_hello');
  const shares = extensions['key_share'];
  return {
    legacy_version: versionName(legacy),
    random: toHex(random),
    session_id: toHex(sessionId),
    versions: (extensions['supported_versions'] as FieldValue | undefined) ?? [versionName(legacy)],
    cipher_suites: suites.map(cipherSuiteName),
    key_share_groups: Array.isArray(shares) ? shares.map((s) => (s as Fields)['group'] ?? null) : [],
    supported_groups: extensions['supported_groups'] ?? [],
    signature_algorithms: extensions['signature_algorithms'] ?? [],
    server_name: extensions['server_name'] ?? null,
    alpn: extensions['application_layer_protocol_negotiation'] ?? [],
    compression_methods: compression,
    extensions,
  };
}

function serverHello(r: Reader): { retry: boolean; fields: Fields } {
  const legacy = r.u16('legacy_version', (n) => labelled(VERSIONS, n));
  const random = r.bytes(32, 'random', (b) => (b.equals(HELLO_RETRY_RANDOM) ? 'SHA-256("HelloRetryRequest"): this is a HelloRetryRequest' : toHex(b)));
  const retry = random.equals(HELLO_RETRY_RANDOM);
  const sessionId = r.opaque(1, 'legacy_session_id_echo', hexOf);
  const chosen = r.u16('cipher_suite', suite);
  r.u8('legacy_compression_method');
  const extensions = r.done ? {} : readExtensions(r, retry ? 'hello_retry_request' : 'server_hello');
  const share = extensions['key_share'];
  if (retry) {
    return {
      retry,
      fields: { cipher_suite: cipherSuiteName(chosen), selected_version: extensions['supported_versions'] ?? null, selected_group: share ?? null, extensions },
    };
  }
  return {
    retry,
    fields: {
      legacy_version: versionName(legacy),
      random: toHex(random),
      session_id: toHex(sessionId),
      selected_version: extensions['supported_versions'] ?? versionName(legacy),
      cipher_suite: cipherSuiteName(chosen),
      key_share_group: share && typeof share === 'object' && !Array.isArray(share) ? (share['group'] ?? null) : null,
      extensions,
    },
  };
}

function certificateList(r: Reader, tls13: boolean): FieldValue[] {
  const certificates: FieldValue[] = [];
  const list = r.vector(3, 'certificate_list');
  while (!list.done) {
    const index = certificates.length;
    let summary: { [key: string]: FieldValue } = {};
    list.opaque(3, index === 0 ? 'cert_data (end-entity certificate)' : `cert_data (certificate ${index + 1})`, (b) => {
      summary = summarizeCertificate(b);
      return typeof summary['subject'] === 'string' ? `subject ${summary['subject']}` : 'not a parseable certificate';
    });
    if (tls13) {
      const extensions = readExtensions(list, 'certificate');
      if (Object.keys(extensions).length > 0) summary['extensions'] = extensions;
    }
    certificates.push(summary);
  }
  return certificates;
}

function certificateAuthorities(r: Reader): FieldValue[] {
  const names: FieldValue[] = [];
  const list = r.vector(2, 'certificate_authorities');
  while (!list.done) names.push(distinguishedName(list.opaque(2, 'DistinguishedName', (b) => distinguishedName(b) ?? 'malformed name')) ?? 'malformed name');
  return names;
}

function signedParams(r: Reader, fields: Fields): void {
  if (r.done) return; // anonymous key exchange: nothing signed
  fields['signature_algorithm'] = schemeName(r.u16('signature_algorithm', scheme));
  fields['signature_length'] = r.opaque(2, 'signature').length;
}

/** The body of a handshake message of `type`, read from `r`. */
function body(type: number, r: Reader, context: HandshakeContext): { name: string; fields: Fields } {
  const tls13 = context.version === '1.3';
  switch (type) {
    case 1:
      return { name: 'ClientHello', fields: clientHello(r) };
    case 2: {
      const { retry, fields } = serverHello(r);
      return { name: retry ? 'HelloRetryRequest' : 'ServerHello', fields };
    }
    case 8:
      return { name: 'EncryptedExtensions', fields: { extensions: readExtensions(r, 'encrypted_extensions') } };
    case 13:
      if (tls13) {
        const requestContext = r.opaque(1, 'certificate_request_context', hexOf);
        const extensions = readExtensions(r, 'certificate_request');
        return {
          name: 'CertificateRequest',
          fields: {
            certificate_request_context: toHex(requestContext),
            signature_algorithms: extensions['signature_algorithms'] ?? [],
            certificate_authorities: extensions['certificate_authorities'] ?? [],
            extensions,
          },
        };
      }
      return {
        name: 'CertificateRequest',
        fields: {
          certificate_types: r.list8(1, 'certificate_types', (n) => labelled(CERTIFICATE_TYPES, n, 'dec')).map((n) => nameOf(CERTIFICATE_TYPES, n, 'dec')),
          signature_algorithms: r.list16(2, 'supported_signature_algorithms', scheme).map(schemeName),
          certificate_authorities: certificateAuthorities(r),
        },
      };
    case 11: {
      const fields: Fields = {};
      if (tls13) fields['certificate_request_context'] = toHex(r.opaque(1, 'certificate_request_context', hexOf));
      const certificates = certificateList(r, tls13);
      fields['certificates'] = certificates;
      fields['count'] = certificates.length;
      return { name: 'Certificate', fields };
    }
    case 15: {
      const algorithm = r.u16('algorithm', scheme);
      const signature = r.opaque(2, 'signature');
      return { name: 'CertificateVerify', fields: { algorithm: schemeName(algorithm), signature_length: signature.length } };
    }
    case 20:
      return { name: 'Finished', fields: { verify_data: toHex(r.rest('verify_data', toHex)) } };
    case 4:
      if (tls13) {
        const lifetime = r.u32('ticket_lifetime', (n) => `${n} s`);
        const ageAdd = r.u32('ticket_age_add');
        const nonce = r.opaque(1, 'ticket_nonce', hexOf);
        const ticket = r.opaque(2, 'ticket');
        const extensions = readExtensions(r, 'new_session_ticket');
        return { name: 'NewSessionTicket', fields: { ticket_lifetime: lifetime, ticket_age_add: ageAdd, ticket_nonce: toHex(nonce), ticket_length: ticket.length, extensions } };
      }
      {
        const lifetime = r.u32('ticket_lifetime_hint', (n) => `${n} s`);
        const ticket = r.opaque(2, 'ticket');
        return { name: 'NewSessionTicket', fields: { ticket_lifetime_hint: lifetime, ticket_length: ticket.length } };
      }
    case 12: {
      const fields: Fields = {};
      if (context.keyExchange === 'DHE') {
        fields['dh_p_bits'] = r.opaque(2, 'dh_p').length * 8;
        fields['dh_g'] = toHex(r.opaque(2, 'dh_g'));
        fields['public_key_length'] = r.opaque(2, 'dh_Ys').length;
      } else {
        const curveType = r.u8('curve_type', (n) => (n === 3 ? 'named_curve (3)' : String(n)));
        if (curveType !== 3) throw new Malformed(`ServerKeyExchange: curve_type ${curveType} is not named_curve`);
        fields['named_group'] = groupName(r.u16('named_curve', (n) => labelled(GROUPS, n)));
        fields['public_key_length'] = r.opaque(1, 'public').length;
      }
      signedParams(r, fields);
      return { name: 'ServerKeyExchange', fields };
    }
    case 16:
      if (context.keyExchange === 'RSA') return { name: 'ClientKeyExchange', fields: { encrypted_pre_master_secret_length: r.opaque(2, 'encrypted_pre_master_secret').length } };
      if (context.keyExchange === 'DHE') return { name: 'ClientKeyExchange', fields: { public_key_length: r.opaque(2, 'dh_Yc').length } };
      return { name: 'ClientKeyExchange', fields: { public_key_length: r.opaque(1, 'ecdh_Yc').length } };
    case 14:
      return { name: 'ServerHelloDone', fields: {} };
    case 0:
      return { name: 'HelloRequest', fields: {} };
    case 5:
      return { name: 'EndOfEarlyData', fields: {} };
    case 24:
      return {
        name: 'KeyUpdate',
        fields: { request_update: r.u8('request_update', (n) => (n === 1 ? 'update_requested (1)' : n === 0 ? 'update_not_requested (0)' : String(n))) === 1 ? 'update_requested' : 'update_not_requested' },
      };
    case 22: {
      const kind = r.u8('status_type');
      return { name: 'CertificateStatus', fields: { status_type: kind, response_length: r.opaque(3, 'response').length } };
    }
    case 25: {
      const algorithm = r.u16('algorithm');
      const length = r.u24('uncompressed_length');
      return { name: 'CompressedCertificate', fields: { algorithm, uncompressed_length: length, compressed_length: r.opaque(3, 'compressed_certificate_message').length } };
    }
    default:
      return { name: 'Unknown', fields: { handshake_type: type, length: r.rest('body').length } };
  }
}

/**
 * Decodes one whole handshake message (its 4-byte header and body). Never throws: a message that breaks its own
 * framing keeps the fields read so far and says what went wrong in `problem`.
 */
export function decodeHandshake(message: Buffer, context: HandshakeContext): DecodedHandshake {
  const spans: Span[] = [];
  const r = new Reader(message, spans);
  if (message.length < 4) {
    r.rest('part of a handshake header');
    return { type: 'Unknown', fields: { malformed: `a handshake header needs 4 bytes, got ${message.length}` }, spans, problem: 'a handshake message cut short in its header' };
  }
  const type = r.u8('msg_type', (n) => labelled(HANDSHAKE_TYPES, n, 'dec'));
  const length = r.u24('length');
  const fallbackName = HANDSHAKE_TYPES[type] ?? 'Unknown';
  const inner = new Reader(message, spans, 4, Math.min(message.length, 4 + length), 0);
  try {
    const { name, fields } = body(type, inner, context);
    if (!inner.done) {
      inner.rest('unexpected trailing bytes');
      return { type: name, fields, spans, problem: `${inner.end - inner.pos} unexpected bytes after the message` };
    }
    return { type: name, fields, spans };
  } catch (error) {
    // Malformed is the expected case; anything else (a library refusing odd input) is reported the same way.
    const reason = error instanceof Malformed ? error.message : `unreadable (${error instanceof Error ? error.message : String(error)})`;
    if (!inner.done) inner.rest('undecoded bytes');
    return { type: fallbackName, fields: { malformed: reason }, spans, problem: `malformed ${fallbackName}: ${reason}` };
  }
}
