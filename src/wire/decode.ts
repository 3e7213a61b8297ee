/**
 * A captured connection, decoded: each side's byte stream cut into TLS records (RFC 8446 §5.1, RFC 5246 §6.2),
 * records opened with the logged secrets, handshake messages reassembled across records and decoded, everything
 * in the order it arrived. Pure and total: bytes that are not TLS, damaged records, records no key opens and
 * messages cut short all come out as messages saying so, never as an exception.
 *
 * TLS 1.3: a side's records are protected from its first record after the ServerHello (handshake traffic
 * secret) and switch to its application traffic secret after its own Finished; ChangeCipherSpec is only a
 * compatibility signal. TLS 1.2: a side's records are protected from its ChangeCipherSpec on, with keys from the
 * master secret and both randoms.
 */
import { createHash, type Hash } from 'node:crypto';
import { printable, toHex } from './bytes.js';
import { finishedVerifyData, finishedVerifyData12, keyBlock12, nextTrafficSecret, trafficKeys } from './key-schedule.js';
import { parseKeyLog, type ConnectionSecrets } from './keylog.js';
import { decodeHandshake, type HandshakeContext } from './messages.js';
import { open12, open13, type RecordKeys } from './record-protection.js';
import { ALERT_DESCRIPTIONS, ALERT_LEVELS, CIPHER_SUITES, alertName, cipherSuiteName, labelled, nameOf } from './registry.js';
import { suiteParams, type HashName, type SuiteParams } from './suites.js';
import type { DecodedMessage, FieldValue, RecordKind, Span, WireCapture, WireDecode, WireSide } from './types.js';

/** The most a record may announce: 2^14 plus the largest expansion either version allows. */
const MAX_RECORD = 16384 + 2048;

interface RawRecord {
  kind: 'record';
  from: WireSide;
  /** Index of the chunk that completed it (global arrival order), then its offset in that side's stream. */
  chunk: number;
  offset: number;
  t: number;
  header: Buffer;
  type: number;
  version: number;
  fragment: Buffer;
}

interface RawOther {
  kind: 'not_tls' | 'garbage' | 'truncated';
  from: WireSide;
  chunk: number;
  offset: number;
  t: number;
  bytes: Buffer;
  header?: Buffer;
}

type Unit = RawRecord | RawOther;

const looksLikeRecord = (b: Buffer, at: number) => {
  const type = b[at]!;
  return type >= 20 && type <= 24 && b[at + 1] === 3 && b[at + 2]! <= 4 && b.readUInt16BE(at + 3) <= MAX_RECORD;
};

/** One side's bytes cut into records, each stamped with the chunk that completed it. */
function recordsOf(capture: WireCapture, from: WireSide): Unit[] {
  const parts: Buffer[] = [];
  const ends: { end: number; chunk: number; t: number }[] = [];
  let total = 0;
  capture.chunks.forEach((chunk, index) => {
    if (chunk.from !== from || chunk.data.length === 0) return;
    parts.push(Buffer.from(chunk.data.buffer, chunk.data.byteOffset, chunk.data.byteLength));
    total += chunk.data.length;
    ends.push({ end: total, chunk: index, t: chunk.t });
  });
  const stream = Buffer.concat(parts);
  const units: Unit[] = [];
  let e = 0;
  const arrival = (end: number) => {
    while (e < ends.length - 1 && ends[e]!.end < end) e++;
    return ends[e]!;
  };
  let at = 0;
  while (at < stream.length) {
    if (stream.length - at < 5 || !looksLikeRecord(stream, at)) {
      // Not (or no longer) TLS: a plain-text client, a damaged stream, or a header cut short.
      const bytes = stream.subarray(at);
      const when = arrival(stream.length);
      const kind = at === 0 && !(stream.length < 5 && looksLikePrefix(bytes)) ? 'not_tls' : stream.length - at < 5 && looksLikePrefix(bytes) ? 'truncated' : 'garbage';
      units.push({ kind, from, chunk: when.chunk, offset: at, t: when.t, bytes });
      break;
    }
    const length = stream.readUInt16BE(at + 3);
    const end = at + 5 + length;
    if (end > stream.length) {
      const when = arrival(stream.length);
      units.push({ kind: 'truncated', from, chunk: when.chunk, offset: at, t: when.t, bytes: stream.subarray(at), header: stream.subarray(at, at + 5) });
      break;
    }
    const when = arrival(end);
    units.push({
      kind: 'record',
      from,
      chunk: when.chunk,
      offset: at,
      t: when.t,
      header: stream.subarray(at, at + 5),
      type: stream[at]!,
      version: stream.readUInt16BE(at + 1),
      fragment: stream.subarray(at + 5, end),
    });
    at = end;
  }
  return units;
}

/** Whether a few bytes could be the start of a record header. */
function looksLikePrefix(bytes: Buffer): boolean {
  if (bytes.length === 0) return false;
  if (bytes[0]! < 20 || bytes[0]! > 24) return false;
  return bytes.length < 2 || bytes[1] === 3;
}

/**
 * The running transcript hash (RFC 8446 §4.4.1). Its hash is known only once the ServerHello (or
 * HelloRetryRequest) names the suite: messages before that are kept and hashed then. After a HelloRetryRequest
 * the first ClientHello is replaced by a synthetic message_hash message.
 */
class Transcript {
  private pending: { bytes: Buffer; message: DecodedMessage }[] = [];
  private hash: Hash | undefined;
  hashName: HashName | undefined;
  closed = false;

  begin(hashName: HashName, retry: boolean): void {
    if (this.hash) {
      if (!retry) return;
    }
    this.hashName = hashName;
    this.hash = createHash(hashName);
    const earlier = this.pending;
    this.pending = [];
    if (retry && earlier.length > 0) {
      const first = createHash(hashName).update(earlier[0]!.bytes).digest();
      this.hash.update(Buffer.concat([Buffer.from([254, 0, 0, first.length]), first]));
      earlier[0]!.message.transcriptHash = this.hash.copy().digest('hex');
      earlier.shift();
    }
    for (const { bytes, message } of earlier) this.add(bytes, message);
  }

  add(bytes: Buffer, message: DecodedMessage): void {
    if (this.closed) return;
    if (!this.hash) {
      this.pending.push({ bytes, message });
      return;
    }
    this.hash.update(bytes);
    message.transcriptHash = this.hash.copy().digest('hex');
  }

  /** The hash of everything added so far, or undefined before the suite is known. */
  current(): Buffer | undefined {
    return this.hash?.copy().digest();
  }
}

interface KeyEpoch {
  label: string;
  secret: Buffer | undefined;
  keys: RecordKeys | null;
  seq: bigint;
}

interface SideState {
  /** TLS 1.3: the epochs this side will use, in order; TLS 1.2: one, from ChangeCipherSpec on. */
  epochs: KeyEpoch[];
  current: number;
  protectedFromNowOn: boolean;
  /** Handshake bytes waiting for the rest of their message, and the record they started in. */
  pending: Buffer;
  pendingRecord: { index: number; header: Buffer; encrypted: boolean } | null;
}

const RECORD_KIND: Record<number, RecordKind> = { 20: 'change_cipher_spec', 21: 'alert', 22: 'handshake', 23: 'application_data', 24: 'heartbeat' };

const ALERT_SENTENCE = (level: number) => labelled(ALERT_LEVELS, level, 'dec');

/** Decodes a capture; `keylog` lines beyond the capture's own may be given (e.g. the whole run's). */
export function decodeCapture(capture: WireCapture, extraKeylog: readonly string[] = []): WireDecode {
  const keylog = parseKeyLog([...capture.keylog, ...extraKeylog]);
  const units = [...recordsOf(capture, 'client'), ...recordsOf(capture, 'server')].sort((a, b) => a.chunk - b.chunk || a.offset - b.offset);
  const messages: DecodedMessage[] = [];
  const notes: string[] = [];
  const transcript = new Transcript();
  const sides: Record<WireSide, SideState> = {
    client: { epochs: [], current: 0, protectedFromNowOn: false, pending: Buffer.alloc(0), pendingRecord: null },
    server: { epochs: [], current: 0, protectedFromNowOn: false, pending: Buffer.alloc(0), pendingRecord: null },
  };
  let version: '1.2' | '1.3' | null = null;
  let suite: number | null = null;
  let params: SuiteParams | undefined;
  let clientRandom: Buffer | null = null;
  let serverRandom: Buffer | null = null;
  let secrets: ConnectionSecrets | undefined;
  let recordIndex = -1;

  const emit = (
    unit: { from: WireSide; t: number },
    record: RecordKind,
    encrypted: boolean,
    type: string,
    fields: { [key: string]: FieldValue },
    bytes: Buffer,
    spans: Span[],
    where: { index: number; header: Buffer },
    problem?: string,
  ): DecodedMessage => {
    const message: DecodedMessage = {
      t: unit.t,
      from: unit.from,
      record,
      encrypted,
      type,
      fields,
      bytes: toHex(bytes),
      spans,
      recordHeader: toHex(where.header),
      recordIndex: where.index,
      ...(problem ? { problem } : {}),
    };
    messages.push(message);
    return message;
  };

  const epoch = (label: string): KeyEpoch => {
    const secret = secrets?.get(label);
    const keys = secret && params?.aead ? { aead: params.aead, ...trafficKeys(params.hash, secret, params.keyLength, params.ivLength), tagLength: params.tagLength } : null;
    return { label, secret, keys, seq: 0n };
  };

  /** TLS 1.3 keys for both sides, once the ServerHello has named the suite. */
  const startTls13 = () => {
    sides.client.epochs = [epoch('CLIENT_HANDSHAKE_TRAFFIC_SECRET'), epoch('CLIENT_TRAFFIC_SECRET_0')];
    sides.server.epochs = [epoch('SERVER_HANDSHAKE_TRAFFIC_SECRET'), epoch('SERVER_TRAFFIC_SECRET_0')];
    for (const side of Object.values(sides)) {
      side.current = 0;
      side.protectedFromNowOn = true;
    }
  };

  /** TLS 1.2: the side's keys from its ChangeCipherSpec on. */
  const startTls12 = (from: WireSide) => {
    const master = secrets?.get('CLIENT_RANDOM');
    let keys: RecordKeys | null = null;
    if (master && params?.aead && clientRandom && serverRandom) {
      const block = keyBlock12(params.hash, master, clientRandom, serverRandom, params.keyLength, params.ivLength);
      keys = { aead: params.aead, ...block[from], tagLength: params.tagLength };
    }
    sides[from].epochs = [{ label: 'CLIENT_RANDOM', secret: master, keys, seq: 0n }];
    sides[from].current = 0;
    sides[from].protectedFromNowOn = true;
  };

  const whyClosed = (side: SideState): string => {
    if (!secrets) return 'no key: the key log has no secrets for this connection';
    if (params && !params.aead) return `not opened: ${cipherSuiteName(suite ?? 0)} is a CBC suite, which this decoder does not decrypt`;
    if (side.epochs.every((e) => !e.keys)) return 'no key: the key log lacks this direction’s secret';
    return 'did not decrypt with the logged keys (damaged, or keys for another connection)';
  };

  /** Verifies a Finished against the transcript, before the Finished itself is added to it. */
  const checkFinished = (from: WireSide, verifyData: string): string => {
    const hash = transcript.current();
    if (!hash || !params) return 'not checked: the cipher suite is not known';
    if (version === '1.3') {
      const base = secrets?.get(from === 'client' ? 'CLIENT_HANDSHAKE_TRAFFIC_SECRET' : 'SERVER_HANDSHAKE_TRAFFIC_SECRET');
      if (!base) return 'not checked: no handshake traffic secret in the key log';
      return finishedVerifyData(params.hash, base, hash).toString('hex') === verifyData ? 'matches the transcript' : 'does NOT match the transcript';
    }
    const master = secrets?.get('CLIENT_RANDOM');
    if (!master) return 'not checked: no master secret in the key log';
    return finishedVerifyData12(params.hash, master, from, hash).toString('hex') === verifyData ? 'matches the transcript' : 'does NOT match the transcript';
  };

  const onHandshake = (unit: RawRecord, side: SideState, content: Buffer, encrypted: boolean, header: Buffer) => {
    if (side.pending.length === 0) side.pendingRecord = { index: recordIndex, header, encrypted };
    side.pending = side.pending.length === 0 ? content : Buffer.concat([side.pending, content]);
    while (side.pending.length >= 4) {
      const length = side.pending.readUIntBE(1, 3);
      if (side.pending.length < 4 + length) break;
      const bytes = side.pending.subarray(0, 4 + length);
      side.pending = side.pending.subarray(4 + length);
      const where = side.pendingRecord ?? { index: recordIndex, header, encrypted };
      side.pendingRecord = side.pending.length > 0 ? { index: recordIndex, header, encrypted } : null;
      const context: HandshakeContext = { version, keyExchange: params?.keyExchange ?? null, from: unit.from };
      const decoded = decodeHandshake(bytes, context);
      if (decoded.type === 'Finished' && !decoded.problem) decoded.fields['verify_data_check'] = checkFinished(unit.from, String(decoded.fields['verify_data']));
      const message = emit(unit, 'handshake', where.encrypted, decoded.type, decoded.fields, bytes, decoded.spans, where, decoded.problem);
      afterHandshake(unit.from, bytes, message);
    }
  };

  /** What a handshake message changes: randoms, version and suite, keys, the transcript. */
  const afterHandshake = (from: WireSide, bytes: Buffer, message: DecodedMessage) => {
    const fields = message.fields;
    const postHandshake = version === '1.3' && (message.type === 'NewSessionTicket' || message.type === 'KeyUpdate');
    if (message.type === 'ClientHello' && !message.problem && typeof fields['random'] === 'string') {
      clientRandom = Buffer.from(fields['random'], 'hex');
      secrets = keylog.get(fields['random']);
    }
    if ((message.type === 'ServerHello' || message.type === 'HelloRetryRequest') && !message.problem) {
      suite = suiteNumber(String(fields['cipher_suite']));
      params = suite === null ? undefined : suiteParams(suite);
      if (params) transcript.begin(params.hash, message.type === 'HelloRetryRequest');
      if (message.type === 'ServerHello') {
        serverRandom = Buffer.from(String(fields['random']), 'hex');
        version = fields['selected_version'] === 'TLS 1.3' ? '1.3' : fields['selected_version'] === 'TLS 1.2' ? '1.2' : null;
      }
    }
    if (!postHandshake) transcript.add(bytes, message);
    if (message.type === 'ServerHello' && version === '1.3') startTls13();
    if (version === '1.3' && message.type === 'Finished') {
      const side = sides[from];
      side.current = Math.max(side.current, 1);
      if (from === 'client') transcript.closed = true;
    }
    if (version === '1.3' && message.type === 'KeyUpdate' && params) {
      const side = sides[from];
      const now = side.epochs[side.current];
      const next = now?.secret ? nextTrafficSecret(params.hash, now.secret) : undefined;
      const keys = next && params.aead ? { aead: params.aead, ...trafficKeys(params.hash, next, params.keyLength, params.ivLength), tagLength: params.tagLength } : null;
      side.epochs.push({ label: `${now?.label ?? 'TRAFFIC_SECRET'} (updated)`, secret: next, keys, seq: 0n });
      side.current = side.epochs.length - 1;
    }
  };

  const onContent = (unit: RawRecord, type: number, content: Buffer, encrypted: boolean) => {
    const side = sides[unit.from];
    const where = { index: recordIndex, header: unit.header };
    switch (type) {
      case 22:
        onHandshake(unit, side, content, encrypted, unit.header);
        return;
      case 21:
        for (let at = 0; at < content.length; at += 2) {
          const spans: Span[] = [];
          const alert = content.subarray(at, at + 2);
          if (alert.length < 2) {
            emit(unit, 'alert', encrypted, 'Alert', { malformed: 'a 1-byte alert' }, alert, [{ start: 0, end: 1, depth: 0, label: 'level' }], where, 'an alert needs 2 bytes');
            break;
          }
          spans.push({ start: 0, end: 1, depth: 0, label: 'level', value: ALERT_SENTENCE(alert[0]!) });
          spans.push({ start: 1, end: 2, depth: 0, label: 'description', value: labelled(ALERT_DESCRIPTIONS, alert[1]!, 'dec') });
          emit(unit, 'alert', encrypted, 'Alert', { level: nameOf(ALERT_LEVELS, alert[0]!, 'dec'), description: alertName(alert[1]!), code: alert[1]! }, alert, spans, where);
        }
        return;
      case 20: {
        const fields: { [key: string]: FieldValue } = { value: content[0] ?? null };
        if (version === '1.3') fields['note'] = 'TLS 1.3 middlebox compatibility: changes nothing';
        emit(unit, 'change_cipher_spec', encrypted, 'ChangeCipherSpec', fields, content, [{ start: 0, end: content.length, depth: 0, label: 'change_cipher_spec', value: String(content[0] ?? '') }], where, content.length === 1 && content[0] === 1 ? undefined : 'a ChangeCipherSpec must be the single byte 1');
        if (version === '1.2' && !encrypted) startTls12(unit.from);
        return;
      }
      case 23:
        emit(unit, 'application_data', encrypted, 'ApplicationData', { length: content.length, text: printable(content) }, content, [{ start: 0, end: content.length, depth: 0, label: 'application data', value: printable(content, 40) }], where);
        return;
      case 24:
        emit(unit, 'heartbeat', encrypted, 'Heartbeat', { length: content.length }, content, [{ start: 0, end: content.length, depth: 0, label: 'heartbeat message' }], where);
        return;
      default:
        emit(unit, 'unknown', encrypted, 'Unknown', { content_type: type, length: content.length }, content, [{ start: 0, end: content.length, depth: 0, label: `content of unknown type ${type}` }], where, `unknown record content type ${type}`);
    }
  };

  /** Opens a protected record, trying the side's current epoch, then later ones (a message we could not read may have switched keys). */
  const open = (unit: RawRecord, side: SideState): { type: number; content: Buffer } | null => {
    if (version === '1.2') {
      const current = side.epochs[0];
      if (!current?.keys || !params) return null;
      const seq = current.seq++;
      const plain = open12(current.keys, seq, unit.type, unit.version, unit.fragment, params.explicitNonce);
      return plain ? { type: unit.type, content: plain } : null;
    }
    for (let i = side.current; i < side.epochs.length; i++) {
      const candidate = side.epochs[i]!;
      if (!candidate.keys) continue;
      const opened = open13(candidate.keys, candidate.seq, unit.header, unit.fragment);
      if (opened) {
        candidate.seq++;
        side.current = i;
        return opened;
      }
    }
    const current = side.epochs[side.current];
    if (current) current.seq++;
    return null;
  };

  for (const unit of units) {
    if (unit.kind !== 'record') {
      recordIndex++;
      const where = { index: recordIndex, header: unit.header ?? unit.bytes.subarray(0, 5) };
      const spans: Span[] = [{ start: 0, end: unit.bytes.length, depth: 0, label: unit.kind === 'not_tls' ? 'not a TLS record' : 'undecodable bytes' }];
      if (unit.kind === 'not_tls') {
        const text = printable(unit.bytes);
        const http = /^(GET|POST|PUT|HEAD|DELETE|OPTIONS|PATCH|CONNECT) \S+ HTTP\/\d/.test(unit.bytes.toString('latin1', 0, 64));
        const httpReply = unit.bytes.toString('latin1', 0, 5) === 'HTTP/';
        emit(unit, 'not_tls', false, 'PlainText', { length: unit.bytes.length, text, looks_like: http ? 'an HTTP request' : httpReply ? 'an HTTP response' : 'not TLS' }, unit.bytes, spans, where);
      } else if (unit.kind === 'truncated') {
        const announced = unit.header ? unit.header.readUInt16BE(3) : null;
        const kind = RECORD_KIND[unit.bytes[0] ?? 0] ?? 'unknown';
        emit(unit, kind, false, 'TruncatedRecord', { announced_length: announced, received: Math.max(0, unit.bytes.length - 5) }, unit.bytes, spans, where, 'the connection ended in the middle of a record');
      } else {
        emit(unit, 'unknown', false, 'Unknown', { length: unit.bytes.length }, unit.bytes, spans, where, 'bytes that are not a TLS record header, after valid records');
      }
      continue;
    }
    recordIndex++;
    const side = sides[unit.from];
    const isProtected = side.protectedFromNowOn && (version === '1.2' || unit.type === 23);
    if (!isProtected) {
      onContent(unit, unit.type, unit.fragment, false);
      continue;
    }
    const opened = open(unit, side);
    if (opened) {
      onContent(unit, opened.type, opened.content, true);
      continue;
    }
    emit(
      unit,
      RECORD_KIND[unit.type] ?? 'unknown',
      true,
      'EncryptedRecord',
      { length: unit.fragment.length, reason: whyClosed(side) },
      unit.fragment,
      [{ start: 0, end: unit.fragment.length, depth: 0, label: 'encrypted record', value: `${unit.fragment.length} bytes` }],
      { index: recordIndex, header: unit.header },
    );
  }

  // Handshake bytes still waiting for the rest of their message when the connection ended.
  for (const from of ['client', 'server'] as const) {
    const side = sides[from];
    if (side.pending.length === 0) continue;
    const where = side.pendingRecord ?? { index: recordIndex, header: Buffer.alloc(0), encrypted: false };
    const last = [...units].reverse().find((u) => u.from === from);
    emit(
      { from, t: last?.t ?? 0 },
      'handshake',
      where.encrypted,
      'TruncatedRecord',
      { announced_length: side.pending.length >= 4 ? side.pending.readUIntBE(1, 3) : null, received: Math.max(0, side.pending.length - 4) },
      side.pending,
      [{ start: 0, end: side.pending.length, depth: 0, label: 'part of a handshake message' }],
      where,
      'the connection ended in the middle of a handshake message',
    );
  }

  if (clientRandom && !secrets) notes.push('The key log has no secrets for this connection: encrypted records are shown but not opened.');
  if (params && !params.aead) notes.push(`${cipherSuiteName(suite ?? 0)} is a CBC suite: its encrypted records are shown but not opened.`);
  return {
    version,
    cipherSuite: suite === null ? null : cipherSuiteName(suite),
    messages,
    closes: [...capture.closes].sort((a, b) => a.t - b.t),
    notes,
  };
}

/** The suite number back from its name (the ServerHello's fields carry names; unknown ones are "0x1234"). */
function suiteNumber(name: string): number | null {
  if (/^0x[0-9a-f]{4}$/.test(name)) return parseInt(name, 16);
  const found = Object.entries(CIPHER_SUITES).find(([, known]) => known === name);
  return found ? Number(found[0]) : null;
}
