import { generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  bitString,
  boolean,
  directoryString,
  explicit,
  generalizedTime,
  ia5String,
  implicit,
  integer,
  namedBits,
  octetString,
  oid,
  printableString,
  sequence,
  set,
  tlv,
  toPem,
  unsignedInteger,
  utcTime,
  utf8String,
  x509Time,
} from '../../src/lab/der.js';

const hex = (buffer: Buffer) => buffer.toString('hex');

describe('DER writer', () => {
  it('encodes non-negative INTEGERs minimally, with a 0x00 pad when the high bit is set', () => {
    expect(hex(integer(0))).toBe('020100');
    expect(hex(integer(2))).toBe('020102');
    expect(hex(integer(127))).toBe('02017f');
    expect(hex(integer(128))).toBe('02020080');
    expect(hex(integer(256))).toBe('02020100');
    expect(() => integer(-1)).toThrow(RangeError);
    expect(hex(unsignedInteger(Buffer.from('8001', 'hex')))).toBe('0203008001');
    expect(hex(unsignedInteger(Buffer.from('7f01', 'hex')))).toBe('02027f01');
    // Redundant leading zeros go; a needed one stays.
    expect(hex(unsignedInteger(Buffer.from('000005', 'hex')))).toBe('020105');
    expect(hex(unsignedInteger(Buffer.from('0000ff', 'hex')))).toBe('020200ff');
    expect(hex(unsignedInteger(Buffer.alloc(0)))).toBe('020100');
  });

  it('encodes OIDs (first two arcs packed, base-128 arcs) and rejects malformed ones', () => {
    expect(hex(oid('1.2.840.10045.4.3.2'))).toBe('06082a8648ce3d040302'); // ecdsa-with-SHA256
    expect(hex(oid('1.2.840.10045.2.1'))).toBe('06072a8648ce3d0201'); // id-ecPublicKey
    expect(hex(oid('2.5.29.19'))).toBe('0603551d13'); // basicConstraints
    expect(hex(oid('1.3.6.1.5.5.7.3.2'))).toBe('06082b06010505070302'); // clientAuth
    expect(hex(oid('2.999.3'))).toBe('0603883703'); // X.690 8.19.5 example
    for (const bad of ['', '1', '3.1', '1.40', 'a.b', '1..2']) expect(() => oid(bad)).toThrow();
  });

  it('uses short lengths below 128 and long-form lengths above', () => {
    expect(hex(octetString(Buffer.alloc(127))).slice(0, 4)).toBe('047f');
    expect(hex(octetString(Buffer.alloc(128))).slice(0, 6)).toBe('048180');
    expect(hex(octetString(Buffer.alloc(300))).slice(0, 8)).toBe('0482012c');
    expect(octetString(Buffer.alloc(70_000)).subarray(0, 5)).toEqual(Buffer.from('0483011170', 'hex'));
  });

  it('builds constructed types; SET OF sorts its elements', () => {
    expect(hex(sequence(integer(1), boolean(true)))).toBe('30060201010101ff');
    expect(hex(sequence())).toBe('3000');
    expect(hex(set(integer(2), integer(1)))).toBe('3106020101020102');
    expect(hex(explicit(0, integer(2)))).toBe('a003020102');
    expect(hex(explicit(3, sequence()))).toBe('a3023000');
    expect(hex(implicit(2, Buffer.from('localhost')))).toBe('82096c6f63616c686f7374');
    expect(hex(implicit(7, Buffer.from([127, 0, 0, 1])))).toBe('87047f000001');
    expect(hex(tlv(0x05, Buffer.alloc(0)))).toBe('0500');
    expect(() => implicit(31, Buffer.alloc(0))).toThrow(RangeError);
  });

  it('encodes BIT STRINGs: whole bytes, and named bits with trailing zero bits dropped', () => {
    expect(hex(bitString(Buffer.from('abcd', 'hex')))).toBe('030300abcd');
    expect(hex(namedBits([0]))).toBe('03020780'); // digitalSignature
    expect(hex(namedBits([5, 6]))).toBe('03020106'); // keyCertSign, cRLSign
    expect(hex(namedBits([0, 8]))).toBe('0303078080'); // digitalSignature, decipherOnly
    expect(hex(namedBits([]))).toBe('030100');
  });

  it('encodes strings, refusing characters their type cannot hold', () => {
    expect(hex(printableString('CA 1'))).toBe('130443412031');
    expect(() => printableString('a_b')).toThrow();
    expect(hex(utf8String('é'))).toBe('0c02c3a9');
    expect(directoryString('mtls-tutor lab CA')[0]).toBe(0x13);
    expect(directoryString('orders@shop')[0]).toBe(0x0c);
    expect(directoryString('Zürich')[0]).toBe(0x0c);
    expect(hex(ia5String('a.b'))).toBe('1603612e62');
    expect(() => ia5String('ü')).toThrow();
  });

  it('writes UTCTime through 2049 and GeneralizedTime from 2050 (RFC 5280 4.1.2.5), whole seconds', () => {
    const time = (d: Buffer) => d.subarray(2).toString('latin1');
    expect(hex(utcTime(new Date('2026-11-23T19:26:08.999Z')))).toBe('170d3236313132333139323630385a');
    expect(time(x509Time(new Date('2049-12-31T23:59:59Z')))).toBe('491231235959Z');
    expect(x509Time(new Date('2049-12-31T23:59:59Z'))[0]).toBe(0x17);
    expect(time(x509Time(new Date('2050-01-01T00:00:00Z')))).toBe('20500101000000Z');
    expect(x509Time(new Date('2050-01-01T00:00:00Z'))[0]).toBe(0x18);
    expect(time(x509Time(new Date('1950-01-01T00:00:00Z')))).toBe('500101000000Z');
    expect(x509Time(new Date('1949-12-31T23:59:59Z'))[0]).toBe(0x18);
    expect(hex(generalizedTime(new Date('9999-12-31T23:59:59Z')))).toBe(hex(tlv(0x18, Buffer.from('99991231235959Z'))));
    expect(() => utcTime(new Date('2050-01-01T00:00:00Z'))).toThrow(RangeError);
    expect(() => x509Time(new Date(Number.NaN))).toThrow(RangeError);
  });

  it('rebuilds the exact SubjectPublicKeyInfo node:crypto exports for a P-256 key', () => {
    const { publicKey } = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
    const spki = publicKey.export({ type: 'spki', format: 'der' });
    const point = spki.subarray(spki.length - 65);
    const rebuilt = sequence(sequence(oid('1.2.840.10045.2.1'), oid('1.2.840.10045.3.1.7')), bitString(point));
    expect(rebuilt.equals(spki)).toBe(true);
  });

  it('wraps DER in PEM with 64-character lines', () => {
    const pem = toPem('TEST', Buffer.alloc(100, 0xff));
    const lines = pem.trimEnd().split('\n');
    expect(lines[0]).toBe('-----BEGIN TEST-----');
    expect(lines.at(-1)).toBe('-----END TEST-----');
    expect(lines[1]).toHaveLength(64);
    expect(Buffer.from(lines.slice(1, -1).join(''), 'base64')).toEqual(Buffer.alloc(100, 0xff));
  });
});
