/**
 * Reads the ALPN values (and SNI) out of a TLS ClientHello, as Envoy's TLS inspector does before any chain is chosen
 * (RFC 8446 section 4.1.2 and 4.2; ALPN is extension 16, RFC 7301; SNI extension 0, RFC 6066). The hello may span
 * several records; Envoy gives up beyond 64 KiB. Pure.
 */

const HANDSHAKE_RECORD = 0x16;
const CLIENT_HELLO = 1;
const EXT_SNI = 0;
const EXT_ALPN = 16;
/** Envoy's default max_client_hello_size. */
export const MAX_CLIENT_HELLO = 64 * 1024;
const MAX_RECORD = 16384 + 2048;

export type HelloRead =
  | { status: 'need-more' }
  /** Not a ClientHello after all: Envoy's inspector then reports "tls_not_found" and the chains see raw bytes. */
  | { status: 'not-tls'; why: string }
  | { status: 'hello'; alpn: string[]; sni: string | null };

export function readClientHello(bytes: Buffer): HelloRead {
  const handshake: Buffer[] = [];
  let have = 0;
  let offset = 0;
  while (true) {
    if (have >= 4) {
      if (handshake[0]![0] !== CLIENT_HELLO) return { status: 'not-tls', why: 'the first handshake message is not a ClientHello' };
      const whole = Buffer.concat(handshake);
      const length = whole.readUIntBE(1, 3);
      if (length + 4 > MAX_CLIENT_HELLO) return { status: 'not-tls', why: 'the ClientHello is larger than 64 KiB' };
      if (whole.length >= length + 4) return parseHello(whole.subarray(4, 4 + length));
    }
    if (offset + 5 > bytes.length) return offset > MAX_CLIENT_HELLO ? { status: 'not-tls', why: 'no ClientHello within 64 KiB' } : { status: 'need-more' };
    if (bytes[offset] !== HANDSHAKE_RECORD) return { status: 'not-tls', why: `record type 0x${bytes[offset]!.toString(16)} is not a handshake` };
    if (bytes[offset + 1] !== 0x03) return { status: 'not-tls', why: 'the record version is not TLS' };
    const length = bytes.readUInt16BE(offset + 3);
    if (length === 0 || length > MAX_RECORD) return { status: 'not-tls', why: `a record length of ${length} bytes is not valid` };
    if (offset + 5 + length > bytes.length) return { status: 'need-more' };
    const payload = bytes.subarray(offset + 5, offset + 5 + length);
    handshake.push(payload);
    have += payload.length;
    offset += 5 + length;
  }
}

function parseHello(body: Buffer): HelloRead {
  const bad: HelloRead = { status: 'not-tls', why: 'the ClientHello is malformed' };
  let at = 2 + 32; // legacy_version, random
  if (at + 1 > body.length) return bad;
  at += 1 + body[at]!; // legacy_session_id
  if (at + 2 > body.length) return bad;
  at += 2 + body.readUInt16BE(at); // cipher_suites
  if (at + 1 > body.length) return bad;
  at += 1 + body[at]!; // legacy_compression_methods
  if (at > body.length) return bad;
  const result: { alpn: string[]; sni: string | null } = { alpn: [], sni: null };
  if (at === body.length) return { status: 'hello', ...result }; // no extensions at all
  if (at + 2 > body.length) return bad;
  const end = at + 2 + body.readUInt16BE(at);
  if (end > body.length) return bad;
  at += 2;
  while (at + 4 <= end) {
    const type = body.readUInt16BE(at);
    const length = body.readUInt16BE(at + 2);
    const data = body.subarray(at + 4, at + 4 + length);
    if (data.length !== length) return bad;
    if (type === EXT_ALPN) {
      const alpn = readAlpn(data);
      if (!alpn) return bad;
      result.alpn = alpn;
    } else if (type === EXT_SNI) {
      result.sni = readSni(data);
    }
    at += 4 + length;
  }
  return { status: 'hello', ...result };
}

function readAlpn(data: Buffer): string[] | null {
  if (data.length < 2 || data.readUInt16BE(0) !== data.length - 2) return null;
  const out: string[] = [];
  for (let at = 2; at < data.length; ) {
    const length = data[at]!;
    if (length === 0 || at + 1 + length > data.length) return null;
    out.push(data.subarray(at + 1, at + 1 + length).toString('latin1'));
    at += 1 + length;
  }
  return out;
}

function readSni(data: Buffer): string | null {
  // server_name_list: u16 length, then entries of type (0 = host_name), u16 length, name.
  if (data.length < 5 || data[2] !== 0) return null;
  const length = data.readUInt16BE(3);
  return data.length >= 5 + length ? data.subarray(5, 5 + length).toString('latin1') : null;
}
