/**
 * Opening protected records with node:crypto's AEADs. Each function returns null when the tag does not verify
 * (wrong key, wrong sequence number, damaged bytes): the caller says the record could not be decrypted.
 * - TLS 1.3 (RFC 8446 §5.2-5.3): nonce = IV XOR the 64-bit sequence number, left-padded; the additional data is
 *   the record header; the plaintext is content || content type || zero padding.
 * - TLS 1.2 AES-GCM (RFC 5288 §3): nonce = 4-byte implicit salt || 8-byte explicit nonce sent with the record;
 *   TLS 1.2 ChaCha20-Poly1305 (RFC 7905 §2): nonce as in 1.3. The additional data is seq_num || type || version
 *   || plaintext length (RFC 5246 §6.2.3.3).
 */
import { createDecipheriv, type CipherCCMTypes, type CipherGCMTypes } from 'node:crypto';
import type { AeadName } from './suites.js';

export interface RecordKeys {
  aead: AeadName;
  key: Buffer;
  iv: Buffer;
  tagLength: number;
}

function xorNonce(iv: Buffer, seq: bigint): Buffer {
  const nonce = Buffer.from(iv);
  const seqBytes = Buffer.alloc(8);
  seqBytes.writeBigUInt64BE(seq);
  for (let i = 0; i < 8; i++) nonce[nonce.length - 8 + i]! ^= seqBytes[i]!;
  return nonce;
}

function open(keys: RecordKeys, nonce: Buffer, aad: Buffer, ciphertext: Buffer, tag: Buffer): Buffer | null {
  try {
    const options = { authTagLength: keys.tagLength };
    const decipher =
      keys.aead === 'aes-128-ccm'
        ? createDecipheriv(keys.aead as CipherCCMTypes, keys.key, nonce, options)
        : createDecipheriv(keys.aead as CipherGCMTypes, keys.key, nonce, options);
    decipher.setAuthTag(tag);
    decipher.setAAD(aad, { plaintextLength: ciphertext.length });
    return Buffer.concat([decipher.update(ciphertext), decipher.final()]);
  } catch {
    return null;
  }
}

/** A TLS 1.3 record: its real content type and content, or null. */
export function open13(keys: RecordKeys, seq: bigint, header: Buffer, fragment: Buffer): { type: number; content: Buffer } | null {
  if (fragment.length < keys.tagLength + 1) return null;
  const body = fragment.subarray(0, fragment.length - keys.tagLength);
  const plain = open(keys, xorNonce(keys.iv, seq), header, body, fragment.subarray(fragment.length - keys.tagLength));
  if (!plain) return null;
  let end = plain.length;
  while (end > 0 && plain[end - 1] === 0) end--;
  if (end === 0) return null; // all padding: no content type (a protocol error, shown as undecryptable)
  return { type: plain[end - 1]!, content: plain.subarray(0, end - 1) };
}

/** A TLS 1.2 AEAD record's plaintext, or null. `type` and `version` come from its header. */
export function open12(keys: RecordKeys, seq: bigint, type: number, version: number, fragment: Buffer, explicitNonce: boolean): Buffer | null {
  const nonceBytes = explicitNonce ? 8 : 0;
  if (fragment.length < nonceBytes + keys.tagLength) return null;
  const nonce = explicitNonce ? Buffer.concat([keys.iv, fragment.subarray(0, 8)]) : xorNonce(keys.iv, seq);
  const body = fragment.subarray(nonceBytes, fragment.length - keys.tagLength);
  const aad = Buffer.alloc(13);
  aad.writeBigUInt64BE(seq, 0);
  aad[8] = type;
  aad.writeUInt16BE(version, 9);
  aad.writeUInt16BE(body.length, 11);
  return open(keys, nonce, aad, body, fragment.subarray(fragment.length - keys.tagLength));
}
