/**
 * The probe against servers whose verification logic nobody here wrote: openssl s_server in three modes, a Node
 * https server left at rejectUnauthorized: false, `lab serve`, and nginx (when installed) with ssl_verify_client
 * on and optional_no_ca. A correct server passes every case; a lax one is caught on the cases it lets through.
 */
import { mkdtempSync, rmSync, writeFileSync, mkdirSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import tls from 'node:tls';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bufferIo } from '../../src/cli/io.js';
import { main } from '../../src/cli/main.js';
import { exportLab } from '../../src/lab/export.js';
import { opensslSupport } from '../../src/lab/openssl-server.js';
import { loadIdentities, type ProbeIdentities } from '../../src/probe/identities.js';
import { runProbe, type CaseResult, type ProbeReport } from '../../src/probe/probe.js';
import { makeSandbox, startCli } from '../lab/cli-process.js';
import { expectNoHandlesLeft, handleBaseline } from '../lab/handles.js';
import { freePort } from '../lab/ports.js';
import { nginxAvailable, startLaxNode, startNginx, startSilent, startSServer, type TestServer } from './servers.js';

const openssl = opensslSupport().ok;
const dir = mkdtempSync(join(tmpdir(), 'mtls-probe-pki-'));
let identities: ProbeIdentities;
beforeAll(async () => {
  await exportLab(dir, { force: true });
  identities = await loadIdentities(dir);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const noTui = async () => {
  throw new Error('the TUI must not start');
};

async function probe(server: TestServer, extra: Partial<Parameters<typeof runProbe>[0]> = {}): Promise<ProbeReport> {
  try {
    return await runProbe({ host: '127.0.0.1', port: server.port, versions: ['1.2', '1.3'], timeoutMs: 8000, identities, ...extra });
  } finally {
    await server.stop();
  }
}

const verdicts = (report: ProbeReport) => Object.fromEntries(report.cases.map((c) => [`${c.id}@${c.tls}`, c.verdict]));
const failing = (report: ProbeReport) => [...new Set(report.cases.filter((c) => c.verdict === 'fail').map((c) => c.id))].sort();
const byCase = (report: ProbeReport, id: string, version: '1.2' | '1.3') => report.cases.find((c) => c.id === id && c.tls === version) as CaseResult;

describe.skipIf(!openssl)('probe against openssl s_server', () => {
  it('-Verify 1 -verify_return_error: every case behaves as a correct mTLS server; the server is described', async () => {
    const before = await handleBaseline();
    const report = await probe(await startSServer(dir, ['-Verify', '1', '-verify_return_error']), { ca: { pem: identities.caPem, label: 'ca.crt' } });
    expect(failing(report)).toEqual([]);
    expect(report.ok).toBe(true);
    expect(report.summary.noVerdict).toBe(0);
    expect(byCase(report, 'no-certificate', '1.2').did).toBe('alert 40 handshake_failure during the handshake');
    expect(byCase(report, 'no-certificate', '1.3').did).toBe('alert 116 certificate_required after the handshake');
    expect(byCase(report, 'expired', '1.3').alert).toEqual({ name: 'certificate_expired', number: 45 });
    expect(byCase(report, 'key-mismatch', '1.2')).toMatchObject({ verdict: 'local', outcome: 'local' });
    expect(byCase(report, 'key-mismatch', '1.2').did).toMatch(/nothing sent: .*key values mismatch/);
    const server = report.server;
    expect(server.certificateRequest).toMatchObject({ tls12: true, tls13: true, caNames: ['CN=mtls-tutor lab CA'], listsProbeCa: true });
    expect(server.chain).toMatchObject({ sent: 2, rootIncluded: true, inOrder: true, complete: true });
    expect(server.leaf).toMatchObject({ matchesServername: true, servername: '127.0.0.1', serverAuth: true, verified: true, key: 'EC P-256 (256 bits)' });
    expect(server.versions.find((v) => v.name === 'TLSv1.3')?.accepted).toBe(true);
    expect(server.versions.find((v) => v.name === 'TLSv1.2')?.accepted).toBe(true);
    expect(server.groups.find((g) => g.name === 'X25519')?.accepted).toBe(true);
    const mlkem = server.groups.find((g) => g.name === 'X25519MLKEM768')!;
    let offerable = true;
    try {
      tls.createSecureContext({ ecdhCurve: 'X25519MLKEM768' });
    } catch {
      offerable = false;
    }
    if (!offerable) expect(mlkem).toMatchObject({ accepted: null, note: expect.stringMatching(/^not testable here/) });
    await expectNoHandlesLeft(before, 2000);
  }, 60_000);

  it('-Verify 1 alone: refuses a missing certificate, but lets every bad one through (no -verify_return_error)', async () => {
    const report = await probe(await startSServer(dir, ['-Verify', '1']));
    expect(report.ok).toBe(false);
    expect(verdicts(report)['no-certificate@1.2']).toBe('pass');
    expect(failing(report)).toEqual(['expired', 'no-intermediate', 'not-yet-valid', 'self-signed', 'untrusted-ca', 'wrong-eku']);
  }, 60_000);

  it('-verify 1 (optional): flagged for accepting a client without a certificate, too', async () => {
    const report = await probe(await startSServer(dir, ['-verify', '1']));
    expect(failing(report)).toContain('no-certificate');
    expect(byCase(report, 'no-certificate', '1.3')).toMatchObject({ verdict: 'fail', httpStatus: 200, lab: 'no-client-cert' });
  }, 60_000);
});

describe('probe against Node servers', () => {
  it('a Node https server with rejectUnauthorized: false is flagged on every bad certificate', async () => {
    const before = await handleBaseline();
    const report = await probe(await startLaxNode(dir));
    expect(report.ok).toBe(false);
    expect(failing(report)).toEqual(['expired', 'no-certificate', 'no-intermediate', 'not-yet-valid', 'self-signed', 'untrusted-ca', 'wrong-eku']);
    expect(byCase(report, 'expired', '1.3').explanation).toMatch(/accepted an expired client certificate: it does not check validity/);
    await expectNoHandlesLeft(before, 2000);
  }, 60_000);

  it('lab serve (its own process) passes every case; rejections after a TLS 1.3 handshake are seen', async () => {
    const sandbox = makeSandbox();
    const cli = startCli(['lab', 'serve', '--port', '0', '--certs', dir], sandbox, { timeoutMs: 60_000 });
    try {
      const [, port] = await cli.waitFor(/Listening on https:\/\/localhost:(\d+)\//);
      const report = await runProbe({ host: '127.0.0.1', port: Number(port), versions: ['1.2', '1.3'], timeoutMs: 8000, identities });
      expect(failing(report)).toEqual([]);
      expect(report.ok).toBe(true);
      expect(byCase(report, 'expired', '1.3')).toMatchObject({ verdict: 'pass', afterHandshake: true });
    } finally {
      cli.interrupt();
      await cli.done;
      sandbox.remove();
    }
  }, 60_000);

  it('a server that never answers gives "no verdict" (a timeout, never a refusal) and no pass', async () => {
    const before = await handleBaseline();
    const silent = await startSilent();
    const report = await probe(silent, { timeoutMs: 300 });
    expect(report.ok).toBe(false);
    const judged = report.cases.filter((c) => c.verdict !== 'local');
    expect(judged.every((c) => c.verdict === 'no-verdict' || c.verdict === 'n/a')).toBe(true);
    expect(byCase(report, 'expired', '1.3')).toMatchObject({ outcome: 'timeout', did: 'no verdict: nothing conclusive within 300 ms' });
    await expectNoHandlesLeft(before, 2000);
  }, 60_000);
});

describe.skipIf(!nginxAvailable)('probe against nginx', () => {
  it('ssl_verify_client on: every case as a correct server (refusals come as HTTP 400 after the handshake)', async () => {
    const report = await probe(await startNginx(dir, 'on'));
    expect(failing(report)).toEqual([]);
    expect(report.ok).toBe(true);
    expect(byCase(report, 'no-certificate', '1.2')).toMatchObject({ verdict: 'pass', httpStatus: 400 });
  }, 60_000);

  it('ssl_verify_client optional_no_ca: flagged for no certificate and for unverified chains', async () => {
    const report = await probe(await startNginx(dir, 'optional_no_ca'));
    expect(report.ok).toBe(false);
    expect(failing(report)).toEqual(expect.arrayContaining(['no-certificate', 'self-signed', 'untrusted-ca', 'no-intermediate']));
  }, 60_000);
});
if (!nginxAvailable) console.warn('nginx is not installed: the nginx probe tests are skipped (apt-get install nginx to run them)');

describe('mtls-tutor probe (command line)', () => {
  it('prints the table and exits 0 for a correct server, 1 for a lax one; --json has the report', async () => {
    if (!openssl) return;
    const good = await startSServer(dir, ['-Verify', '1', '-verify_return_error']);
    const lax = await startLaxNode(dir);
    try {
      const io = bufferIo();
      expect(await main(['probe', `127.0.0.1:${good.port}`, '--pki', dir, '--ca', join(dir, 'ca.crt')], io, noTui)).toBe(0);
      expect(io.stdout).toMatch(/✓ no client certificate +1\.2 +alert 40 handshake_failure during the handshake/);
      expect(io.stdout).toContain('CA names it lists    CN=mtls-tutor lab CA');
      expect(io.stdout).toMatch(/✓ All 18 judged cases behaved as a correct mTLS server would/);
      const json = bufferIo();
      expect(await main(['probe', `127.0.0.1:${lax.port}`, '--pki', dir, '--json', '--tls', '1.3'], json, noTui)).toBe(1);
      const doc = JSON.parse(json.stdout) as ProbeReport;
      expect(Object.keys(doc).sort()).toEqual(['cases', 'clientCa', 'ok', 'server', 'servername', 'summary', 'target']);
      expect(doc.cases.every((c) => c.tls === '1.3')).toBe(true);
      expect(doc.ok).toBe(false);
    } finally {
      await good.stop();
      await lax.stop();
    }
  }, 60_000);

  it('--cert/--key replace the good certificate: an expired one given as "good" makes the good cases fail', async () => {
    if (!openssl) return;
    const server = await startSServer(dir, ['-Verify', '1', '-verify_return_error']);
    try {
      const io = bufferIo();
      const code = await main(['probe', `127.0.0.1:${server.port}`, '--pki', dir, '--cert', join(dir, 'clients/expired.crt'), '--key', join(dir, 'clients/expired.key'), '--json'], io, noTui);
      expect(code).toBe(1);
      const doc = JSON.parse(io.stdout) as ProbeReport;
      expect(doc.cases.filter((c) => c.id === 'good').map((c) => [c.verdict, c.alert?.name])).toEqual([
        ['fail', 'certificate_expired'],
        ['fail', 'certificate_expired'],
      ]);
    } finally {
      await server.stop();
    }
  }, 60_000);

  it('usage errors exit 2; an unreachable server or a folder that is not a PKI exit 1', async () => {
    const run = async (args: string[]) => {
      const io = bufferIo();
      return { code: await main(['probe', ...args], io, noTui), stderr: io.stderr };
    };
    expect((await run([])).code).toBe(2);
    expect((await run(['localhost'])).code).toBe(2);
    expect((await run(['127.0.0.1:99999'])).code).toBe(2);
    expect((await run(['127.0.0.1:8443', '--cert', 'a.pem'])).code).toBe(2);
    expect((await run(['127.0.0.1:8443', '--tls', '1.4'])).code).toBe(2);
    expect((await run(['127.0.0.1:8443', '--frob'])).stderr).toMatch(/unknown option '--frob'/i);
    const closed = await freePort();
    const unreachable = await run([`127.0.0.1:${closed}`, '--pki', dir]);
    expect(unreachable.code).toBe(1);
    expect(unreachable.stderr).toMatch(/cannot connect to 127\.0\.0\.1:\d+: ECONNREFUSED/);
    const empty = mkdtempSync(join(tmpdir(), 'mtls-not-pki-'));
    try {
      const notPki = await run(['127.0.0.1:8443', '--pki', empty]);
      expect(notPki.code).toBe(1);
      expect(notPki.stderr).toMatch(/not a PKI written by 'mtls-tutor lab export'/);
    } finally {
      rmSync(empty, { recursive: true, force: true });
    }
  });

  it('without --pki: writes ./mtls-probe-pki once and names its ca.crt, reuses it, and will not overwrite another folder there', async () => {
    const sandbox = makeSandbox();
    const lax = await startLaxNode(dir);
    try {
      const first = await startCli(['probe', `127.0.0.1:${lax.port}`, '--tls', '1.3'], sandbox, { timeoutMs: 60_000 }).done;
      expect(first.code).toBe(1);
      expect(first.stdout).toContain(`Made a new client PKI in ${join(sandbox.cwd, 'mtls-probe-pki')}. Add ${join(sandbox.cwd, 'mtls-probe-pki')}/ca.crt to your server's trusted client CAs`);
      expect(existsSync(join(sandbox.cwd, 'mtls-probe-pki/clients/no-intermediate.crt'))).toBe(true);
      const second = await startCli(['probe', `127.0.0.1:${lax.port}`, '--tls', '1.3'], sandbox, { timeoutMs: 60_000 }).done;
      expect(second.stdout).not.toContain('Made a new client PKI');
      rmSync(join(sandbox.cwd, 'mtls-probe-pki'), { recursive: true });
      mkdirSync(join(sandbox.cwd, 'mtls-probe-pki'));
      writeFileSync(join(sandbox.cwd, 'mtls-probe-pki/notes.txt'), 'mine');
      const refused = await startCli(['probe', `127.0.0.1:${lax.port}`], sandbox, { timeoutMs: 60_000 }).done;
      expect(refused.code).toBe(1);
      expect(refused.stderr).toMatch(/exists and is not a probe PKI.*--force/);
    } finally {
      await lax.stop();
      sandbox.remove();
    }
  }, 90_000);
});
