/**
 * Bad bytes never crash the decoder: truncated streams, flipped bytes, garbage, records split at random chunk
 * boundaries. Each case must decode, summarise, annotate and serialise without throwing; damage shows up as
 * messages that say so; and where the bytes are intact, how they were chunked changes nothing.
 */
import { describe, expect, it } from 'vitest';
import { fromHex } from '../../src/wire/bytes.js';
import { decodeCapture } from '../../src/wire/decode.js';
import { annotatedHex, summary } from '../../src/wire/describe.js';
import { decodeHandshake } from '../../src/wire/messages.js';
import { wireJson } from '../../src/wire/json.js';
import { pcapFile } from '../../src/wire/pcap.js';
import type { CapturedChunk, WireCapture, WireSide } from '../../src/wire/types.js';
import { seededRng } from '../../src/learning/rng.js';
import { SECTION_3, SECTION_6 } from './rfc8448.js';

// Seeded (the app's own mulberry32), so a failure can be replayed.
const random = seededRng;

const secretsOf = (e: typeof SECTION_6.expect) => ({
  CLIENT_HANDSHAKE_TRAFFIC_SECRET: e.clientHandshakeTraffic,
  SERVER_HANDSHAKE_TRAFFIC_SECRET: e.serverHandshakeTraffic,
  CLIENT_TRAFFIC_SECRET_0: e.clientApplicationTraffic,
  SERVER_TRAFFIC_SECRET_0: e.serverApplicationTraffic,
});

/** A trace's two streams, and a capture of them cut into chunks where `cut` says. */
function streams(records: { from: WireSide; hex: string }[]) {
  return records.map((r) => ({ from: r.from, data: fromHex(r.hex) }));
}

function capture(parts: { from: WireSide; data: Buffer }[], keylogSecrets: { [label: string]: string }, clientRandom: string): WireCapture {
  const chunks: CapturedChunk[] = parts.map((p, i) => ({ t: i, from: p.from, data: p.data }));
  return {
    startedAt: 1_700_000_000_000,
    clientPort: 50001,
    serverPort: 8443,
    chunks,
    closes: [],
    keylog: Object.entries(keylogSecrets).map(([label, secret]) => `${label} ${clientRandom} ${secret}`),
  };
}

/** Everything a user of a capture does with it: none of it may throw. */
function useFully(c: WireCapture) {
  const decoded = decodeCapture(c);
  for (const message of decoded.messages) {
    summary(message);
    annotatedHex(message);
  }
  JSON.stringify(wireJson(decoded.messages));
  pcapFile([c]);
  return decoded;
}

const trace = streams(SECTION_6.records);
const clientRandom = trace[0]!.data.subarray(11, 43).toString('hex');
const keys = secretsOf(SECTION_6.expect);

describe('the decoder on damaged input', () => {
  it('survives the stream cut at every byte of every record', () => {
    for (let r = 0; r < trace.length; r++) {
      for (let cut = 0; cut <= trace[r]!.data.length; cut++) {
        const parts = [...trace.slice(0, r), { from: trace[r]!.from, data: trace[r]!.data.subarray(0, cut) }];
        const decoded = useFully(capture(parts, keys, clientRandom));
        if (cut > 0 && cut < trace[r]!.data.length) expect(decoded.messages.at(-1)?.type, `record ${r} cut at ${cut}`).toBe('TruncatedRecord');
      }
    }
  });

  it('survives 1,500 random byte flips, and a flip inside a protected record shows as a record that did not open', () => {
    const next = random(15);
    for (let i = 0; i < 1500; i++) {
      const r = Math.floor(next() * trace.length);
      const data = Buffer.from(trace[r]!.data);
      const at = Math.floor(next() * data.length);
      data[at] = data[at]! ^ (1 + Math.floor(next() * 255));
      const parts = trace.map((part, j) => (j === r ? { from: part.from, data } : part));
      const decoded = useFully(capture(parts, keys, clientRandom));
      if (at >= 5 && data[0] === 0x17 && r >= 2) expect(decoded.messages.some((m) => m.type === 'EncryptedRecord'), `record ${r} byte ${at}`).toBe(true);
    }
  });

  it('survives garbage, alone or after valid records, and names what is not TLS', () => {
    const next = random(7);
    for (let i = 0; i < 500; i++) {
      const garbage = Buffer.from(Array.from({ length: Math.floor(next() * 300) }, () => Math.floor(next() * 256)));
      useFully(capture([{ from: 'client', data: garbage }], keys, clientRandom));
      useFully(capture([...trace.slice(0, 3), { from: 'server', data: garbage }], keys, clientRandom));
    }
    const http = useFully(capture([{ from: 'client', data: Buffer.from('GET / HTTP/1.1\r\nHost: x\r\n\r\n') }], {}, clientRandom));
    expect(http.messages).toEqual([expect.objectContaining({ record: 'not_tls', type: 'PlainText', fields: expect.objectContaining({ looks_like: 'an HTTP request' }) })]);
  });

  it('decodes the same messages however the streams are cut into chunks', () => {
    const whole = decodeCapture(capture(trace, keys, clientRandom)).messages.map((m) => [m.from, m.type, m.bytes]);
    const next = random(3);
    for (let i = 0; i < 200; i++) {
      const parts: { from: WireSide; data: Buffer }[] = [];
      for (const record of trace) {
        let at = 0;
        while (at < record.data.length) {
          const size = 1 + Math.floor(next() * 40);
          parts.push({ from: record.from, data: record.data.subarray(at, at + size) });
          at += size;
        }
      }
      expect(decodeCapture(capture(parts, keys, clientRandom)).messages.map((m) => [m.from, m.type, m.bytes])).toEqual(whole);
    }
  });

  it('decodes every handshake message of the RFC traces cut short or grown at any length, without throwing', () => {
    const decoded = decodeCapture(capture(streams(SECTION_3.records), secretsOf(SECTION_3.expect), fromHex(SECTION_3.records[0]!.hex).subarray(11, 43).toString('hex')));
    const handshakes = decoded.messages.filter((m) => m.record === 'handshake').map((m) => fromHex(m.bytes));
    for (const message of handshakes) {
      for (let length = 0; length < message.length; length++) {
        const body = Buffer.from(message);
        body.writeUIntBE(Math.max(0, length - 4), 1, 3);
        for (const version of ['1.2', '1.3', null] as const) {
          const result = decodeHandshake(body.subarray(0, length), { version, keyExchange: 'ECDHE', from: 'server' });
          expect(typeof result.type).toBe('string');
        }
      }
    }
  });
});
