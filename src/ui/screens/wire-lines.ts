/**
 * The wire view as styled rows (pure): a two-column sequence diagram (client on the left, server on the right) of
 * one handshake's records and messages in time order, the mutual half marked, the message where a check failed
 * marked with the check and what it means; and one message's fields and annotated bytes.
 */
import type { StepResult } from '../../lab/types.js';
import { ALERT_MEANINGS, PURPOSES, annotatedHex, summary } from '../../wire/describe.js';
import type { CapturedClose, DecodedMessage, FieldValue, WireDecode } from '../../wire/types.js';
import { cut, hanging, line, textOf, wrapped, type RichLine } from '../text/rich.js';
import { marks, theme } from '../theme.js';

/** A check that failed, on the message it is about. */
export interface WireMark {
  check: string;
  meaning: string;
}

/** Turns a TLS stack's code (CERT_HAS_EXPIRED, ERR_SSL_...) into a sentence (the lab's own wording). */
export type Meaning = (code: string) => string;

const MUTUAL = '◆';
const lastIndex = <T>(items: readonly T[], test: (item: T) => boolean) => {
  for (let i = items.length - 1; i >= 0; i--) if (test(items[i]!)) return i;
  return -1;
};

/** Which messages carry the mutual half: the server's CertificateRequest, then the client's Certificate and CertificateVerify. */
export function mutualLeg(messages: readonly DecodedMessage[]): Set<number> {
  const leg = new Set<number>();
  const request = messages.findIndex((m) => m.from === 'server' && m.type === 'CertificateRequest');
  if (request === -1) return leg;
  leg.add(request);
  messages.forEach((m, i) => {
    if (i > request && m.from === 'client' && (m.type === 'Certificate' || m.type === 'CertificateVerify')) leg.add(i);
  });
  return leg;
}

/** Where the handshake failed and which check said so, from what the TLS stacks reported and what the wire shows. */
export function failureMarks(step: StepResult, messages: readonly DecodedMessage[], meaning: Meaning): Map<number, WireMark> {
  const found = new Map<number, WireMark>();
  messages.forEach((m, i) => {
    if (m.type !== 'Alert' || m.fields['description'] === 'close_notify') return;
    const name = String(m.fields['description']);
    found.set(i, { check: `the ${m.from} sends the alert ${name} (${String(m.fields['code'])})`, meaning: ALERT_MEANINGS[name] ?? 'A fatal alert ends the connection.' });
  });
  const clientCertificate = lastIndex(messages, (m) => m.from === 'client' && m.type === 'Certificate');
  const serverCertificate = lastIndex(messages, (m) => m.from === 'server' && m.type === 'Certificate');
  if (step.authorizationError && clientCertificate !== -1)
    found.set(clientCertificate, { check: `the server's check of this certificate: ${step.authorizationError}`, meaning: sentence(meaning(step.authorizationError)) });
  else if (step.serverError?.code === 'ERR_SSL_PEER_DID_NOT_RETURN_A_CERTIFICATE' && clientCertificate !== -1)
    found.set(clientCertificate, { check: 'the server requires a certificate and this one is empty', meaning: sentence(meaning(step.serverError.code)) });
  if (step.clientAuthorizationError && serverCertificate !== -1)
    found.set(serverCertificate, { check: `the client's check of this certificate: ${step.clientAuthorizationError}`, meaning: sentence(meaning(step.clientAuthorizationError)) });
  const plain = messages.findIndex((m) => m.type === 'PlainText' && m.from === 'client');
  if (plain !== -1) found.set(plain, { check: 'the server expected a TLS ClientHello', meaning: sentence(meaning('ERR_SSL_HTTP_REQUEST')) });
  return found;
}

const sentence = (text: string) => (text ? `${text[0]!.toUpperCase()}${text.slice(1)}${/[.!?]$/.test(text) ? '' : '.'}` : text);

/** A row of the diagram: a message or a TCP close, in time order. */
type Row = { kind: 'message'; index: number; message: DecodedMessage } | { kind: 'close'; close: CapturedClose };

function rowsOf(decode: WireDecode): Row[] {
  const rows: (Row & { t: number; order: number })[] = [
    ...decode.messages.map((message, index) => ({ kind: 'message' as const, index, message, t: message.t, order: index })),
    ...decode.closes.map((close, i) => ({ kind: 'close' as const, close, t: close.t, order: decode.messages.length + i })),
  ];
  return rows.sort((a, b) => a.t - b.t || a.order - b.order);
}

/** The arrow of one row, `width` wide: the client's label at the left pointing right, the server's at the right pointing left. */
function arrow(label: string, from: 'client' | 'server', fill: string, width: number): string {
  const room = Math.max(4, width - 3);
  const text = label.length > room ? `${label.slice(0, room - 1)}…` : label;
  const shaft = fill.repeat(Math.max(1, width - text.length - 2));
  return from === 'client' ? `${text} ${shaft}${fill === '┄' ? '▷' : '▶'}` : `${fill === '┄' ? '◁' : '◀'}${shaft} ${text}`;
}

export interface SequenceInput {
  decode: WireDecode;
  step: StepResult;
  width: number;
  /** The highlighted message (index into decode.messages), or null when this diagram does not have the cursor. */
  selected: number | null;
  meaning: Meaning;
  /** Show each message's summary beside the diagram (wide terminals). */
  summaries: boolean;
  /** The lab's own explanation of what happened, shown under the diagram. */
  explanation?: string;
}

export interface SequenceLines {
  lines: RichLine[];
  /** The line each message starts on, by message index. */
  messageLine: number[];
}

/** The sequence diagram of one handshake, with a heading, the failure marks and a legend. */
export function sequenceLines({ decode, step, width, selected, meaning, summaries, explanation }: SequenceInput): SequenceLines {
  const lead = 11; // cursor (2) + time (7) + mark (2)
  // With summaries beside it the diagram takes at most half the row (and 52 columns), the words the rest.
  const diagram = Math.max(16, summaries ? Math.min(52, Math.floor((width - lead) / 2)) : width - lead);
  const leg = mutualLeg(decode.messages);
  const failures = failureMarks(step, decode.messages, meaning);
  const lines: RichLine[] = [];
  const messageLine: number[] = [];
  const heading = decode.version ? `TLS ${decode.version}${decode.cipherSuite ? ` · ${decode.cipherSuite}` : ''}` : 'No TLS handshake on the wire';
  lines.push(...wrapped(heading, width, { bold: true }));
  lines.push([{ text: `${' '.repeat(2)}${'ms'.padStart(6)}   ` }, { text: 'client'.padEnd(diagram - 6), color: theme.accent }, { text: 'server', color: theme.key }, ...(summaries ? [{ text: '  what it carries', color: theme.muted }] : [])]);
  for (const row of rowsOf(decode)) {
    if (row.kind === 'close') {
      const text = arrow(`TCP ${row.close.how === 'fin' ? 'FIN' : 'RST'}`, row.close.from, '┄', diagram);
      const note = row.close.how === 'fin' ? `the ${row.close.from} closes its side` : `the ${row.close.from} resets the connection`;
      lines.push(cut([{ text: `  ${row.close.t.toFixed(1).padStart(6)}   ` }, { text, color: theme.muted }, ...(summaries ? [{ text: `  ${note}`, color: theme.muted }] : [])], width)[0]!);
      continue;
    }
    const { index, message } = row;
    messageLine[index] = lines.length;
    const failure = failures.get(index);
    const mark = failure ? `${marks.fail} ` : leg.has(index) ? `${MUTUAL} ` : '  ';
    const isSelected = selected === index;
    const label = message.type;
    const text = arrow(label, message.from, message.encrypted ? '═' : '─', diagram);
    const color = failure ? theme.bad : leg.has(index) ? theme.warn : message.from === 'client' ? theme.accent : theme.key;
    const cells: RichLine = [
      { text: isSelected ? `${marks.pointer} ` : '  ', bold: true },
      { text: `${message.t.toFixed(1).padStart(6)} `, color: theme.muted },
      { text: mark, color: failure ? theme.bad : theme.warn, bold: true },
      { text, color, bold: isSelected },
    ];
    if (summaries) cells.push({ text: `  ${summary(message)}`, color: theme.muted });
    lines.push(cut(cells, width)[0]!);
    if (failure) {
      lines.push(...hanging([{ text: ' '.repeat(lead) }, { text: `${marks.fail} `, color: theme.bad }], failure.check, width, { color: theme.bad }));
      lines.push(...hanging([{ text: ' '.repeat(lead + 2) }], failure.meaning, width, { color: theme.muted }));
    }
  }
  lines.push(line(''));
  lines.push(...wrapped('─ sent in the clear · ═ sent encrypted, shown decrypted with the session keys · ┄ TCP', width, { color: theme.muted }));
  if (leg.size > 0) lines.push(...wrapped(`${MUTUAL} the mutual half: the server's CertificateRequest, then the client's Certificate and CertificateVerify.`, width, { color: theme.warn }));
  const serverAlert = decode.messages.some((m) => m.from === 'server' && m.type === 'Alert' && m.fields['level'] === 'fatal');
  if (step.rejectedBy === 'server' && !serverAlert && decode.messages.some((m) => m.type !== 'PlainText'))
    lines.push(...wrapped("No alert from the server: Node's server checks the client certificate after the handshake and just closes the connection (the TCP rows). Press o on the result to see openssl s_server, which answers with an alert.", width, { color: theme.muted }));
  for (const note of decode.notes) lines.push(...wrapped(note, width, { color: theme.warn }));
  if (explanation) lines.push(line(''), line('What happened', { bold: true, color: theme.accent }), ...wrapped(explanation, width));
  return { lines, messageLine };
}

/** Two diagrams side by side, each `columnWidth` wide, with a gap. */
export function sideBySide(left: RichLine[], right: RichLine[], columnWidth: number, gap = 3): RichLine[] {
  const rows = Math.max(left.length, right.length);
  const out: RichLine[] = [];
  for (let i = 0; i < rows; i++) {
    const a = left[i] ?? [];
    const pad = ' '.repeat(Math.max(0, columnWidth - [...textOf(a)].length) + gap);
    out.push([...a, { text: pad }, ...(right[i] ?? [])]);
  }
  return out;
}

function fieldLines(name: string, value: FieldValue, width: number, depth: number): RichLine[] {
  const indent = '  '.repeat(depth);
  const key: RichLine = [{ text: `${indent}${name}: `, bold: depth === 0 }];
  if (value === null || typeof value !== 'object') return hanging(key, value === null ? '(none)' : String(value) === '' ? '(empty)' : String(value), width);
  if (Array.isArray(value)) {
    if (value.length === 0) return hanging(key, '(none)', width);
    if (value.every((v) => v === null || typeof v !== 'object')) return hanging(key, value.map(String).join(', '), width);
    return [line(`${indent}${name}:`, { bold: depth === 0 }), ...value.flatMap((item, i) => [line(`${indent}  ${i + 1}.`, { color: theme.muted }), ...objectLines(item, width, depth + 2)])];
  }
  return [line(`${indent}${name}:`, { bold: depth === 0 }), ...objectLines(value, width, depth + 1)];
}

function objectLines(value: FieldValue, width: number, depth: number): RichLine[] {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return hanging([{ text: '  '.repeat(depth) }], JSON.stringify(value), width);
  return Object.entries(value).flatMap(([name, v]) => fieldLines(name, v, width, depth));
}

const RECORD_NAMES: Record<number, string> = { 20: 'change_cipher_spec', 21: 'alert', 22: 'handshake', 23: 'application_data', 24: 'heartbeat' };

/** What the 5-byte record header says. */
function recordHeaderText(message: DecodedMessage): string {
  const header = Buffer.from(message.recordHeader, 'hex');
  if (header.length < 5) return `record header ${message.recordHeader || '(none)'}`;
  const type = RECORD_NAMES[header[0]!] ?? `type ${header[0]}`;
  const version = header.readUInt16BE(1);
  const versionText = version === 0x0303 ? 'TLS 1.2' : version === 0x0301 ? 'TLS 1.0' : `0x${version.toString(16).padStart(4, '0')}`;
  const inner = message.encrypted && header[0] === 23 && message.record !== 'application_data' ? ` (the real type, ${message.record}, is inside the encryption)` : '';
  return `record header ${[...header].map((b) => b.toString(16).padStart(2, '0')).join(' ')}: ${type}${inner}, legacy version ${versionText}, ${header.readUInt16BE(3)} bytes`;
}

/** One message: what it carries, the failed check on it, its fields, and its bytes with every field annotated. */
export function messageDetailLines(message: DecodedMessage, mark: WireMark | undefined, width: number): RichLine[] {
  const out: RichLine[] = [...wrapped(summary(message), width, { bold: true })];
  const purpose = PURPOSES[message.type];
  if (purpose) out.push(...wrapped(purpose, width, { color: theme.muted }));
  if (mark) {
    out.push(...hanging([{ text: `${marks.fail} `, color: theme.bad }], mark.check, width, { color: theme.bad }));
    out.push(...hanging([{ text: '  ' }], mark.meaning, width, { color: theme.muted }));
  }
  const how = message.record === 'not_tls' ? 'not TLS at all' : message.encrypted ? (message.type === 'EncryptedRecord' ? 'encrypted, and not opened' : 'sent encrypted, opened with the session keys from the key log') : 'sent in the clear';
  out.push(line(''), ...wrapped(`From the ${message.from} at ${message.t.toFixed(1)} ms · ${message.record} record, ${how}.`, width, { color: theme.muted }));
  if (message.record !== 'not_tls') out.push(...wrapped(recordHeaderText(message), width, { color: theme.muted }));
  if (message.problem) out.push(...wrapped(`Problem: ${message.problem}`, width, { color: theme.warn }));
  out.push(line(''), line('Fields', { bold: true, color: theme.accent }));
  const entries = Object.entries(message.fields);
  if (entries.length === 0) out.push(line('  (none: the message is its type alone)', { color: theme.muted }));
  for (const [name, value] of entries) out.push(...fieldLines(name, value, width, 1));
  const size = message.bytes.length / 2;
  out.push(line(''), line(`Bytes (${size}), each field annotated`, { bold: true, color: theme.accent }));
  const perRow = width >= 100 ? 16 : 8;
  const hexWidth = perRow * 3 - 1;
  for (const row of annotatedHex(message, perRow, 3)) {
    const label = `${'  '.repeat(Math.min(row.depth, 4))}${row.label}${row.value !== undefined ? `${row.label ? ': ' : ''}${row.value}` : ''}`;
    const prefix: RichLine = [
      { text: `${row.offset.toString(16).padStart(4, '0')}  `, color: theme.muted },
      { text: `${row.hex.padEnd(hexWidth)}  `, color: theme.key },
    ];
    out.push(...hanging(prefix, label, width, row.hex === '' ? { bold: true } : {}));
  }
  return out;
}
