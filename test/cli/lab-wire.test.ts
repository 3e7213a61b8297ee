/**
 * `mtls-tutor lab run --wire [--json] [--pcap FILE --keylog FILE] [--force]`: what scripts rely on — the exact
 * JSON shape of each message and where it sits in the result — and the files, which are never overwritten
 * without --force.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { bufferIo, UsageError, UserError } from '../../src/cli/io.js';
import { run } from '../../src/cli/lab.js';
import { opensslSupport } from '../../src/lab/openssl-server.js';

const dir = mkdtempSync(join(tmpdir(), 'mtls-tutor-wire-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

interface Message {
  t: number;
  from: string;
  record: string;
  encrypted: boolean;
  type: string;
  fields: Record<string, unknown>;
  bytes: string;
}
interface Step {
  label: string;
  wire?: Message[];
}
interface Scenario extends Step {
  id: string;
  tls: string;
  server: string;
  steps?: Step[];
}

async function runJson(...argv: string[]): Promise<{ code: number; scenarios: Scenario[]; stderr: string }> {
  const io = bufferIo();
  const code = await run(['run', ...argv, '--json'], io);
  return { code, scenarios: (JSON.parse(io.stdout) as { scenarios: Scenario[] }).scenarios, stderr: io.stderr };
}

const kinds = (wire: Message[]) => wire.map((m) => `${m.from} ${m.type}${m.encrypted ? '*' : ''}`);

describe('lab run --wire --json', () => {
  it('puts a `wire` array on the result, each message exactly {t, from, record, encrypted, type, fields, bytes}', async () => {
    const { code, scenarios } = await runJson('no-client-cert', '--wire', '--tls', 'both');
    expect(code).toBe(0);
    for (const scenario of scenarios) {
      expect(scenario.wire!.length).toBeGreaterThan(5);
      for (const message of scenario.wire!) {
        expect(Object.keys(message)).toEqual(['t', 'from', 'record', 'encrypted', 'type', 'fields', 'bytes']);
        expect(['client', 'server']).toContain(message.from);
        expect(['handshake', 'alert', 'change_cipher_spec', 'application_data']).toContain(message.record);
        expect(message.bytes).toMatch(/^([0-9a-f]{2})+$/);
        expect(typeof message.t).toBe('number');
      }
    }
    const [tls12, tls13] = scenarios as [Scenario, Scenario];
    // TLS 1.2: the client's empty Certificate in the clear, then the server's alert in the clear.
    expect(kinds(tls12.wire!)).toEqual([
      'client ClientHello',
      'server ServerHello',
      'server Certificate',
      'server ServerKeyExchange',
      'server CertificateRequest',
      'server ServerHelloDone',
      'client Certificate',
      'client ClientKeyExchange',
      'client ChangeCipherSpec',
      'client Finished*',
      'server Alert',
    ]);
    expect(tls12.wire!.at(-1)!.fields).toEqual({ level: 'fatal', description: 'handshake_failure', code: 40 });
    // TLS 1.3: the same refusal, encrypted, after the client has finished.
    expect(kinds(tls13.wire!).slice(-4)).toEqual(['client ChangeCipherSpec', 'client Certificate*', 'client Finished*', 'server Alert*']);
    expect(tls13.wire!.find((m) => m.from === 'client' && m.type === 'Certificate')!.fields).toMatchObject({ certificates: [], count: 0 });
    expect(tls13.wire!.at(-1)!.fields).toEqual({ level: 'fatal', description: 'certificate_required', code: 116 });
    const request = tls13.wire!.find((m) => m.type === 'CertificateRequest')!;
    expect(request.fields['certificate_authorities']).toEqual(['CN=mtls-tutor lab CA']);
    expect(request.bytes.slice(0, 2)).toBe('0d');
  });

  it('gives each step of a multi-step scenario its own wire, and the top level the last step’s', async () => {
    const { scenarios } = await runJson('ca-rotation', '--wire');
    const [rotation] = scenarios as [Scenario];
    expect(rotation.steps!.every((step) => step.wire!.length > 0)).toBe(true);
    expect(rotation.wire).toEqual(rotation.steps!.at(-1)!.wire);
    const caOf = (step: Step) => step.wire!.find((m) => m.type === 'CertificateRequest')!.fields['certificate_authorities'];
    expect(caOf(rotation.steps![0]!)).not.toEqual(caOf(rotation.steps![2]!));
  });

  it('without --wire, the result is as before: no wire key', async () => {
    const { scenarios } = await runJson('good');
    expect(scenarios[0]).not.toHaveProperty('wire');
  });

  it.skipIf(!opensslSupport().ok)('--server openssl: the alert s_server sends is on the wire, from the server', async () => {
    const { scenarios } = await runJson('expired-client-cert', '--wire', '--server', 'openssl', '--tls', 'both');
    for (const scenario of scenarios) {
      const alert = scenario.wire!.find((m) => m.type === 'Alert' && m.from === 'server')!;
      expect(alert.fields['description'], scenario.tls).toBe('certificate_expired');
      expect(alert.encrypted, scenario.tls).toBe(scenario.tls === '1.3');
    }
  });
});

describe('lab run --wire (text)', () => {
  it('prints each message with its side, time and summary, and the TCP closes', async () => {
    const io = bufferIo();
    expect(await run(['run', 'good', '--wire'], io)).toBe(0);
    expect(io.stdout).toMatch(/wire \(TLS 1\.3, TLS_AES_\w+; \* sent encrypted/);
    expect(io.stdout).toMatch(/ms {2}← server {2}CertificateRequest \* +CAs it trusts: CN=mtls-tutor lab CA/);
    expect(io.stdout).toMatch(/ms {2}client → {2}Certificate \* +CN=/);
    expect(io.stdout).toMatch(/TCP FIN/);
  });
});

describe('lab run --pcap FILE --keylog FILE', () => {
  it('writes a pcap and an SSLKEYLOGFILE, and says how to open them', async () => {
    const pcap = join(dir, 'one.pcap');
    const keylog = join(dir, 'one.keys');
    const io = bufferIo();
    expect(await run(['run', 'good', 'no-client-cert', '--pcap', pcap, '--keylog', keylog], io)).toBe(0);
    const bytes = readFileSync(pcap);
    expect(bytes.readUInt32LE(0)).toBe(0xa1b2c3d4);
    expect(bytes.readUInt32LE(20)).toBe(1); // Ethernet
    const lines = readFileSync(keylog, 'utf8').trim().split('\n');
    expect(lines.length).toBeGreaterThanOrEqual(8);
    for (const line of lines) expect(line).toMatch(/^(CLIENT|SERVER)_(HANDSHAKE_TRAFFIC_SECRET|TRAFFIC_SECRET_0) [0-9a-f]{64} [0-9a-f]{64,96}$|^EXPORTER_SECRET /);
    expect(io.stdout).toContain(`Wrote ${pcap} (2 connections`);
    expect(io.stdout).toContain(`wireshark -r ${pcap} -o tls.keylog_file:${keylog}`);
  });

  it('refuses to overwrite either file without --force (exit 1, file untouched), and overwrites with it', async () => {
    const pcap = join(dir, 'kept.pcap');
    const keylog = join(dir, 'kept.keys');
    writeFileSync(pcap, 'mine');
    const error = await run(['run', 'good', '--pcap', pcap, '--keylog', keylog], bufferIo()).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UserError);
    expect((error as Error).message).toBe(`${pcap} already exists (--pcap); add --force to overwrite it`);
    expect(readFileSync(pcap, 'utf8')).toBe('mine');
    expect(existsSync(keylog)).toBe(false);
    expect(await run(['run', 'good', '--pcap', pcap, '--keylog', keylog, '--force'], bufferIo())).toBe(0);
    expect(readFileSync(pcap).readUInt32LE(0)).toBe(0xa1b2c3d4);
  });

  it('names the flag and the file when it cannot write, before running anything', async () => {
    const missing = join(dir, 'no-such-folder', 'x.pcap');
    const error = await run(['run', 'good', '--pcap', missing], bufferIo()).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UserError);
    expect((error as Error).message).toContain(`cannot write ${missing} (--pcap): the folder`);
    const same = await run(['run', 'good', '--pcap', join(dir, 'a'), '--keylog', join(dir, 'a')], bufferIo()).catch((e: unknown) => e);
    expect(same).toBeInstanceOf(UsageError);
  });

  it('with --json, keeps stdout pure JSON and says what it wrote on stderr', async () => {
    const { code, scenarios, stderr } = await runJson('good', '--pcap', join(dir, 'json.pcap'));
    expect(code).toBe(0);
    expect(scenarios).toHaveLength(1);
    expect(scenarios[0]).not.toHaveProperty('wire'); // --pcap alone captures but does not print
    expect(stderr).toContain('json.pcap');
  });
});
