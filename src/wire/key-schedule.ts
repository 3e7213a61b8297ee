/**
 * The key derivations the decoder needs, over node:crypto's HMAC and hashes:
 * - TLS 1.3 (RFC 8446 §7.1, §7.3, §4.4.4): HKDF-Extract/Expand (RFC 5869), HKDF-Expand-Label, Derive-Secret, the
 *   secrets from an (EC)DHE shared secret (used to check the schedule against RFC 8448), traffic keys and IVs,
 *   the Finished MAC, and the next application traffic secret after a KeyUpdate.
 * - TLS 1.2 (RFC 5246 §5, §6.3, §7.4.9): the PRF, the key block, the Finished verify_data.
 */
import { createHash, createHmac } from 'node:crypto';
import { hashLength, type HashName } from './suites.js';

const hmac = (hash: HashName, key: Uint8Array, ...data: Uint8Array[]): Buffer => {
  const mac = createHmac(hash, key);
  for (const part of data) mac.update(part);
  return mac.digest();
};

export const digest = (hash: HashName, data: Uint8Array): Buffer => createHash(hash).update(data).digest();

/** HKDF-Extract(salt, IKM); an absent salt or IKM is Hash.length zero bytes, as TLS 1.3 uses them. */
export function hkdfExtract(hash: HashName, salt: Uint8Array | null, ikm: Uint8Array | null): Buffer {
  const zeros = Buffer.alloc(hashLength(hash));
  return hmac(hash, salt ?? zeros, ikm ?? zeros);
}

export function hkdfExpand(hash: HashName, prk: Uint8Array, info: Uint8Array, length: number): Buffer {
  const blocks: Buffer[] = [];
  let previous: Buffer = Buffer.alloc(0);
  for (let i = 1; blocks.length * hashLength(hash) < length; i++) {
    previous = hmac(hash, prk, previous, info, Buffer.from([i]));
    blocks.push(previous);
  }
  return Buffer.concat(blocks).subarray(0, length);
}

/** The HkdfLabel structure: uint16 length, opaque label<7..255> = "tls13 " + label, opaque context<0..255>. */
export function hkdfLabel(label: string, context: Uint8Array, length: number): Buffer {
  const full = Buffer.from(`tls13 ${label}`, 'ascii');
  return Buffer.concat([Buffer.from([length >> 8, length & 0xff, full.length]), full, Buffer.from([context.length]), context]);
}

export function hkdfExpandLabel(hash: HashName, secret: Uint8Array, label: string, context: Uint8Array, length: number): Buffer {
  return hkdfExpand(hash, secret, hkdfLabel(label, context, length), length);
}

/** Derive-Secret(Secret, Label, Messages), given the transcript hash of Messages. */
export function deriveSecret(hash: HashName, secret: Uint8Array, label: string, transcriptHash: Uint8Array): Buffer {
  return hkdfExpandLabel(hash, secret, label, transcriptHash, hashLength(hash));
}

export interface Tls13Secrets {
  early: Buffer;
  handshake: Buffer;
  master: Buffer;
  clientHandshakeTraffic: Buffer;
  serverHandshakeTraffic: Buffer;
  clientApplicationTraffic: Buffer;
  serverApplicationTraffic: Buffer;
}

/**
 * The TLS 1.3 key schedule without a PSK, from the (EC)DHE shared secret and two transcript hashes: of
 * ClientHello..ServerHello and of ClientHello..server Finished.
 */
export function tls13Secrets(hash: HashName, sharedSecret: Uint8Array, helloHash: Uint8Array, serverFinishedHash: Uint8Array): Tls13Secrets {
  const empty = digest(hash, Buffer.alloc(0));
  const early = hkdfExtract(hash, null, null);
  const handshake = hkdfExtract(hash, deriveSecret(hash, early, 'derived', empty), sharedSecret);
  const master = hkdfExtract(hash, deriveSecret(hash, handshake, 'derived', empty), null);
  return {
    early,
    handshake,
    master,
    clientHandshakeTraffic: deriveSecret(hash, handshake, 'c hs traffic', helloHash),
    serverHandshakeTraffic: deriveSecret(hash, handshake, 's hs traffic', helloHash),
    clientApplicationTraffic: deriveSecret(hash, master, 'c ap traffic', serverFinishedHash),
    serverApplicationTraffic: deriveSecret(hash, master, 's ap traffic', serverFinishedHash),
  };
}

/** The record key and IV of a TLS 1.3 traffic secret (RFC 8446 §7.3). */
export function trafficKeys(hash: HashName, secret: Uint8Array, keyLength: number, ivLength = 12): { key: Buffer; iv: Buffer } {
  return {
    key: hkdfExpandLabel(hash, secret, 'key', Buffer.alloc(0), keyLength),
    iv: hkdfExpandLabel(hash, secret, 'iv', Buffer.alloc(0), ivLength),
  };
}

/** What a TLS 1.3 Finished must carry: HMAC(finished_key, transcript hash) (RFC 8446 §4.4.4). */
export function finishedVerifyData(hash: HashName, baseKey: Uint8Array, transcriptHash: Uint8Array): Buffer {
  const finishedKey = hkdfExpandLabel(hash, baseKey, 'finished', Buffer.alloc(0), hashLength(hash));
  return hmac(hash, finishedKey, transcriptHash);
}

/** application_traffic_secret_N+1 (RFC 8446 §7.2). */
export function nextTrafficSecret(hash: HashName, secret: Uint8Array): Buffer {
  return hkdfExpandLabel(hash, secret, 'traffic upd', Buffer.alloc(0), hashLength(hash));
}

/** TLS 1.2's PRF: P_hash(secret, label + seed) (RFC 5246 §5). */
export function prf12(hash: HashName, secret: Uint8Array, label: string, seed: Uint8Array, length: number): Buffer {
  const labelledSeed = Buffer.concat([Buffer.from(label, 'ascii'), seed]);
  const out: Buffer[] = [];
  let a: Buffer = labelledSeed;
  let produced = 0;
  while (produced < length) {
    a = hmac(hash, secret, a);
    const block = hmac(hash, secret, a, labelledSeed);
    out.push(block);
    produced += block.length;
  }
  return Buffer.concat(out).subarray(0, length);
}

/** The TLS 1.2 write keys and IVs of an AEAD suite (no MAC keys), from the master secret (RFC 5246 §6.3). */
export function keyBlock12(
  hash: HashName,
  masterSecret: Uint8Array,
  clientRandom: Uint8Array,
  serverRandom: Uint8Array,
  keyLength: number,
  ivLength: number,
): { client: { key: Buffer; iv: Buffer }; server: { key: Buffer; iv: Buffer } } {
  const block = prf12(hash, masterSecret, 'key expansion', Buffer.concat([serverRandom, clientRandom]), 2 * keyLength + 2 * ivLength);
  return {
    client: { key: block.subarray(0, keyLength), iv: block.subarray(2 * keyLength, 2 * keyLength + ivLength) },
    server: { key: block.subarray(keyLength, 2 * keyLength), iv: block.subarray(2 * keyLength + ivLength, 2 * keyLength + 2 * ivLength) },
  };
}

/** What a TLS 1.2 Finished must carry (RFC 5246 §7.4.9): 12 bytes of PRF over the handshake hash. */
export function finishedVerifyData12(hash: HashName, masterSecret: Uint8Array, sender: 'client' | 'server', handshakeHash: Uint8Array): Buffer {
  return prf12(hash, masterSecret, `${sender} finished`, handshakeHash, 12);
}
