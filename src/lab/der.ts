/**
 * A minimal DER (X.690 Distinguished Encoding Rules) writer: just the types an X.509 v3 certificate needs.
 * Every function returns the complete TLV (tag, length, value) as a Buffer, so structures compose by nesting calls.
 */

const TAG = {
  boolean: 0x01,
  integer: 0x02,
  bitString: 0x03,
  octetString: 0x04,
  oid: 0x06,
  utf8String: 0x0c,
  printableString: 0x13,
  ia5String: 0x16,
  utcTime: 0x17,
  generalizedTime: 0x18,
  sequence: 0x30,
  set: 0x31,
} as const;

/** Definite-length encoding: short form below 128, else 0x80 | byte count followed by the big-endian length. */
function encodeLength(length: number): Buffer {
  if (length < 0x80) return Buffer.from([length]);
  const bytes: number[] = [];
  for (let rest = length; rest > 0; rest = Math.floor(rest / 256)) bytes.unshift(rest & 0xff);
  return Buffer.from([0x80 | bytes.length, ...bytes]);
}

/** Any TLV with a one-byte tag (all we need: universal tags and context tags [0]..[30]). */
export function tlv(tag: number, value: Uint8Array): Buffer {
  return Buffer.concat([Buffer.from([tag]), encodeLength(value.length), value]);
}

export function sequence(...items: Uint8Array[]): Buffer {
  return tlv(TAG.sequence, Buffer.concat(items));
}

/** SET OF: DER orders the encoded elements as octet strings (X.690 11.6). */
export function set(...items: Uint8Array[]): Buffer {
  const sorted = items.map((item) => Buffer.from(item)).sort(Buffer.compare);
  return tlv(TAG.set, Buffer.concat(sorted));
}

export function boolean(value: boolean): Buffer {
  return tlv(TAG.boolean, Buffer.from([value ? 0xff : 0x00]));
}

/** A non-negative INTEGER from a number (versions, pathLen). */
export function integer(value: number): Buffer {
  if (!Number.isSafeInteger(value) || value < 0) throw new RangeError(`DER integer must be a non-negative safe integer, got ${value}`);
  const bytes: number[] = [];
  for (let rest = value; rest > 0; rest = Math.floor(rest / 256)) bytes.unshift(rest & 0xff);
  return unsignedInteger(Buffer.from(bytes));
}

/**
 * A non-negative INTEGER from big-endian magnitude bytes (serial numbers): redundant leading zeros are dropped and
 * one 0x00 is prepended when the high bit is set, or the value would read as negative (two's complement).
 */
export function unsignedInteger(magnitude: Uint8Array): Buffer {
  let start = 0;
  while (start < magnitude.length - 1 && magnitude[start] === 0) start++;
  const trimmed = magnitude.length === 0 ? Buffer.from([0]) : Buffer.from(magnitude.subarray(start));
  const value = (trimmed[0] ?? 0) & 0x80 ? Buffer.concat([Buffer.from([0]), trimmed]) : trimmed;
  return tlv(TAG.integer, value);
}

/** OBJECT IDENTIFIER from dotted form: first two arcs packed as 40*a+b, every arc base-128 with continuation bits. */
export function oid(dotted: string): Buffer {
  if (!/^[0-2]\.\d+(\.\d+)*$/.test(dotted)) throw new Error(`not an OID: ${dotted}`);
  const arcs = dotted.split('.').map(Number);
  const [first = 0, second = 0, ...rest] = arcs;
  if (first < 2 && second >= 40) throw new Error(`not an OID: ${dotted}`);
  const bytes: number[] = [];
  for (const arc of [first * 40 + second, ...rest]) {
    if (!Number.isSafeInteger(arc)) throw new Error(`OID arc too large in ${dotted}`);
    const chunk: number[] = [arc & 0x7f];
    for (let high = Math.floor(arc / 128); high > 0; high = Math.floor(high / 128)) chunk.unshift(0x80 | (high & 0x7f));
    bytes.push(...chunk);
  }
  return tlv(TAG.oid, Buffer.from(bytes));
}

/** BIT STRING holding whole bytes (a public key, a signature): zero unused bits. */
export function bitString(bytes: Uint8Array): Buffer {
  return tlv(TAG.bitString, Buffer.concat([Buffer.from([0]), bytes]));
}

/**
 * BIT STRING for a NamedBitList (keyUsage): bit 0 is the most significant bit of the first byte, and DER drops
 * trailing zero bits (X.690 11.2.2), so the unused-bits count depends on the highest bit set.
 */
export function namedBits(bits: readonly number[]): Buffer {
  if (bits.length === 0) return tlv(TAG.bitString, Buffer.from([0]));
  const highest = Math.max(...bits);
  const bytes = Buffer.alloc(Math.floor(highest / 8) + 1);
  for (const bit of bits) bytes[bit >> 3] = (bytes[bit >> 3] ?? 0) | (0x80 >> (bit & 7));
  const unused = 7 - (highest & 7);
  return tlv(TAG.bitString, Buffer.concat([Buffer.from([unused]), bytes]));
}

export function octetString(bytes: Uint8Array): Buffer {
  return tlv(TAG.octetString, bytes);
}

export function utf8String(text: string): Buffer {
  return tlv(TAG.utf8String, Buffer.from(text, 'utf8'));
}

const PRINTABLE = /^[A-Za-z0-9 '()+,\-./:=?]*$/;

export function isPrintable(text: string): boolean {
  return PRINTABLE.test(text);
}

export function printableString(text: string): Buffer {
  if (!isPrintable(text)) throw new Error(`not a PrintableString: ${JSON.stringify(text)}`);
  return tlv(TAG.printableString, Buffer.from(text, 'latin1'));
}

/** PrintableString when the text allows it (what most CAs emit for plain names), else UTF8String. */
export function directoryString(text: string): Buffer {
  return isPrintable(text) ? printableString(text) : utf8String(text);
}

export function ia5String(text: string): Buffer {
  return tlv(TAG.ia5String, ia5Bytes(text));
}

/** The content octets of an IA5String (ASCII only); for IMPLICIT-tagged IA5String fields such as dNSName. */
export function ia5Bytes(text: string): Buffer {
  if (!/^[\x00-\x7f]*$/.test(text)) throw new Error(`not an IA5String (ASCII only): ${JSON.stringify(text)}`);
  return Buffer.from(text, 'latin1');
}

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/** UTCTime YYMMDDHHMMSSZ (seconds, no fraction), valid for 1950..2049. */
export function utcTime(date: Date): Buffer {
  const year = date.getUTCFullYear();
  if (year < 1950 || year > 2049) throw new RangeError(`UTCTime only covers 1950-2049, got ${year}`);
  return tlv(TAG.utcTime, Buffer.from(`${pad(year % 100)}${timeOfYear(date)}Z`, 'latin1'));
}

/** GeneralizedTime YYYYMMDDHHMMSSZ (seconds, no fraction, as RFC 5280 4.1.2.5.2 requires). */
export function generalizedTime(date: Date): Buffer {
  const year = date.getUTCFullYear();
  if (year < 0 || year > 9999) throw new RangeError(`GeneralizedTime needs a 4-digit year, got ${year}`);
  return tlv(TAG.generalizedTime, Buffer.from(`${pad(year, 4)}${timeOfYear(date)}Z`, 'latin1'));
}

/** RFC 5280 4.1.2.5: UTCTime through 2049, GeneralizedTime from 2050 (and before 1950). */
export function x509Time(date: Date): Buffer {
  if (Number.isNaN(date.getTime())) throw new RangeError('invalid date');
  const year = date.getUTCFullYear();
  return year >= 1950 && year <= 2049 ? utcTime(date) : generalizedTime(date);
}

function timeOfYear(date: Date): string {
  return [date.getUTCMonth() + 1, date.getUTCDate(), date.getUTCHours(), date.getUTCMinutes(), date.getUTCSeconds()]
    .map((n) => pad(n))
    .join('');
}

/** Context-specific constructed [n] EXPLICIT: wraps a complete TLV (version [0], extensions [3]). */
export function explicit(tagNumber: number, inner: Uint8Array): Buffer {
  return tlv(0xa0 | contextTag(tagNumber), inner);
}

/** Context-specific primitive [n] IMPLICIT: replaces the tag of a primitive type (GeneralName choices, keyIdentifier). */
export function implicit(tagNumber: number, value: Uint8Array): Buffer {
  return tlv(0x80 | contextTag(tagNumber), value);
}

function contextTag(tagNumber: number): number {
  if (!Number.isInteger(tagNumber) || tagNumber < 0 || tagNumber > 30) throw new RangeError(`context tag out of range: ${tagNumber}`);
  return tagNumber;
}

/** Wraps DER in PEM armour with 64-character lines. */
export function toPem(label: string, der: Uint8Array): string {
  const base64 = Buffer.from(der).toString('base64');
  const lines = base64.match(/.{1,64}/g) ?? [];
  return `-----BEGIN ${label}-----\n${lines.join('\n')}\n-----END ${label}-----\n`;
}
