/**
 * Reading TLS's wire structures (RFC 8446 §3: big-endian integers, vectors with 1-3 byte length prefixes) with
 * bounds checks and a note of what each byte range means, for the annotated hex view. Reading past the end
 * throws Malformed, which the decoder turns into a message marked malformed: bad input never escapes as a crash.
 */
import type { Span } from './types.js';

export class Malformed extends Error {}

export const toHex = (bytes: Uint8Array): string => Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('hex');

export const fromHex = (hex: string): Buffer => Buffer.from(hex.replace(/[^0-9a-fA-F]/g, ''), 'hex');

/** "0x1301" */
export const hex16 = (n: number): string => `0x${n.toString(16).padStart(4, '0')}`;

/** Printable ASCII of some bytes, other bytes as '.', cut to `max` characters. */
export function printable(bytes: Uint8Array, max = 80): string {
  let out = '';
  for (const byte of bytes.subarray(0, max)) out += byte >= 0x20 && byte < 0x7f ? String.fromCharCode(byte) : byte === 0x0a ? '\\n' : byte === 0x0d ? '\\r' : '.';
  return bytes.length > max ? `${out}…` : out;
}

/**
 * A cursor over `buf[start, end)`. Positions are indices into `buf`, so every span of a message (read by readers
 * nested inside one another) is an offset into the same message bytes.
 */
export class Reader {
  pos: number;

  constructor(
    readonly buf: Buffer,
    readonly spans: Span[] = [],
    start = 0,
    readonly end = buf.length,
    readonly depth = 0,
  ) {
    this.pos = start;
  }

  get remaining(): number {
    return this.end - this.pos;
  }

  get done(): boolean {
    return this.pos >= this.end;
  }

  private need(n: number, label: string): void {
    if (n > this.remaining) throw new Malformed(`${label}: needs ${n} byte${n === 1 ? '' : 's'}, only ${this.remaining} left`);
  }

  /** Notes what `buf[start, end)` means. */
  mark(label: string, start: number, end: number, value?: string, depth = this.depth): void {
    this.spans.push({ start, end, depth, label, ...(value !== undefined ? { value } : {}) });
  }

  private int(size: 1 | 2 | 3 | 4, label: string, describe?: (n: number) => string): number {
    this.need(size, label);
    const value = this.buf.readUIntBE(this.pos, size);
    this.mark(label, this.pos, this.pos + size, describe ? describe(value) : String(value));
    this.pos += size;
    return value;
  }

  u8(label: string, describe?: (n: number) => string): number {
    return this.int(1, label, describe);
  }

  u16(label: string, describe?: (n: number) => string): number {
    return this.int(2, label, describe);
  }

  u24(label: string, describe?: (n: number) => string): number {
    return this.int(3, label, describe);
  }

  u32(label: string, describe?: (n: number) => string): number {
    return this.int(4, label, describe);
  }

  /** `n` raw bytes. */
  bytes(n: number, label: string, describe?: (b: Buffer) => string): Buffer {
    this.need(n, label);
    const value = this.buf.subarray(this.pos, this.pos + n);
    this.mark(label, this.pos, this.pos + n, describe ? describe(value) : `${n} byte${n === 1 ? '' : 's'}`);
    this.pos += n;
    return value;
  }

  /** Everything left. */
  rest(label: string, describe?: (b: Buffer) => string): Buffer {
    return this.bytes(this.remaining, label, describe);
  }

  /**
   * A vector with a `size`-byte length prefix: notes the whole vector as `label`, its length, and returns a reader
   * over its contents one level deeper. The caller reads the contents (and may check `done`).
   */
  vector(size: 1 | 2 | 3, label: string): Reader {
    this.need(size, `${label} length`);
    const start = this.pos;
    const length = this.buf.readUIntBE(this.pos, size);
    this.need(size + length, label);
    this.mark(label, start, start + size + length, undefined);
    this.mark('length', start, start + size, `${length}`, this.depth + 1);
    this.pos += size + length;
    return new Reader(this.buf, this.spans, start + size, start + size + length, this.depth + 1);
  }

  /** A vector read as opaque bytes. */
  opaque(size: 1 | 2 | 3, label: string, describe?: (b: Buffer) => string): Buffer {
    this.need(size, `${label} length`);
    const start = this.pos;
    const length = this.buf.readUIntBE(this.pos, size);
    this.need(size + length, label);
    const value = this.buf.subarray(start + size, start + size + length);
    this.mark(label, start, start + size + length, describe ? describe(value) : length === 0 ? 'empty' : `${length} byte${length === 1 ? '' : 's'}`);
    this.pos += size + length;
    return value;
  }

  /** A vector of 16-bit values (cipher suites, groups, signature schemes). */
  list16(size: 1 | 2, label: string, describe: (n: number) => string): number[] {
    const inner = this.vector(size, label);
    const values: number[] = [];
    while (inner.remaining >= 2) values.push(inner.u16('', describe));
    if (!inner.done) inner.rest('odd trailing byte');
    return values;
  }

  /** A vector of 8-bit values. */
  list8(size: 1 | 2, label: string, describe: (n: number) => string): number[] {
    const inner = this.vector(size, label);
    const values: number[] = [];
    while (!inner.done) values.push(inner.u8('', describe));
    return values;
  }
}
