/**
 * Hello and handshake extensions (RFC 8446 §4.2, RFC 6066, RFC 7301, RFC 7627, RFC 8449...): each decoded into a
 * JSON value, with every byte annotated. The same extension reads differently in different messages (key_share
 * is a list in a ClientHello, one share in a ServerHello, a group in a HelloRetryRequest).
 */
import { Malformed, Reader, printable, toHex } from './bytes.js';
import { distinguishedName } from './certificates.js';
import {
  EC_POINT_FORMATS,
  EXTENSIONS,
  GROUPS,
  PSK_MODES,
  SIGNATURE_SCHEMES,
  VERSIONS,
  extensionName,
  groupName,
  labelled,
  nameOf,
  schemeName,
  versionName,
} from './registry.js';
import type { FieldValue } from './types.js';

export type ExtensionContext =
  | 'client_hello'
  | 'server_hello'
  | 'hello_retry_request'
  | 'encrypted_extensions'
  | 'certificate_request'
  | 'certificate'
  | 'new_session_ticket';

const COMPRESSION_ALGORITHMS: Record<number, string> = { 1: 'zlib', 2: 'brotli', 3: 'zstd' };

const group = (n: number) => labelled(GROUPS, n);
const scheme = (n: number) => labelled(SIGNATURE_SCHEMES, n);
const version = (n: number) => labelled(VERSIONS, n);

/** Reads one extension's data (already framed to its length) as a JSON value. */
function readExtension(type: number, r: Reader, context: ExtensionContext): FieldValue {
  if (r.done && type !== 41 && type !== 51) return true; // an empty extension says "yes": EMS, post_handshake_auth, an SNI acknowledgement...
  switch (type) {
    case 0: {
      const names: string[] = [];
      const list = r.vector(2, 'server_name_list');
      while (!list.done) {
        const kind = list.u8('name_type', (n) => (n === 0 ? 'host_name (0)' : String(n)));
        const name = list.opaque(2, 'host_name', (b) => JSON.stringify(b.toString('latin1')));
        names.push(kind === 0 ? name.toString('latin1') : toHex(name));
      }
      return names.length === 1 ? (names[0] as string) : names;
    }
    case 1:
      return 2 ** (8 + r.u8('max_fragment_length', (n) => `2^${8 + n} bytes`));
    case 10:
      return r.list16(2, 'named_group_list', group).map(groupName);
    case 11:
      return r.list8(1, 'ec_point_format_list', (n) => labelled(EC_POINT_FORMATS, n, 'dec')).map((n) => nameOf(EC_POINT_FORMATS, n, 'dec'));
    case 13:
    case 50:
      return r.list16(2, 'supported_signature_algorithms', scheme).map(schemeName);
    case 16: {
      const protocols: string[] = [];
      const list = r.vector(2, 'protocol_name_list');
      while (!list.done) protocols.push(list.opaque(1, 'protocol_name', (b) => JSON.stringify(b.toString('latin1'))).toString('latin1'));
      return protocols;
    }
    case 27:
      return r.list16(1, 'algorithms', (n) => labelled(COMPRESSION_ALGORITHMS, n)).map((n) => nameOf(COMPRESSION_ALGORITHMS, n));
    case 28:
      return r.u16('record_size_limit');
    case 42:
      return context === 'new_session_ticket' ? r.u32('max_early_data_size') : true;
    case 43:
      if (context === 'client_hello') return r.list16(1, 'versions', version).map(versionName);
      return versionName(r.u16('selected_version', version));
    case 44:
      return `${r.opaque(2, 'cookie').length} bytes`;
    case 45:
      return r.list8(1, 'ke_modes', (n) => labelled(PSK_MODES, n, 'dec')).map((n) => nameOf(PSK_MODES, n, 'dec'));
    case 47: {
      const names: FieldValue[] = [];
      const list = r.vector(2, 'authorities');
      while (!list.done) names.push(distinguishedName(list.opaque(2, 'DistinguishedName', (b) => distinguishedName(b) ?? 'malformed name')) ?? 'malformed name');
      return names;
    }
    case 41:
      if (context === 'server_hello') return { selected_identity: r.u16('selected_identity') };
      {
        const identities = r.vector(2, 'identities');
        let count = 0;
        while (!identities.done) {
          identities.opaque(2, 'identity');
          identities.u32('obfuscated_ticket_age');
          count++;
        }
        r.vector(2, 'binders').rest('binder entries');
        return { identities: count };
      }
    case 51:
      if (context === 'hello_retry_request') return groupName(r.u16('selected_group', group));
      if (context === 'server_hello') {
        const named = r.u16('group', group);
        const key = r.opaque(2, 'key_exchange');
        return { group: groupName(named), key_exchange_length: key.length };
      }
      {
        const shares: FieldValue[] = [];
        const list = r.vector(2, 'client_shares');
        while (!list.done) {
          const named = list.u16('group', group);
          const key = list.opaque(2, 'key_exchange');
          shares.push({ group: groupName(named), key_exchange_length: key.length });
        }
        return shares;
      }
    case 65281:
      return r.opaque(1, 'renegotiated_connection', (b) => (b.length === 0 ? 'empty: a first handshake' : `${b.length} bytes`)).length === 0 ? 'initial handshake' : 'renegotiation';
    case 5:
      if (context === 'client_hello') {
        const kind = r.u8('status_type', (n) => (n === 1 ? 'ocsp (1)' : String(n)));
        r.rest('request');
        return kind === 1 ? 'ocsp' : `status_type ${kind}`;
      }
      return `${r.rest('response').length} bytes`;
    case 21:
      return `${r.rest('padding').length} bytes`;
    default:
      return `${r.rest('data', (b) => `${b.length} bytes${b.length > 0 && b.length <= 32 ? `: ${printable(b, 32)}` : ''}`).length} bytes`;
  }
}

/**
 * An extensions block (uint16 length, then extensions) as `{ name: value }` in wire order. A malformed extension
 * gets a "malformed: ..." value and reading goes on with the next (its length still frames it); a malformed frame
 * throws Malformed.
 */
export function readExtensions(r: Reader, context: ExtensionContext): { [name: string]: FieldValue } {
  const values: { [name: string]: FieldValue } = {};
  const list = r.vector(2, 'extensions');
  while (!list.done) {
    const start = list.pos;
    if (list.remaining < 4) {
      list.rest('truncated extension header');
      throw new Malformed('extensions: a truncated extension header');
    }
    const type = list.buf.readUInt16BE(start);
    const length = list.buf.readUInt16BE(start + 2);
    const end = Math.min(start + 4 + length, list.end);
    let name = extensionName(type);
    while (name in values) name = `${name} (again)`;
    list.mark(`extension ${name}`, start, end);
    const head = new Reader(list.buf, list.spans, start, end, list.depth + 1);
    head.u16('type', (n) => labelled(EXTENSIONS, n));
    head.u16('length');
    if (start + 4 + length > list.end) {
      list.pos = list.end;
      values[name] = `malformed: announces ${length} bytes, ${list.end - start - 4} left`;
      throw new Malformed(`extension ${name}: announces ${length} bytes, ${list.end - start - 4} left`);
    }
    const body = new Reader(list.buf, list.spans, start + 4, end, list.depth + 1);
    try {
      values[name] = readExtension(type, body, context);
      if (!body.done) body.rest('unexpected trailing bytes');
    } catch (error) {
      if (!(error instanceof Malformed)) throw error;
      values[name] = `malformed: ${error.message}`;
    }
    list.pos = end;
  }
  return values;
}

