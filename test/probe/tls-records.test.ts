import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { parseServerFlight, splitHandshake, splitRecords } from '../../src/probe/tls-records.js';

const record = (type: number, body: Buffer) => Buffer.concat([Buffer.from([type, 3, 3, body.length >> 8, body.length & 0xff]), body]);
const handshake = (type: number, body: Buffer) => Buffer.concat([Buffer.from([type, body.length >> 16, (body.length >> 8) & 0xff, body.length & 0xff]), body]);

describe('reading a server flight', () => {
  it('reads a TLS 1.2 ServerHello, CertificateRequest CA names and ServerHelloDone', () => {
    const hello = Buffer.concat([Buffer.from([3, 3]), Buffer.alloc(32, 1), Buffer.from([0]), Buffer.from([0xc0, 0x2b]), Buffer.from([0]), Buffer.from([0, 0])]);
    const name = Buffer.from('300f310d300b06035504030c0474657374', 'hex'); // CN=test
    const caList = Buffer.concat([Buffer.from([0, name.length]), name]);
    const request = Buffer.concat([Buffer.from([1, 64]), Buffer.from([0, 2, 4, 3]), Buffer.from([0, caList.length]), caList]);
    const flight = parseServerFlight(record(22, Buffer.concat([handshake(2, hello), handshake(13, request), handshake(14, Buffer.alloc(0))])));
    expect(flight).toMatchObject({ version: 'TLSv1.2', cipherSuite: 0xc02b, certificateRequest: true, alert: null });
    expect(flight.caNames.map((n) => n.toString('hex'))).toEqual([name.toString('hex')]);
  });

  it('says a TLS 1.2 server sent no CertificateRequest when ServerHelloDone came without one', () => {
    const hello = Buffer.concat([Buffer.from([3, 3]), Buffer.alloc(32, 2), Buffer.from([0]), Buffer.from([0xc0, 0x2f]), Buffer.from([0]), Buffer.from([0, 0])]);
    expect(parseServerFlight(record(22, Buffer.concat([handshake(2, hello), handshake(14, Buffer.alloc(0))]))).certificateRequest).toBe(false);
  });

  it('records a clear alert (protocol_version) and says when TLS 1.3 records cannot be read without a secret', () => {
    expect(parseServerFlight(record(21, Buffer.from([2, 70]))).alert).toBe(70);
    const hello13 = Buffer.concat([Buffer.from([3, 3]), Buffer.alloc(32, 3), Buffer.from([0]), Buffer.from([0x13, 0x01]), Buffer.from([0]), Buffer.from([0, 6, 0, 43, 0, 2, 3, 4])]);
    const flight = parseServerFlight(Buffer.concat([record(22, handshake(2, hello13)), record(23, randomBytes(40))]));
    expect(flight.version).toBe('TLSv1.3');
    expect(flight.certificateRequest).toBeNull();
    expect(flight.unreadable).toMatch(/no handshake secret/);
  });

  it('never throws on random or truncated bytes', () => {
    for (let i = 0; i < 500; i++) {
      const bytes = i % 2 ? randomBytes(i % 300) : Buffer.concat([Buffer.from([22, 3, 3, 0, 60, 2, 0, 0, 56]), randomBytes(i % 80)]);
      expect(() => parseServerFlight(bytes, i % 3 ? randomBytes(32) : undefined)).not.toThrow();
      expect(() => splitHandshake(bytes)).not.toThrow();
      expect(() => splitRecords(bytes)).not.toThrow();
    }
  });
});
