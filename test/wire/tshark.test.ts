/**
 * Checked against Wireshark, not against ourselves: every lab scenario, exported as a pcap with its key log,
 * decodes in tshark to the same records and messages, in the same order, as in our decoder; and our names for
 * cipher suites, groups, signature schemes, extensions, alerts and handshake types are Wireshark's too.
 * Skipped, with a note in the test name, where tshark is not installed (apt-get install tshark).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createLabPki } from '../../src/lab/lab-pki.js';
import { opensslSupport } from '../../src/lab/openssl-server.js';
import { runScenarios } from '../../src/lab/runner.js';
import { SCENARIO_IDS } from '../../src/lab/scenarios.js';
import type { ServerKind, TlsVersion } from '../../src/lab/types.js';
import { decodeCapture } from '../../src/wire/decode.js';
import { formatKeyLog } from '../../src/wire/keylog.js';
import { pcapClientPorts, pcapFile } from '../../src/wire/pcap.js';
import { ALERT_DESCRIPTIONS, CIPHER_SUITES, EXTENSIONS, GROUPS, HANDSHAKE_TYPES, SIGNATURE_SCHEMES } from '../../src/wire/registry.js';
import type { DecodedMessage, WireCapture } from '../../src/wire/types.js';

const tshark = spawnSync('tshark', ['--version'], { encoding: 'utf8', timeout: 20_000 }).status === 0;
const note = tshark ? '' : ' (skipped: tshark is not installed; apt-get install tshark)';
const dir = mkdtempSync(join(tmpdir(), 'mtls-tutor-tshark-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Our decode as tokens: handshake types, alert codes, ChangeCipherSpec, application data; plain text is not TLS. */
function ourTokens(messages: DecodedMessage[]): string[] {
  return messages.flatMap((m) => {
    if (m.record === 'handshake') return [`${m.from} hs${parseInt(m.bytes.slice(0, 2), 16)}`];
    if (m.record === 'alert') return [`${m.from} alert${String(m.fields['code'])}`];
    if (m.record === 'change_cipher_spec') return [`${m.from} ccs`];
    if (m.record === 'application_data') return [`${m.from} app`];
    return [];
  });
}

const asList = <T,>(value: T | T[] | undefined): T[] => (value === undefined ? [] : Array.isArray(value) ? value : [value]);
type Json = { [key: string]: unknown };

/** tshark's decode of the pcap as tokens per connection (keyed by the client's port). */
function tsharkTokens(pcap: string, keylog: string, clientPorts: Set<number>): Map<number, string[]> {
  const run = spawnSync('tshark', ['-r', pcap, '-o', `tls.keylog_file:${keylog}`, '-T', 'json', '--no-duplicate-keys'], { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024, timeout: 120_000 });
  expect(run.status, run.stderr).toBe(0);
  const byConnection = new Map<number, string[]>();
  for (const frame of JSON.parse(run.stdout) as { _source: { layers: Json } }[]) {
    const layers = frame._source.layers;
    const tcp = layers['tcp'] as Json | undefined;
    if (!tcp || !layers['tls']) continue;
    const source = Number(tcp['tcp.srcport']);
    const destination = Number(tcp['tcp.dstport']);
    const clientPort = clientPorts.has(source) ? source : destination;
    const from = clientPorts.has(source) ? 'client' : 'server';
    const tokens = byConnection.get(clientPort) ?? [];
    byConnection.set(clientPort, tokens);
    for (const tls of asList(layers['tls'] as Json | Json[])) {
      if (typeof tls !== 'object') continue;
      for (const record of asList(tls['tls.record'] as Json | Json[])) {
        if (typeof record !== 'object') continue;
        const type = record['tls.record.content_type'];
        if (type === '22') for (const handshake of asList(record['tls.handshake'] as Json | Json[])) tokens.push(`${from} hs${String((handshake as Json)['tls.handshake.type'])}`);
        else if (type === '21') tokens.push(`${from} alert${String((record['tls.alert_message'] as Json | undefined)?.['tls.alert_message.desc'])}`);
        else if (type === '20') tokens.push(`${from} ccs`);
        else if (type === '23') tokens.push(`${from} app`);
        else tokens.push(`${from} type${String(type)}`);
      }
    }
  }
  return byConnection;
}

const servers: ServerKind[] = opensslSupport().ok ? ['node', 'openssl'] : ['node'];

describe.skipIf(!tshark)(`tshark${note}`, () => {
  it.each(servers)(`every scenario, TLS 1.2 and 1.3, %s server: the pcap and key log decode in tshark to our message list${note}`, async (server) => {
    const pki = createLabPki();
    const captures: { label: string; capture: WireCapture }[] = [];
    for (const tls of ['1.2', '1.3'] as TlsVersion[]) {
      await runScenarios(SCENARIO_IDS, { pki, tls, server, capture: (id, step, capture) => captures.push({ label: `${id} TLS ${tls} step ${step + 1}`, capture }) });
    }
    const pcap = join(dir, `${server}.pcap`);
    const keylog = join(dir, `${server}.keys`);
    writeFileSync(pcap, pcapFile(captures.map((c) => c.capture)));
    writeFileSync(keylog, formatKeyLog(captures.flatMap((c) => c.capture.keylog)));
    const ports = pcapClientPorts(captures.map((c) => c.capture));
    const theirs = tsharkTokens(pcap, keylog, new Set(ports));
    let compared = 0;
    for (const [index, { label, capture }] of captures.entries()) {
      const ours = ourTokens(decodeCapture(capture).messages);
      expect(theirs.get(ports[index]!) ?? [], label).toEqual(ours);
      compared += ours.length;
    }
    expect(compared).toBeGreaterThan(captures.length * 5);
  }, 120_000);

  it(`names code points as Wireshark does${note}`, () => {
    const run = spawnSync('tshark', ['-G', 'values'], { encoding: 'utf8', maxBuffer: 512 * 1024 * 1024, timeout: 120_000 });
    const table = (field: string) => {
      const values = new Map<number, string>();
      for (const line of run.stdout.split('\n')) {
        const [kind, name, value, text] = line.split('\t');
        if (kind === 'V' && name === field && value !== undefined && text !== undefined) values.set(Number(value), text);
      }
      expect(values.size, field).toBeGreaterThan(5);
      return values;
    };
    const compare = (ours: Record<number, string>, field: string, normalise: (s: string) => string = (s) => s, newer: number[] = []) => {
      const theirs = table(field);
      let matched = 0;
      for (const [value, name] of Object.entries(ours)) {
        const other = newer.includes(Number(value)) ? undefined : theirs.get(Number(value));
        if (other === undefined) continue; // newer than this Wireshark
        expect(normalise(other), `${field} ${value}`).toBe(normalise(name));
        matched++;
      }
      expect(matched, field).toBeGreaterThan(Object.keys(ours).length / 2);
    };
    compare(CIPHER_SUITES, 'tls.handshake.ciphersuite');
    compare(SIGNATURE_SCHEMES, 'tls.handshake.sig_hash_alg');
    compare(EXTENSIONS, 'tls.handshake.extension.type', (s) => s.replace(/s$/, ''));
    // 0x0200-0x0202 were experimental FrodoKEM numbers in Wireshark 4.0's table; IANA has since given them to ML-KEM.
    compare(GROUPS, 'tls.handshake.extensions_supported_group', (s) => s.toLowerCase(), [0x0200, 0x0201, 0x0202]);
    // Wireshark writes alerts and handshake types as words ("Certificate Expired", "Client Hello").
    compare(ALERT_DESCRIPTIONS, 'tls.alert_message.desc', (s) => s.toLowerCase().replace(/[_ ]/g, ''));
    compare(HANDSHAKE_TYPES, 'tls.handshake.type', (s) => s.toLowerCase().replace(/[_ ]/g, ''));
  }, 120_000);
});
