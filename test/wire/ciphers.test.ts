/**
 * Every AEAD the decoder opens, on real Node TLS connections through the capture relay: TLS 1.3 with AES-128-GCM,
 * AES-256-GCM, ChaCha20-Poly1305 and AES-128-CCM; TLS 1.2 with ECDHE and AES-128-GCM, AES-256-GCM (the
 * SHA-384 PRF) and ChaCha20-Poly1305. Each time: every record opens, both Finished verify, data arrives readable.
 */
import tls from 'node:tls';
import { describe, expect, it } from 'vitest';
import { startCaptureRelay } from '../../src/lab/capture-relay.js';
import { createLabPki } from '../../src/lab/lab-pki.js';
import { decodeCapture } from '../../src/wire/decode.js';
import type { WireCapture } from '../../src/wire/types.js';

const pki = createLabPki();

/** One mutual-TLS connection pinned to `version` and `cipher`, captured; the server says hello and closes. */
async function capturedConnection(version: tls.SecureVersion, cipher: string): Promise<WireCapture> {
  const [server, client, ca] = await Promise.all([pki.get('server'), pki.get('client-good'), pki.get('root-ca')]);
  const tlsServer = tls.createServer({ cert: server.cert, key: server.key, ca: ca.cert, requestCert: true, rejectUnauthorized: true, minVersion: version, maxVersion: version, ciphers: cipher }, (socket) =>
    socket.end('hello over the wire\n'),
  );
  await new Promise<void>((resolve) => tlsServer.listen(0, '127.0.0.1', resolve));
  const start = performance.now();
  const relay = await startCaptureRelay((tlsServer.address() as { port: number }).port, () => performance.now() - start);
  const socket = tls.connect({ host: '127.0.0.1', port: relay.port, servername: 'localhost', cert: client.cert, key: client.key, ca: ca.cert, minVersion: version, maxVersion: version, ciphers: cipher });
  socket.on('keylog', relay.keylog);
  socket.resume();
  await new Promise<void>((resolve, reject) => {
    socket.on('close', () => resolve());
    socket.on('error', reject);
  });
  await relay.close();
  await new Promise<void>((resolve) => tlsServer.close(() => resolve()));
  return relay.capture;
}

describe.each([
  ['TLSv1.3', 'TLS_AES_128_GCM_SHA256', 'TLS_AES_128_GCM_SHA256'],
  ['TLSv1.3', 'TLS_AES_256_GCM_SHA384', 'TLS_AES_256_GCM_SHA384'],
  ['TLSv1.3', 'TLS_CHACHA20_POLY1305_SHA256', 'TLS_CHACHA20_POLY1305_SHA256'],
  ['TLSv1.3', 'TLS_AES_128_CCM_SHA256', 'TLS_AES_128_CCM_SHA256'],
  ['TLSv1.2', 'ECDHE-ECDSA-AES128-GCM-SHA256', 'TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256'],
  ['TLSv1.2', 'ECDHE-ECDSA-AES256-GCM-SHA384', 'TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384'],
  ['TLSv1.2', 'ECDHE-ECDSA-CHACHA20-POLY1305', 'TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256'],
] as const)('%s %s', (version, cipher, ianaName) => {
  it('opens every record, verifies both Finished, reads the application data', async () => {
    const decoded = decodeCapture(await capturedConnection(version, cipher));
    expect(decoded.cipherSuite).toBe(ianaName);
    expect(decoded.messages.filter((m) => m.type === 'EncryptedRecord' || m.problem)).toEqual([]);
    const finished = decoded.messages.filter((m) => m.type === 'Finished');
    expect(finished.map((m) => [m.from, m.encrypted, m.fields['verify_data_check']])).toEqual([
      [version === 'TLSv1.3' ? 'server' : 'client', true, 'matches the transcript'],
      [version === 'TLSv1.3' ? 'client' : 'server', true, 'matches the transcript'],
    ]);
    const data = decoded.messages.find((m) => m.type === 'ApplicationData' && m.from === 'server');
    expect(data?.fields['text']).toBe('hello over the wire\\n');
    expect(data?.encrypted).toBe(true);
  });
});
