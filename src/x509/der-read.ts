/**
 * A small DER reader: enough to walk an X.509 certificate's TBSCertificate and the extensions Node's
 * X509Certificate does not expose (key usage bits, basic constraints' path length, key identifiers, the signature
 * algorithm), and to recognise a PKCS#12 file. Every read is bounds-checked: a truncated or hostile input throws a
 * DerError, never reads past the buffer.
 */

export class DerError extends Error {
  override name = 'DerError';
}

export interface Tlv {
  tag: number;
  /** Offset of the value's first byte. */
  start: number;
  /** Offset just past the value. */
  end: number;
  /** Offset just past the whole TLV. */
  next: number;
}

/** Reads the TLV at `offset` within `der[.. limit]`. */
export function readTlv(der: Uint8Array, offset: number, limit = der.length): Tlv {
  if (offset + 2 > limit) throw new DerError('truncated DER (no room for a tag and a length)');
  const tag = der[offset]!;
  if ((tag & 0x1f) === 0x1f) throw new DerError('multi-byte DER tags are not used in certificates');
  let length = der[offset + 1]!;
  let start = offset + 2;
  if (length & 0x80) {
    const count = length & 0x7f;
    if (count === 0 || count > 4) throw new DerError('unsupported DER length');
    if (start + count > limit) throw new DerError('truncated DER length');
    length = 0;
    for (let i = 0; i < count; i++) length = length * 256 + der[start + i]!;
    start += count;
  }
  const end = start + length;
  if (end > limit) throw new DerError('truncated DER value');
  return { tag, start, end, next: end };
}

/** The TLVs directly inside a constructed TLV. */
export function children(der: Uint8Array, parent: Tlv): Tlv[] {
  const out: Tlv[] = [];
  for (let at = parent.start; at < parent.end; ) {
    const child = readTlv(der, at, parent.end);
    out.push(child);
    at = child.next;
  }
  return out;
}

export function valueOf(der: Uint8Array, tlv: Tlv): Buffer {
  return Buffer.from(der.subarray(tlv.start, tlv.end));
}

/** OBJECT IDENTIFIER value bytes to dotted text. */
export function oidText(der: Uint8Array, tlv: Tlv): string {
  if (tlv.tag !== 0x06) throw new DerError('expected an OBJECT IDENTIFIER');
  const arcs: number[] = [];
  let value = 0;
  for (let i = tlv.start; i < tlv.end; i++) {
    const byte = der[i]!;
    value = value * 128 + (byte & 0x7f);
    if (!(byte & 0x80)) {
      if (arcs.length === 0) arcs.push(value < 80 ? Math.floor(value / 40) : 2, value < 80 ? value % 40 : value - 80);
      else arcs.push(value);
      value = 0;
    }
  }
  return arcs.join('.');
}

/** A small non-negative INTEGER (versions, path lengths); larger ones come back as Infinity. */
export function smallInteger(der: Uint8Array, tlv: Tlv): number {
  if (tlv.tag !== 0x02) throw new DerError('expected an INTEGER');
  if (tlv.end - tlv.start > 6) return Infinity;
  let value = 0;
  for (let i = tlv.start; i < tlv.end; i++) value = value * 256 + der[i]!;
  return value;
}
