/**
 * Decoded messages in words, for people: a one-line summary of each, a sentence for each alert, and the rows of
 * an annotated hex dump (each field's bytes next to its name and meaning, the way tls13.xargs.org shows one
 * recorded connection, here for the learner's own). Pure.
 */
import type { DecodedMessage, FieldValue, Span } from './types.js';

const list = (value: FieldValue | undefined): FieldValue[] => (Array.isArray(value) ? value : []);
const text = (value: FieldValue | undefined): string => (value === undefined || value === null ? '' : typeof value === 'object' ? JSON.stringify(value) : String(value));

function certificateLine(fields: { [key: string]: FieldValue }): string {
  const certificates = list(fields['certificates']);
  if (certificates.length === 0) return 'EMPTY: no certificate';
  const first = certificates[0] as { [key: string]: FieldValue };
  if (typeof first['subject'] !== 'string') return `${certificates.length} certificate(s), the first unreadable`;
  const sans = list(first['subject_alt_names']).map(text);
  const san = sans.length > 0 ? ` (${sans.join(', ')})` : '';
  const more = certificates.length > 1 ? ` + ${certificates.length - 1} more` : '';
  return `${first['subject']}${san}, issued by ${text(first['issuer'])}${more}`;
}

/** One line saying what a message carries that matters. */
export function summary(message: DecodedMessage): string {
  const f = message.fields;
  if (message.problem && message.type !== 'PlainText') {
    if (message.type === 'EncryptedRecord' || message.type === 'TruncatedRecord' || message.type === 'Unknown') return message.problem;
  }
  switch (message.type) {
    case 'ClientHello': {
      const sni = f['server_name'] ? ` · SNI ${text(f['server_name'])}` : '';
      const shares = list(f['key_share_groups']).map(text);
      return `offers ${list(f['versions']).map(text).join(', ')}${shares.length > 0 ? ` · key shares ${shares.join(', ')}` : ''} · ${list(f['cipher_suites']).length} cipher suites${sni}`;
    }
    case 'ServerHello':
      return `${text(f['selected_version'])} · ${text(f['cipher_suite'])}${f['key_share_group'] ? ` · ${text(f['key_share_group'])}` : ''}`;
    case 'HelloRetryRequest':
      return `asks the client to try again with ${text(f['selected_group']) || 'other parameters'}`;
    case 'EncryptedExtensions': {
      const names = Object.keys((f['extensions'] as object | undefined) ?? {});
      return names.length > 0 ? names.join(', ') : 'no extensions';
    }
    case 'CertificateRequest': {
      const cas = list(f['certificate_authorities']).map(text);
      return `${cas.length > 0 ? `CAs it trusts: ${cas.join('; ')}` : 'names no CAs'} · ${list(f['signature_algorithms']).length} signature algorithms`;
    }
    case 'Certificate':
      return certificateLine(f);
    case 'CertificateVerify':
      return `${text(f['algorithm'])} signature, ${text(f['signature_length'])} bytes`;
    case 'Finished':
      return f['verify_data_check'] ? `verify_data ${text(f['verify_data_check'])}` : 'verify_data';
    case 'NewSessionTicket':
      return f['ticket_lifetime'] !== undefined ? `ticket for ${text(f['ticket_lifetime'])} s` : `ticket for ${text(f['ticket_lifetime_hint'])} s`;
    case 'ServerKeyExchange':
      return `${text(f['named_group'] ?? `DH ${text(f['dh_p_bits'])}-bit`)} key, signed ${text(f['signature_algorithm'])}`;
    case 'ClientKeyExchange':
      return f['public_key_length'] !== undefined ? `${text(f['public_key_length'])}-byte public key` : 'encrypted pre-master secret';
    case 'ServerHelloDone':
      return 'the server has said everything';
    case 'Alert':
      return `${text(f['level'])} ${text(f['description'])} (${text(f['code'])})`;
    case 'ChangeCipherSpec':
      return f['note'] ? 'compatibility only' : 'from now on, this side encrypts';
    case 'ApplicationData':
      return `${text(f['length'])} bytes: ${JSON.stringify(text(f['text']).slice(0, 60))}`;
    case 'EncryptedRecord':
      return `${text(f['length'])} bytes, ${text(f['reason'])}`;
    case 'PlainText':
      return `${text(f['looks_like'])}: ${JSON.stringify(text(f['text']).slice(0, 40))}`;
    case 'KeyUpdate':
      return text(f['request_update']);
    default:
      return message.problem ?? '';
  }
}

/** What an alert means, in a sentence (RFC 8446 §6.2, RFC 5246 §7.2.2), for the ones labs and meshes send. */
export const ALERT_MEANINGS: Record<string, string> = {
  close_notify: 'The sender is closing the connection cleanly: it will send nothing more.',
  unexpected_message: 'The sender received a message it did not expect at this point of the protocol.',
  bad_record_mac: 'A record failed its integrity check: damaged, or protected with other keys.',
  handshake_failure: 'The sender could not agree on parameters, or (TLS 1.2) the client sent no certificate where one is required.',
  bad_certificate: 'The peer’s certificate is corrupt or failed a check (OpenSSL sends this for a certificate that is not valid yet).',
  unsupported_certificate: 'The peer’s certificate is of a kind the sender does not accept, e.g. its extended key usage does not allow this role.',
  certificate_revoked: 'The peer’s certificate was revoked by its issuer.',
  certificate_expired: 'The peer’s certificate is past its notAfter date.',
  certificate_unknown: 'The peer’s certificate was refused for a reason the sender does not name.',
  illegal_parameter: 'A field in the handshake was out of range or inconsistent.',
  unknown_ca: 'The peer’s certificate chain does not lead to a CA the sender trusts.',
  access_denied: 'The peer was authenticated but is not allowed in.',
  decode_error: 'The sender could not parse a message (OpenSSL also sends it when the peer hangs up mid-handshake).',
  decrypt_error: 'A signature or Finished MAC did not verify.',
  protocol_version: 'The peer offered no TLS version the sender accepts.',
  internal_error: 'The sender hit a problem of its own, unrelated to the peer.',
  missing_extension: 'A required extension was missing.',
  unrecognized_name: 'The sender has no certificate for the requested server name (SNI).',
  certificate_required: 'The server requires a client certificate and the client sent none (TLS 1.3).',
  no_application_protocol: 'No ALPN protocol both sides support.',
};

/**
 * What each message is for, in a sentence (RFC 8446 §4 and RFC 5246 §7.4, in our words): shown with its
 * fields, so the bytes come with their purpose.
 */
export const PURPOSES: Record<string, string> = {
  ClientHello: 'The client opens: the TLS versions, cipher suites and key-exchange groups it supports, its key share(s), and the server name it wants.',
  ServerHello: 'The server chooses: one version, one cipher suite and, in TLS 1.3, its key share; from here both sides can compute the handshake keys.',
  HelloRetryRequest: 'The server can use none of the key shares offered: it names a group and asks the client to send its hello again.',
  EncryptedExtensions: 'TLS 1.3: the server’s answers to the client’s extensions that need not be in the clear (ALPN, SNI acknowledged...), already encrypted.',
  CertificateRequest: 'The server asks the client for a certificate, saying which signature algorithms and (optionally) which CAs it accepts: the mutual half starts here.',
  Certificate: 'A certificate chain, end-entity first. The other side checks it: a chain to a CA it trusts, the dates, the names, the key usage. An empty one means "I have none".',
  CertificateVerify: 'A signature over the handshake so far, made with the private key of the certificate just sent: proof the sender holds that key, not only a copy of the certificate.',
  Finished: 'A MAC over the whole handshake with a key only the two parties can derive: proof that both saw the same messages and hold the same keys.',
  NewSessionTicket: 'A ticket the client may present later to resume without a full handshake.',
  ServerKeyExchange: 'TLS 1.2: the server’s ephemeral (EC)DH public key, signed with its certificate’s key.',
  ServerHelloDone: 'TLS 1.2: the server has sent its whole first flight; the client answers now.',
  ClientKeyExchange: 'TLS 1.2: the client’s ephemeral (EC)DH public key; both sides now compute the master secret.',
  ChangeCipherSpec: 'TLS 1.2: from the next record on, this side encrypts. In TLS 1.3 it changes nothing and is sent only so middleboxes see a familiar pattern.',
  Alert: 'A warning or a fatal error; a fatal alert ends the connection.',
  ApplicationData: 'Data of the application (here the lab server’s greeting), protected with the traffic keys.',
  KeyUpdate: 'TLS 1.3: the sender switches to the next generation of traffic keys.',
  PlainText: 'Bytes that are not TLS at all.',
  EncryptedRecord: 'A protected record the logged keys did not open.',
};

export interface HexRow {
  /** Offset of the first byte in the message. */
  offset: number;
  /** Bytes in hex, spaced: "16 03 03"; empty for a heading row (a structure whose parts follow). */
  hex: string;
  label: string;
  value?: string;
  depth: number;
}

/**
 * The message's bytes as annotated rows, in byte order: one per field (long fields cut to `maxBytesPerRow`, then
 * "… N more bytes"), a heading row for each structure whose fields follow, and rows for any byte no field covers.
 */
export function annotatedHex(message: DecodedMessage, maxBytesPerRow = 16, maxRowsPerField = 2): HexRow[] {
  const bytes = Buffer.from(message.bytes, 'hex');
  const spans = [...message.spans].sort((a, b) => a.start - b.start || b.end - a.end || a.depth - b.depth);
  const rows: HexRow[] = [];
  const hexOf = (start: number, end: number) => [...bytes.subarray(start, end)].map((b) => b.toString(16).padStart(2, '0')).join(' ');
  const leaf = (start: number, end: number, label: string, value: string | undefined, depth: number) => {
    const length = end - start;
    const shown = Math.min(length, maxBytesPerRow * maxRowsPerField);
    for (let at = start; at < start + shown; at += maxBytesPerRow) {
      const first = at === start;
      rows.push({ offset: at, hex: hexOf(at, Math.min(at + maxBytesPerRow, start + shown)), label: first ? label : '', ...(first && value !== undefined ? { value } : {}), depth });
    }
    if (length > shown) rows.push({ offset: start + shown, hex: '', label: `… ${length - shown} more bytes`, depth });
  };
  let covered = 0;
  spans.forEach((span: Span, i) => {
    if (span.start > covered) leaf(covered, span.start, '(not annotated)', undefined, span.depth);
    const next = spans[i + 1];
    const isHeading = next !== undefined && next.start < span.end && next.depth > span.depth;
    if (isHeading) rows.push({ offset: span.start, hex: '', label: span.label, ...(span.value !== undefined ? { value: span.value } : {}), depth: span.depth });
    else if (span.end > span.start || span.label) leaf(span.start, Math.max(span.start, span.end), span.label, span.value, span.depth);
    covered = Math.max(covered, isHeading ? span.start : span.end);
  });
  if (covered < bytes.length) leaf(covered, bytes.length, '(not annotated)', undefined, 0);
  return rows;
}
