/**
 * The words and the annotated hex a learner reads: every byte of every message appears exactly once, in order,
 * under a field name; summaries say the things that matter (an empty client Certificate, the CAs a
 * CertificateRequest names, an alert's name and code).
 */
import { describe, expect, it } from 'vitest';
import { fromHex } from '../../src/wire/bytes.js';
import { decodeCapture } from '../../src/wire/decode.js';
import { ALERT_MEANINGS, annotatedHex, summary } from '../../src/wire/describe.js';
import { decodeHandshake } from '../../src/wire/messages.js';
import { ALERT_DESCRIPTIONS } from '../../src/wire/registry.js';
import type { DecodedMessage } from '../../src/wire/types.js';
import { SECTION_6 } from './rfc8448.js';

const random = fromHex(SECTION_6.records[0]!.hex).subarray(11, 43).toString('hex');
const e = SECTION_6.expect;
const decoded = decodeCapture({
  startedAt: 0,
  clientPort: 1,
  serverPort: 2,
  chunks: SECTION_6.records.map((r, i) => ({ t: i, from: r.from, data: fromHex(r.hex) })),
  closes: [],
  keylog: [
    `CLIENT_HANDSHAKE_TRAFFIC_SECRET ${random} ${e.clientHandshakeTraffic}`,
    `SERVER_HANDSHAKE_TRAFFIC_SECRET ${random} ${e.serverHandshakeTraffic}`,
    `CLIENT_TRAFFIC_SECRET_0 ${random} ${e.clientApplicationTraffic}`,
    `SERVER_TRAFFIC_SECRET_0 ${random} ${e.serverApplicationTraffic}`,
  ],
});

describe('annotated hex', () => {
  it.each(decoded.messages.map((m) => [`${m.from} ${m.type}`, m] as const))('%s: every byte once, in order, under a name', (_name, message) => {
    const rows = annotatedHex(message, 16, 1_000_000);
    const shown = rows.map((row) => row.hex.replace(/ /g, '')).join('');
    expect(shown).toBe(message.bytes);
    expect(rows.filter((row) => row.hex !== '').every((row, i, all) => row.label !== '' || row.value !== undefined || (i > 0 && all[i - 1]!.offset < row.offset))).toBe(true);
    expect(rows.some((row) => row.label === '(not annotated)')).toBe(false);
  });

  it('cuts a long field to a few rows and says how much is left', () => {
    const certificate = decoded.messages.find((m) => m.from === 'client' && m.type === 'Certificate')!;
    const rows = annotatedHex(certificate, 16, 2);
    const cert = rows.findIndex((row) => row.label.startsWith('cert_data'));
    expect(rows[cert]!.value).toBe('subject CN=client');
    expect(rows[cert + 2]!.label).toMatch(/^… \d+ more bytes$/);
  });
});

describe('summaries', () => {
  const line = (from: string, type: string) => summary(decoded.messages.find((m) => m.from === from && m.type === type) as DecodedMessage);

  it('say what each message of the mutual handshake carries', () => {
    expect(line('client', 'ClientHello')).toBe('offers TLS 1.3 · key shares x25519 · 3 cipher suites · SNI server');
    expect(line('server', 'ServerHello')).toBe('TLS 1.3 · TLS_AES_128_GCM_SHA256 · x25519');
    expect(line('server', 'CertificateRequest')).toMatch(/^names no CAs · \d+ signature algorithms$/);
    expect(line('client', 'Certificate')).toBe('CN=client, issued by CN=client');
    expect(line('client', 'CertificateVerify')).toBe('rsa_pss_rsae_sha256 signature, 128 bytes');
    expect(line('client', 'Finished')).toBe('verify_data matches the transcript');
    expect(line('client', 'Alert')).toBe('warning close_notify (0)');
  });

  it('call an empty Certificate empty', () => {
    const empty = decodeHandshake(Buffer.from('0b000004' + '00' + '000000', 'hex'), { version: '1.3', keyExchange: null, from: 'client' });
    expect(summary({ ...decoded.messages[0]!, type: empty.type, fields: empty.fields })).toBe('EMPTY: no certificate');
  });

  it('have a sentence for every alert a lab or a mesh sends', () => {
    for (const name of ['certificate_required', 'certificate_expired', 'unknown_ca', 'bad_certificate', 'unsupported_certificate', 'handshake_failure', 'decode_error', 'close_notify'])
      expect(ALERT_MEANINGS[name], name).toBeDefined();
    for (const name of Object.keys(ALERT_MEANINGS)) expect(Object.values(ALERT_DESCRIPTIONS), name).toContain(name);
  });
});
