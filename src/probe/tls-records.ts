/**
 * Reading the server's side of a TLS handshake from the bytes the probe's client received: the records, the
 * handshake messages in them, and the few fields the probe reports (the version and group chosen, the certificate
 * chain as sent, whether a CertificateRequest came and which CA names it lists). TLS 1.2 sends all of these in
 * clear; TLS 1.3 encrypts everything after the ServerHello, so those records are decrypted with the client's own
 * handshake secret (from Node's 'keylog' event: RFC 8446 section 7.1 key schedule, section 5.2 record protection).
 * Pure; every length is checked and bad input ends the parse, it never throws past parseServerFlight.
 */
import { createDecipheriv, createHmac } from 'node:crypto';

export const HANDSHAKE = { serverHello: 2, certificate: 11, serverKeyExchange: 12, certificateRequest: 13, serverHelloDone: 14, encryptedExtensions: 8, certificateVerify: 15, finished: 20 } as const;

/** Named groups (IANA TLS Supported Groups registry). */
export const GROUP_NAMES: Record<number, string> = {
  23: 'P-256',
  24: 'P-384',
  25: 'P-521',
  29: 'X25519',
  30: 'X448',
  256: 'ffdhe2048',
  257: 'ffdhe3072',
  4588: 'X25519MLKEM768',
};

const CIPHERS_13: Record<number, { name: string; cipher: string; keyLength: number; hash: 'sha256' | 'sha384' }> = {
  0x1301: { name: 'TLS_AES_128_GCM_SHA256', cipher: 'aes-128-gcm', keyLength: 16, hash: 'sha256' },
  0x1302: { name: 'TLS_AES_256_GCM_SHA384', cipher: 'aes-256-gcm', keyLength: 32, hash: 'sha384' },
  0x1303: { name: 'TLS_CHACHA20_POLY1305_SHA256', cipher: 'chacha20-poly1305', keyLength: 32, hash: 'sha256' },
};

/** The special ServerHello.random of a HelloRetryRequest (RFC 8446 section 4.1.3). */
const HRR_RANDOM = Buffer.from('cf21ad74e59a6111be1d8c021e65b891c2a211167abb8c5e079e09e2c8a8339c', 'hex');

export interface ServerFlight {
  /** "TLSv1.3", "TLSv1.2"... as the ServerHello chose, or null when none came. */
  version: string | null;
  cipherSuite: number | null;
  /** The key-exchange group, when it could be read (1.3 key_share, 1.2 ServerKeyExchange). */
  group: string | null;
  helloRetry: boolean;
  /** The certificates as the server sent them, DER, in its order. */
  certificates: Buffer[];
  /** Whether a CertificateRequest was seen; null when it could not be known (1.3 records not decrypted). */
  certificateRequest: boolean | null;
  /** The CA names listed in it, each as DER (a Name), in order. */
  caNames: Buffer[];
  /** An alert the server sent in clear (before encryption started), as its number. */
  alert: number | null;
  /** Why part of the flight could not be read, in a sentence (e.g. no keylog secret). */
  unreadable: string | null;
}

class Reader {
  constructor(
    private readonly bytes: Buffer,
    public at = 0,
    private readonly end = bytes.length,
  ) {}
  left(): number {
    return this.end - this.at;
  }
  u8(): number {
    if (this.left() < 1) throw new RangeError('short');
    return this.bytes[this.at++]!;
  }
  u16(): number {
    return (this.u8() << 8) | this.u8();
  }
  u24(): number {
    return (this.u8() << 16) | (this.u8() << 8) | this.u8();
  }
  take(length: number): Buffer {
    if (this.left() < length) throw new RangeError('short');
    const out = this.bytes.subarray(this.at, this.at + length);
    this.at += length;
    return out;
  }
  /** Everything left. */
  rest(): Buffer {
    return this.take(this.left());
  }
  vector(lengthBytes: 1 | 2 | 3): Reader {
    const length = lengthBytes === 1 ? this.u8() : lengthBytes === 2 ? this.u16() : this.u24();
    const start = this.at;
    this.take(length);
    return new Reader(this.bytes, start, start + length);
  }
}

export interface TlsRecord {
  type: number;
  header: Buffer;
  body: Buffer;
}

/** Splits received bytes into TLS records (a partial last record is left out). */
export function splitRecords(bytes: Buffer): TlsRecord[] {
  const records: TlsRecord[] = [];
  for (let at = 0; at + 5 <= bytes.length; ) {
    const length = bytes.readUInt16BE(at + 3);
    if (at + 5 + length > bytes.length) break;
    records.push({ type: bytes[at]!, header: bytes.subarray(at, at + 5), body: bytes.subarray(at + 5, at + 5 + length) });
    at += 5 + length;
  }
  return records;
}

/** Handshake messages in a byte stream (messages can span records; a truncated last one is left out). */
export function splitHandshake(stream: Buffer): { type: number; body: Buffer }[] {
  const messages: { type: number; body: Buffer }[] = [];
  for (let at = 0; at + 4 <= stream.length; ) {
    const length = stream.readUIntBE(at + 1, 3);
    if (at + 4 + length > stream.length) break;
    messages.push({ type: stream[at]!, body: stream.subarray(at + 4, at + 4 + length) });
    at += 4 + length;
  }
  return messages;
}

function hkdfExpandLabel(hash: 'sha256' | 'sha384', secret: Buffer, label: string, length: number): Buffer {
  const fullLabel = Buffer.from(`tls13 ${label}`, 'latin1');
  const info = Buffer.concat([Buffer.from([length >> 8, length & 0xff, fullLabel.length]), fullLabel, Buffer.from([0])]);
  const blocks: Buffer[] = [];
  let previous = Buffer.alloc(0);
  for (let i = 1; Buffer.concat(blocks).length < length; i++) {
    previous = createHmac(hash, secret).update(Buffer.concat([previous, info, Buffer.from([i])])).digest();
    blocks.push(previous);
  }
  return Buffer.concat(blocks).subarray(0, length);
}

/** Decrypts one TLS 1.3 record; returns the inner content type and content, or null when it does not decrypt. */
function decryptRecord(record: TlsRecord, suite: (typeof CIPHERS_13)[number], key: Buffer, iv: Buffer, sequence: number): { type: number; content: Buffer } | null {
  if (record.body.length < 17) return null;
  const nonce = Buffer.from(iv);
  for (let i = 0; i < 8; i++) nonce[nonce.length - 1 - i]! ^= Number((BigInt(sequence) >> BigInt(8 * i)) & 0xffn);
  try {
    const decipher = createDecipheriv(suite.cipher as 'aes-128-gcm', key, nonce, { authTagLength: 16 });
    decipher.setAAD(record.header);
    decipher.setAuthTag(record.body.subarray(record.body.length - 16));
    const plain = Buffer.concat([decipher.update(record.body.subarray(0, record.body.length - 16)), decipher.final()]);
    let end = plain.length;
    while (end > 0 && plain[end - 1] === 0) end--;
    if (end === 0) return null;
    return { type: plain[end - 1]!, content: plain.subarray(0, end - 1) };
  } catch {
    return null;
  }
}

function versionName(code: number): string {
  return ({ 0x0304: 'TLSv1.3', 0x0303: 'TLSv1.2', 0x0302: 'TLSv1.1', 0x0301: 'TLSv1' } as Record<number, string>)[code] ?? `0x${code.toString(16)}`;
}

function readExtensions(reader: Reader): Map<number, Reader> {
  const found = new Map<number, Reader>();
  if (reader.left() === 0) return found;
  const list = reader.vector(2);
  while (list.left() >= 4) {
    const type = list.u16();
    found.set(type, list.vector(2));
  }
  return found;
}

function readCaNames(list: Reader): Buffer[] {
  const names: Buffer[] = [];
  while (list.left() >= 2) names.push(Buffer.from(list.vector(2).rest()));
  return names;
}

/**
 * The server's flight from the bytes a client received. `serverHandshakeSecret` is the keylog's
 * SERVER_HANDSHAKE_TRAFFIC_SECRET for this connection (needed for TLS 1.3 only).
 */
export function parseServerFlight(received: Buffer, serverHandshakeSecret?: Buffer): ServerFlight {
  const flight: ServerFlight = { version: null, cipherSuite: null, group: null, helloRetry: false, certificates: [], certificateRequest: null, caNames: [], alert: null, unreadable: null };
  const records = splitRecords(received);
  let clear = Buffer.alloc(0);
  const encrypted: TlsRecord[] = [];
  let sawServerHello = false;
  for (const record of records) {
    if (record.type === 21 && record.body.length >= 2 && !(flight.version === 'TLSv1.3' && sawServerHello)) {
      if (record.body[0] === 2) flight.alert = record.body[1]!;
      continue;
    }
    if (record.type === 22) clear = Buffer.concat([clear, record.body]);
    if (record.type === 23 && flight.version === 'TLSv1.3') encrypted.push(record);
    if (record.type === 22 && !sawServerHello) {
      // Learn the version as soon as the ServerHello is complete, to know whether later records are encrypted.
      const hello = splitHandshake(clear).find((m) => m.type === HANDSHAKE.serverHello);
      if (hello) {
        sawServerHello = true;
        try {
          readServerHello(hello.body, flight);
        } catch {
          flight.unreadable = 'the ServerHello did not parse';
        }
      }
    }
  }
  try {
    const messages = splitHandshake(clear);
    if (!sawServerHello) {
      const hello = messages.find((m) => m.type === HANDSHAKE.serverHello);
      if (hello) readServerHello(hello.body, flight);
    }
    if (flight.version === 'TLSv1.2' || flight.version === 'TLSv1.1' || flight.version === 'TLSv1') {
      readFlightMessages(messages, flight, false);
      if (flight.certificateRequest === null && messages.some((m) => m.type === HANDSHAKE.serverHelloDone)) flight.certificateRequest = false;
    }
  } catch {
    flight.unreadable = 'the server flight did not parse';
  }
  if (flight.version === 'TLSv1.3') {
    const suite = flight.cipherSuite !== null ? CIPHERS_13[flight.cipherSuite] : undefined;
    if (!serverHandshakeSecret) flight.unreadable = 'TLS 1.3 encrypts the CertificateRequest, and no handshake secret was logged for this connection';
    else if (!suite) flight.unreadable = `TLS 1.3 cipher suite 0x${(flight.cipherSuite ?? 0).toString(16)} is not one the probe can decrypt`;
    else {
      const key = hkdfExpandLabel(suite.hash, serverHandshakeSecret, 'key', suite.keyLength);
      const iv = hkdfExpandLabel(suite.hash, serverHandshakeSecret, 'iv', 12);
      let stream = Buffer.alloc(0);
      let sequence = 0;
      for (const record of encrypted) {
        const plain = decryptRecord(record, suite, key, iv, sequence++);
        if (!plain) break; // the first record under the application keys ends the handshake epoch
        if (plain.type === 22) stream = Buffer.concat([stream, plain.content]);
        if (plain.type === 21 && plain.content[0] === 2) flight.alert = plain.content[1] ?? null;
        if (splitHandshake(stream).some((m) => m.type === HANDSHAKE.finished)) break;
      }
      try {
        const messages = splitHandshake(stream);
        if (messages.length === 0) flight.unreadable = 'the encrypted handshake records did not decrypt';
        else {
          readFlightMessages(messages, flight, true);
          if (flight.certificateRequest === null) flight.certificateRequest = messages.some((m) => m.type === HANDSHAKE.finished) ? false : null;
        }
      } catch {
        flight.unreadable = 'the decrypted handshake did not parse';
      }
    }
  }
  return flight;
}

function readServerHello(body: Buffer, flight: ServerFlight): void {
  const reader = new Reader(body);
  let version = reader.u16();
  const random = reader.take(32);
  flight.helloRetry = random.equals(HRR_RANDOM);
  reader.vector(1); // session id
  flight.cipherSuite = reader.u16();
  reader.u8(); // compression
  const extensions = readExtensions(reader);
  const supported = extensions.get(43);
  if (supported && supported.left() >= 2) version = supported.u16();
  const share = extensions.get(51);
  if (share && share.left() >= 2) {
    const group = share.u16();
    flight.group = GROUP_NAMES[group] ?? `0x${group.toString(16)}`;
  }
  flight.version = versionName(version);
}

function readFlightMessages(messages: { type: number; body: Buffer }[], flight: ServerFlight, tls13: boolean): void {
  for (const message of messages) {
    const reader = new Reader(message.body);
    if (message.type === HANDSHAKE.certificate && flight.certificates.length === 0) {
      if (tls13) reader.vector(1); // certificate_request_context
      const list = reader.vector(3);
      while (list.left() >= 3) {
        flight.certificates.push(Buffer.from(list.vector(3).rest()));
        if (tls13) list.vector(2); // per-certificate extensions
      }
    } else if (message.type === HANDSHAKE.certificateRequest) {
      flight.certificateRequest = true;
      if (tls13) {
        reader.vector(1); // certificate_request_context
        const authorities = readExtensions(reader).get(47);
        if (authorities) flight.caNames = readCaNames(authorities.vector(2));
      } else {
        reader.vector(1); // certificate_types
        reader.vector(2); // supported_signature_algorithms
        flight.caNames = readCaNames(reader.vector(2));
      }
    } else if (message.type === HANDSHAKE.serverKeyExchange && !tls13 && flight.group === null) {
      if (reader.u8() === 3) {
        const group = reader.u16();
        flight.group = GROUP_NAMES[group] ?? `0x${group.toString(16)}`;
      }
    }
  }
}
