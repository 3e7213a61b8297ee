/**
 * The decoder against the IETF's published TLS 1.3 traces (RFC 8448), not against itself: every record opens
 * under the RFC's secrets, the messages and their fields are the ones the RFC's implementation sent, our
 * transcript hashes equal the hashes the RFC prints, and both Finished MACs (computed by the RFC's
 * implementation) verify against our transcript. The key schedule, run from the trace's ephemeral keys and our
 * transcript hashes, gives the RFC's secrets.
 */
import { createECDH, createPrivateKey, createPublicKey, diffieHellman } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { fromHex } from '../../src/wire/bytes.js';
import { decodeCapture } from '../../src/wire/decode.js';
import { tls13Secrets, trafficKeys } from '../../src/wire/key-schedule.js';
import type { DecodedMessage, WireCapture } from '../../src/wire/types.js';
import { SECTION_3, SECTION_5, SECTION_6, type TraceRecord } from './rfc8448.js';

/** The trace as a capture: one chunk per record, in the RFC's order, with a key log of the RFC's secrets. */
function captureOf(records: TraceRecord[], secrets: { [label: string]: string }): WireCapture {
  const clientRandom = fromHex(records[0]!.hex).subarray(11, 43).toString('hex');
  return {
    startedAt: 0,
    clientPort: 50000,
    serverPort: 443,
    chunks: records.map((record, i) => ({ t: i, from: record.from, data: fromHex(record.hex) })),
    closes: [],
    keylog: Object.entries(secrets).map(([label, secret]) => `${label} ${clientRandom} ${secret}`),
  };
}

const keylogOf = (e: { clientHandshakeTraffic: string; serverHandshakeTraffic: string; clientApplicationTraffic: string; serverApplicationTraffic: string }) => ({
  CLIENT_HANDSHAKE_TRAFFIC_SECRET: e.clientHandshakeTraffic,
  SERVER_HANDSHAKE_TRAFFIC_SECRET: e.serverHandshakeTraffic,
  CLIENT_TRAFFIC_SECRET_0: e.clientApplicationTraffic,
  SERVER_TRAFFIC_SECRET_0: e.serverApplicationTraffic,
});

const sequence = (messages: DecodedMessage[]) => messages.map((m) => `${m.from} ${m.type}${m.type === 'Alert' ? ` ${String(m.fields['description'])}` : ''}`);
const find = (messages: DecodedMessage[], from: string, type: string) => {
  const found = messages.find((m) => m.from === from && m.type === type);
  expect(found, `${from} ${type}`).toBeDefined();
  return found!;
};

function x25519Shared(privateHex: string, peerPublicHex: string): Buffer {
  const privateKey = createPrivateKey({ key: { kty: 'OKP', crv: 'X25519', d: fromHex(privateHex).toString('base64url'), x: '' }, format: 'jwk' });
  const publicKey = createPublicKey({ key: { kty: 'OKP', crv: 'X25519', x: fromHex(peerPublicHex).toString('base64url') }, format: 'jwk' });
  return diffieHellman({ privateKey, publicKey });
}

describe('RFC 8448 §3, Simple 1-RTT Handshake', () => {
  const decoded = decodeCapture(captureOf(SECTION_3.records, keylogOf(SECTION_3.expect)));
  const { messages } = decoded;

  it('decodes every record, in order, with nothing left encrypted or unknown', () => {
    expect(decoded.version).toBe('1.3');
    expect(decoded.cipherSuite).toBe('TLS_AES_128_GCM_SHA256');
    expect(sequence(messages)).toEqual([
      'client ClientHello',
      'server ServerHello',
      'server EncryptedExtensions',
      'server Certificate',
      'server CertificateVerify',
      'server Finished',
      'client Finished',
      'server NewSessionTicket',
      'client ApplicationData',
      'server ApplicationData',
      'client Alert close_notify',
      'server Alert close_notify',
    ]);
    expect(messages.filter((m) => m.problem)).toEqual([]);
    expect(messages.slice(2).every((m) => m.encrypted)).toBe(true);
  });

  it('reads the fields the RFC shows', () => {
    const hello = find(messages, 'client', 'ClientHello').fields;
    expect(hello['versions']).toEqual(['TLS 1.3']);
    expect(hello['cipher_suites']).toEqual(['TLS_AES_128_GCM_SHA256', 'TLS_CHACHA20_POLY1305_SHA256', 'TLS_AES_256_GCM_SHA384']);
    expect(hello['key_share_groups']).toEqual(['x25519']);
    expect(hello['supported_groups']).toEqual(['x25519', 'secp256r1', 'secp384r1', 'secp521r1', 'ffdhe2048', 'ffdhe3072', 'ffdhe4096', 'ffdhe6144', 'ffdhe8192']);
    expect(hello['server_name']).toBe('server');
    expect(hello['signature_algorithms']).toContain('rsa_pss_rsae_sha256');
    expect(hello['random']).toBe('cb34ecb1e78163ba1c38c6dacb196a6dffa21a8d9912ec18a2ef6283024dece7');
    const server = find(messages, 'server', 'ServerHello').fields;
    expect(server['selected_version']).toBe('TLS 1.3');
    expect(server['key_share_group']).toBe('x25519');
    const certificate = find(messages, 'server', 'Certificate').fields;
    expect(certificate['count']).toBe(1);
    expect(certificate['certificates']).toEqual([expect.objectContaining({ subject: 'CN=rsa', issuer: 'CN=rsa', key: 'RSA 1024 bits', not_after: '2026-07-30T01:23:59.000Z' })]);
    expect(find(messages, 'server', 'CertificateVerify').fields).toEqual({ algorithm: 'rsa_pss_rsae_sha256', signature_length: 128 });
    expect(find(messages, 'server', 'NewSessionTicket').fields).toMatchObject({ ticket_lifetime: 30, extensions: { early_data: 1024 } });
    expect(find(messages, 'client', 'ApplicationData').fields['length']).toBe(50);
    expect(find(messages, 'client', 'Alert').fields).toEqual({ level: 'warning', description: 'close_notify', code: 0 });
  });

  it('computes the transcript hashes the RFC prints, and both Finished MACs verify against them', () => {
    const hash = (from: string, type: string) => find(messages, from, type).transcriptHash;
    const t = SECTION_3.expect.transcript;
    expect(hash('server', 'ServerHello')).toBe(t.ServerHello);
    expect(hash('server', 'EncryptedExtensions')).toBe(t.EncryptedExtensions);
    expect(hash('server', 'Certificate')).toBe(t.Certificate);
    expect(hash('server', 'CertificateVerify')).toBe(t.CertificateVerify);
    expect(hash('server', 'Finished')).toBe(t['server Finished']);
    expect(hash('client', 'Finished')).toBe(t['client Finished']);
    expect(find(messages, 'server', 'Finished').fields['verify_data_check']).toBe('matches the transcript');
    expect(find(messages, 'client', 'Finished').fields['verify_data_check']).toBe('matches the transcript');
    // NewSessionTicket is after the handshake: not part of the transcript.
    expect(find(messages, 'server', 'NewSessionTicket').transcriptHash).toBeUndefined();
  });

  it('derives the RFC secrets, keys and IVs from the x25519 keys and our transcript hashes', () => {
    const shared = x25519Shared(SECTION_3.keys.clientPrivate, SECTION_3.keys.serverPublic);
    expect(shared.toString('hex')).toBe(SECTION_3.expect.sharedSecret);
    const secrets = tls13Secrets('sha256', shared, fromHex(find(messages, 'server', 'ServerHello').transcriptHash!), fromHex(find(messages, 'server', 'Finished').transcriptHash!));
    const e = SECTION_3.expect;
    expect(secrets.handshake.toString('hex')).toBe(e.handshakeSecret);
    expect(secrets.master.toString('hex')).toBe(e.masterSecret);
    expect(secrets.clientHandshakeTraffic.toString('hex')).toBe(e.clientHandshakeTraffic);
    expect(secrets.serverHandshakeTraffic.toString('hex')).toBe(e.serverHandshakeTraffic);
    expect(secrets.clientApplicationTraffic.toString('hex')).toBe(e.clientApplicationTraffic);
    expect(secrets.serverApplicationTraffic.toString('hex')).toBe(e.serverApplicationTraffic);
    const keys = trafficKeys('sha256', secrets.serverHandshakeTraffic, 16);
    expect(keys.key.toString('hex')).toBe(e.serverHandshakeKey);
    expect(keys.iv.toString('hex')).toBe(e.serverHandshakeIv);
  });

  it('without the secrets, shows the protected records as encrypted and says why', () => {
    const closed = decodeCapture(captureOf(SECTION_3.records, {}));
    expect(sequence(closed.messages).slice(0, 3)).toEqual(['client ClientHello', 'server ServerHello', 'server EncryptedRecord']);
    expect(closed.messages[2]!.fields['reason']).toMatch(/no key/);
    expect(closed.notes.join(' ')).toMatch(/no secrets for this connection/);
  });

  it('with one wrong secret, the records under it do not open and the rest still do', () => {
    const wrong = { ...keylogOf(SECTION_3.expect), SERVER_HANDSHAKE_TRAFFIC_SECRET: '00'.repeat(32) };
    const closed = decodeCapture(captureOf(SECTION_3.records, wrong));
    expect(closed.messages[2]).toMatchObject({ type: 'EncryptedRecord', encrypted: true });
    expect(closed.messages.some((m) => m.from === 'client' && m.type === 'Finished')).toBe(true);
  });
});

describe('RFC 8448 §5, HelloRetryRequest', () => {
  const decoded = decodeCapture(captureOf(SECTION_5.records, keylogOf(SECTION_5.expect)));
  const { messages } = decoded;

  it('names the HelloRetryRequest and follows the second ClientHello to the end', () => {
    expect(sequence(messages)).toEqual([
      'client ClientHello',
      'server HelloRetryRequest',
      'client ClientHello',
      'server ServerHello',
      'server EncryptedExtensions',
      'server Certificate',
      'server CertificateVerify',
      'server Finished',
      'client Finished',
      'client Alert close_notify',
      'server Alert close_notify',
    ]);
    expect(messages.filter((m) => m.problem)).toEqual([]);
    expect(messages[0]!.fields['key_share_groups']).toEqual(['x25519']);
    expect(messages[1]!.fields).toMatchObject({ selected_group: 'secp256r1', cipher_suite: 'TLS_AES_128_GCM_SHA256' });
    expect(messages[2]!.fields['key_share_groups']).toEqual(['secp256r1']);
  });

  it('hashes the transcript with the first ClientHello replaced by message_hash, as the RFC does', () => {
    expect(find(messages, 'server', 'ServerHello').transcriptHash).toBe(SECTION_5.expect.transcript.ServerHello);
    expect(find(messages, 'server', 'Finished').fields['verify_data_check']).toBe('matches the transcript');
    expect(find(messages, 'client', 'Finished').fields['verify_data_check']).toBe('matches the transcript');
  });

  it('derives the RFC secrets from the P-256 shared secret', () => {
    const ecdh = createECDH('prime256v1');
    ecdh.setPrivateKey(fromHex(SECTION_5.keys.second.private));
    const shared = ecdh.computeSecret(fromHex(SECTION_5.keys.first.public));
    expect(shared.toString('hex')).toBe(SECTION_5.expect.sharedSecret);
    const secrets = tls13Secrets('sha256', shared, fromHex(find(messages, 'server', 'ServerHello').transcriptHash!), fromHex(find(messages, 'server', 'Finished').transcriptHash!));
    expect(secrets.handshake.toString('hex')).toBe(SECTION_5.expect.handshakeSecret);
    expect(secrets.clientApplicationTraffic.toString('hex')).toBe(SECTION_5.expect.clientApplicationTraffic);
  });
});

describe('RFC 8448 §6, Client Authentication: the mutual half', () => {
  const decoded = decodeCapture(captureOf(SECTION_6.records, keylogOf(SECTION_6.expect)));
  const { messages } = decoded;

  it('shows the CertificateRequest, the client Certificate and its CertificateVerify', () => {
    expect(sequence(messages)).toEqual([
      'client ClientHello',
      'server ServerHello',
      'server EncryptedExtensions',
      'server CertificateRequest',
      'server Certificate',
      'server CertificateVerify',
      'server Finished',
      'client Certificate',
      'client CertificateVerify',
      'client Finished',
      'client Alert close_notify',
      'server Alert close_notify',
    ]);
    expect(messages.filter((m) => m.problem)).toEqual([]);
    const request = find(messages, 'server', 'CertificateRequest').fields;
    expect(request['certificate_request_context']).toBe('');
    expect(request['signature_algorithms']).toEqual(expect.arrayContaining(['ecdsa_secp256r1_sha256', 'rsa_pss_rsae_sha256']));
    const clientCert = find(messages, 'client', 'Certificate').fields;
    expect(clientCert['certificates']).toEqual([expect.objectContaining({ subject: 'CN=client', issuer: 'CN=client', key: 'RSA 1024 bits' })]);
    const serverCert = find(messages, 'server', 'Certificate').fields;
    expect(serverCert['certificates']).toEqual([expect.objectContaining({ key: 'EC P-256' })]);
    expect(find(messages, 'client', 'CertificateVerify').fields['algorithm']).toBe('rsa_pss_rsae_sha256');
    expect(find(messages, 'server', 'CertificateVerify').fields['algorithm']).toBe('ecdsa_secp256r1_sha256');
  });

  it('verifies both Finished MACs, the client one over a transcript that includes its certificate', () => {
    expect(find(messages, 'server', 'Finished').fields['verify_data_check']).toBe('matches the transcript');
    expect(find(messages, 'client', 'Finished').fields['verify_data_check']).toBe('matches the transcript');
  });

  it('derives the RFC secrets from the x25519 keys', () => {
    const shared = x25519Shared(SECTION_6.keys.clientPrivate, SECTION_6.keys.serverPublic);
    const secrets = tls13Secrets('sha256', shared, fromHex(find(messages, 'server', 'ServerHello').transcriptHash!), fromHex(find(messages, 'server', 'Finished').transcriptHash!));
    expect(secrets.handshake.toString('hex')).toBe(SECTION_6.expect.handshakeSecret);
    expect(secrets.master.toString('hex')).toBe(SECTION_6.expect.masterSecret);
    expect(secrets.clientHandshakeTraffic.toString('hex')).toBe(SECTION_6.expect.clientHandshakeTraffic);
    expect(secrets.serverApplicationTraffic.toString('hex')).toBe(SECTION_6.expect.serverApplicationTraffic);
  });
});
