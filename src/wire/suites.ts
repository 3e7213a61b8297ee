/**
 * What the decoder needs to know about a cipher suite: its hash (key schedule, PRF, transcript), its AEAD and key
 * sizes (RFC 8446 §5.3 and Appendix B.4; RFC 5288 for TLS 1.2 AES-GCM, RFC 7905 for TLS 1.2 ChaCha20-Poly1305;
 * RFC 6655/8446 for CCM), and for TLS 1.2 how keys are exchanged (the shape of the key exchange messages).
 */

export type HashName = 'sha256' | 'sha384';
export type AeadName = 'aes-128-gcm' | 'aes-256-gcm' | 'chacha20-poly1305' | 'aes-128-ccm';

export interface SuiteParams {
  hash: HashName;
  /** Null for a suite this decoder cannot decrypt (CBC suites): its records are shown, not opened. */
  aead: AeadName | null;
  keyLength: number;
  /** TLS 1.3: the per-record IV (12); TLS 1.2 GCM: the 4-byte implicit salt; TLS 1.2 ChaCha20: 12. */
  ivLength: number;
  tagLength: number;
  /** TLS 1.2 GCM carries an 8-byte explicit nonce in front of each record. */
  explicitNonce: boolean;
  /** TLS 1.2 key exchange, which shapes ServerKeyExchange and ClientKeyExchange; null for TLS 1.3 suites. */
  keyExchange: 'ECDHE' | 'DHE' | 'RSA' | null;
}

const tls13 = (hash: HashName, aead: AeadName, keyLength: number, tagLength = 16): SuiteParams => ({
  hash,
  aead,
  keyLength,
  ivLength: 12,
  tagLength,
  explicitNonce: false,
  keyExchange: null,
});

const gcm12 = (keyExchange: SuiteParams['keyExchange'], bits: 128 | 256): SuiteParams => ({
  hash: bits === 128 ? 'sha256' : 'sha384',
  aead: bits === 128 ? 'aes-128-gcm' : 'aes-256-gcm',
  keyLength: bits / 8,
  ivLength: 4,
  tagLength: 16,
  explicitNonce: true,
  keyExchange,
});

const chacha12 = (keyExchange: SuiteParams['keyExchange']): SuiteParams => ({
  hash: 'sha256',
  aead: 'chacha20-poly1305',
  keyLength: 32,
  ivLength: 12,
  tagLength: 16,
  explicitNonce: false,
  keyExchange,
});

/** CBC suites: named and their handshake decoded, but records after ChangeCipherSpec stay closed. */
const cbc12 = (keyExchange: SuiteParams['keyExchange'], hash: HashName = 'sha256'): SuiteParams => ({
  hash,
  aead: null,
  keyLength: 0,
  ivLength: 0,
  tagLength: 0,
  explicitNonce: false,
  keyExchange,
});

const SUITES: Record<number, SuiteParams> = {
  0x1301: tls13('sha256', 'aes-128-gcm', 16),
  0x1302: tls13('sha384', 'aes-256-gcm', 32),
  0x1303: tls13('sha256', 'chacha20-poly1305', 32),
  0x1304: tls13('sha256', 'aes-128-ccm', 16),
  0x1305: tls13('sha256', 'aes-128-ccm', 16, 8),
  0xc02b: gcm12('ECDHE', 128),
  0xc02c: gcm12('ECDHE', 256),
  0xc02f: gcm12('ECDHE', 128),
  0xc030: gcm12('ECDHE', 256),
  0x009e: gcm12('DHE', 128),
  0x009f: gcm12('DHE', 256),
  0x009c: gcm12('RSA', 128),
  0x009d: gcm12('RSA', 256),
  0xcca8: chacha12('ECDHE'),
  0xcca9: chacha12('ECDHE'),
  0xccaa: chacha12('DHE'),
  0xc023: cbc12('ECDHE'),
  0xc024: cbc12('ECDHE', 'sha384'),
  0xc027: cbc12('ECDHE'),
  0xc028: cbc12('ECDHE', 'sha384'),
  0xc009: cbc12('ECDHE'),
  0xc00a: cbc12('ECDHE'),
  0xc013: cbc12('ECDHE'),
  0xc014: cbc12('ECDHE'),
  0x0033: cbc12('DHE'),
  0x0039: cbc12('DHE'),
  0x0067: cbc12('DHE'),
  0x006b: cbc12('DHE'),
  0x002f: cbc12('RSA'),
  0x0035: cbc12('RSA'),
  0x003c: cbc12('RSA'),
  0x003d: cbc12('RSA'),
};

export function suiteParams(suite: number): SuiteParams | undefined {
  return SUITES[suite];
}

export const hashLength = (hash: HashName): number => (hash === 'sha256' ? 32 : 48);
