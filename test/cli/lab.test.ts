import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import tls from 'node:tls';
import { readFileSync } from 'node:fs';
import { describe, expect, it, vi } from 'vitest';
import { bufferIo, UsageError, UserError } from '../../src/cli/io.js';
import { run } from '../../src/cli/lab.js';
import { opensslSupport } from '../../src/lab/openssl-server.js';
import { main } from '../../src/cli/main.js';
import { faultClient, type FaultOutcome } from '../lab/fault-clients.js';
import { holdPort } from '../lab/ports.js';
import { runBundle } from './run-bundle.js';
import { startServe } from './serve-command.js';

describe('mtls-tutor lab list', () => {
  it('prints the scenarios as JSON with id, title and expected', async () => {
    const io = bufferIo();
    expect(await run(['list', '--json'], io)).toBe(0);
    const { scenarios } = JSON.parse(io.stdout) as { scenarios: Array<Record<string, string>> };
    expect(scenarios).toHaveLength(16);
    expect(scenarios[0]).toEqual({ id: 'good', title: expect.any(String), expected: 'accepted' });
    expect(Object.keys(scenarios[1]!)).toEqual(['id', 'title', 'expected']);
  });
});

describe('mtls-tutor lab run', () => {
  it('rejects an unknown id with the list of valid ids (exit 2)', async () => {
    const error = await run(['run', 'good', 'nope'], bufferIo()).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UsageError);
    expect((error as Error).message).toContain("'nope'");
    expect((error as Error).message).toContain('expired-client-cert');
  });

  it('reports chosen scenarios as JSON and exits 0 when all behave as predicted', async () => {
    const io = bufferIo();
    expect(await run(['run', 'good', 'no-client-cert', '--json'], io)).toBe(0);
    const { scenarios } = JSON.parse(io.stdout) as { scenarios: Array<Record<string, unknown>> };
    expect(scenarios.map((s) => [s.id, s.outcome, s.rejectedBy, s.asExpected])).toEqual([
      ['good', 'accepted', null, true],
      ['no-client-cert', 'rejected', 'server', true],
    ]);
    expect(scenarios[1]).toMatchObject({ alert: { number: 116 }, serverError: { code: 'ERR_SSL_PEER_DID_NOT_RETURN_A_CERTIFICATE' } });
    for (const key of ['expected', 'clientError', 'serverError', 'authorizationError', 'alert', 'peerCertificate', 'timeline', 'explanation', 'fix', 'commands'])
      expect(scenarios[0], key).toHaveProperty(key);
  });

  it('labels plain text as plain text, not as a TLS version, and prints the note that comes with the commands', async () => {
    let io = bufferIo();
    expect(await run(['run', 'plaintext-to-mtls', '--tls', 'both'], io)).toBe(0);
    expect(io.stdout).toContain('✓ as predicted  plaintext-to-mtls (plain text to a TLS 1.2 server): rejected');
    expect(io.stdout).toContain('✓ as predicted  plaintext-to-mtls (plain text to a TLS 1.3 server): rejected');
    io = bufferIo();
    expect(await run(['run', 'expired-client-cert', '--json'], io)).toBe(0);
    const [expired] = (JSON.parse(io.stdout) as { scenarios: Array<{ commands: Record<string, string | null>; offered: unknown }> }).scenarios;
    expect(Object.keys(expired!.commands)).toEqual(['openssl', 'curl', 'server', 'note']);
    expect(expired!.commands.server).toBe('mtls-tutor lab serve --port 8443 --certs .');
    expect(expired!.commands.openssl).toMatch(/ -ign_eof$/);
    expect(expired!.offered).toEqual({ client: { tls: '1.3', alpn: null }, server: { tls: '1.3', alpn: null } });
    io = bufferIo();
    expect(await run(['run', 'expired-client-cert'], io)).toBe(0);
    expect(io.stdout).toMatch(/ {9}\(lab serve is a Node server: it refuses a client certificate after the handshake/);
  });

  it('runs both TLS versions side by side', async () => {
    const io = bufferIo();
    expect(await run(['run', 'expired-client-cert', '--tls', 'both', '--json'], io)).toBe(0);
    const { scenarios } = JSON.parse(io.stdout) as { scenarios: Array<{ tls: string; clientSawSecureConnect: boolean }> };
    expect(scenarios.map((s) => [s.tls, s.clientSawSecureConnect])).toEqual([
      ['1.2', false],
      ['1.3', true],
    ]);
  });

  describe.skipIf(!opensslSupport().ok)('--server', () => {
    it('both: Node\'s server, then openssl s_server, for each scenario; only s_server sends the alert', async () => {
      const io = bufferIo();
      expect(await run(['run', 'expired-client-cert', 'good', '--server', 'both', '--json'], io)).toBe(0);
      const { scenarios } = JSON.parse(io.stdout) as { scenarios: Array<{ id: string; server: string; alert: { number: number } | null }> };
      expect(scenarios.map((s) => [s.id, s.server, s.alert?.number ?? null])).toEqual([
        ['expired-client-cert', 'node', null],
        ['expired-client-cert', 'openssl', 45],
        ['good', 'node', null],
        ['good', 'openssl', null],
      ]);
    });

    it('names the server in the report when it is openssl', async () => {
      const io = bufferIo();
      expect(await run(['run', 'untrusted-client-ca', '--server', 'openssl'], io)).toBe(0);
      expect(io.stdout).toContain('✓ as predicted  untrusted-client-ca (TLS 1.3, openssl s_server): rejected');
      expect(io.stdout).toContain('alert unknown_ca (48) from the server');
      expect(io.stdout).toMatch(/server verify \[depth 0: CN = orders: UNABLE_TO_GET_ISSUER_CERT_LOCALLY/);
    });
  });

  it('--server: a value it does not know is a usage error; without an openssl binary, a clear error (exit 1)', async () => {
    await expect(run(['run', 'good', '--server', 'envoy'], bufferIo())).rejects.toThrow("--server must be node, openssl or both, got 'envoy'");
    const empty = await mkdtemp(join(tmpdir(), 'mtls-no-openssl-'));
    try {
      const result = runBundle(['lab', 'run', 'good', '--server', 'openssl'], { PATH: empty });
      expect(result.stderr).toContain('no openssl binary on PATH');
      expect(result.code).toBe(1);
    } finally {
      await rm(empty, { recursive: true, force: true });
    }
  });

  it('prints a readable report: verdict, who rejected, reason, timeline, why and fix', async () => {
    const io = bufferIo();
    expect(await run(['run', 'expired-client-cert'], io)).toBe(0);
    expect(io.stdout).toContain('✓ as predicted  expired-client-cert');
    expect(io.stdout).toContain('rejected by the server');
    expect(io.stdout).toContain('authorizationError CERT_HAS_EXPIRED');
    expect(io.stdout).toMatch(/timeline:\n\s+[\d.]+ms (client|server) /);
    expect(io.stdout).toMatch(/why: .+\n\s+fix: .+/);
  });

  it('as a process: runs all scenarios, exits 0 and exits by itself', () => {
    const result = runBundle(['lab', 'run', '--all']);
    expect(result.stderr).toBe('');
    expect(result.stdout).toContain('16/16 behaved as predicted');
    expect(result.code).toBe(0);
  });
});

describe('mtls-tutor lab export', () => {
  it('writes the lab files, and refuses a non-empty directory without --force', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'mtls-cli-export-'));
    try {
      const io = bufferIo();
      expect(await run(['export', dir], io)).toBe(0);
      expect(io.stdout).toContain('README.md');
      expect(await readdir(join(dir, 'clients'))).toContain('wrong-eku.key');
      await expect(run(['export', dir], bufferIo())).rejects.toBeInstanceOf(UserError);
      expect(await run(['export', dir, '--force'], bufferIo())).toBe(0);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('mtls-tutor lab serve', () => {
  it('serves on the chosen port with exported certs, logs each connection and stops on interrupt', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'mtls-cli-serve-'));
    try {
      await run(['export', dir], bufferIo());
      const { io, running, port, interrupt } = await startServe(['--port', '0', '--certs', dir]);
      const read = (name: string) => readFileSync(join(dir, name));
      const socket = tls.connect({ host: '127.0.0.1', port, servername: 'localhost', ca: read('ca.crt'), cert: read('clients/good.crt'), key: read('clients/good.key') });
      socket.end('GET / HTTP/1.0\r\n\r\n');
      let body = '';
      socket.on('data', (chunk) => (body += chunk));
      await new Promise((resolve) => socket.once('close', resolve));
      expect(body).toMatch(/^HTTP\/1\.1 200/);
      await vi.waitFor(() => expect(io.stdout.includes('accepted spiffe://cluster.local/ns/shop/sa/orders')).toBe(true), { timeout: 5000, interval: 10 });

      // A second server on the same port: a clear error, not a stack trace.
      const clash = await run(['serve', '--port', String(port), '--certs', dir], Object.assign(bufferIo(), { interrupted: Promise.resolve('SIGINT' as const) })).catch((e: unknown) => e);
      expect(clash).toBeInstanceOf(UserError);
      expect((clash as Error).message).toContain(`port ${port}`);

      interrupt();
      expect(await running, "130: stopped by Ctrl+C").toBe(130);
      expect(io.stdout).toContain('Stopped.');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('prints one line per misbehaving client, with its address and why it was cut off, and keeps serving', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'mtls-cli-serve-faults-'));
    try {
      await run(['export', dir], bufferIo());
      const { io, running, port, interrupt } = await startServe(['--port', '0', '--certs', dir, '--handshake-timeout', '300']);
      const [silent, garbage, plain, reset] = (await Promise.all(
        (['silent', 'garbage', 'plain-http', 'reset-mid-handshake'] as const).map((kind) => faultClient(kind, port, 2000)),
      )) as [FaultOutcome, FaultOutcome, FaultOutcome, FaultOutcome];
      const line = (localPort: number | null, text: string) => new RegExp(`^\\d\\d:\\d\\d:\\d\\d 127\\.0\\.0\\.1:${localPort} rejected: ${text}$`, 'm');
      await vi.waitFor(
        () => {
          expect(io.stdout).toMatch(line(silent.localPort, 'the client did not finish the handshake in time \\(300 ms\\); connection closed \\(ERR_TLS_HANDSHAKE_TIMEOUT\\)'));
          expect(io.stdout).toMatch(line(garbage.localPort, 'the bytes received are not TLS .*\\(ERR_SSL_\\w+\\)'));
          expect(io.stdout).toMatch(line(plain.localPort, 'the client spoke plain HTTP to a TLS port \\(ERR_SSL_HTTP_REQUEST\\)'));
          expect(io.stdout).toMatch(line(reset.localPort, 'the client reset the connection \\(TCP RST\\) before the TLS handshake finished \\(ECONNRESET\\)'));
        },
        { timeout: 3000, interval: 10 },
      );
      const read = (name: string) => readFileSync(join(dir, name));
      const socket = tls.connect({ host: '127.0.0.1', port, servername: 'localhost', ca: read('ca.crt'), cert: read('clients/good.crt'), key: read('clients/good.key') });
      socket.end('GET / HTTP/1.0\r\n\r\n');
      socket.resume();
      await new Promise((resolve) => socket.once('close', resolve));
      await vi.waitFor(() => expect(io.stdout).toContain('accepted spiffe://cluster.local/ns/shop/sa/orders'), { timeout: 3000, interval: 10 });
      interrupt();
      expect(await running, "130: stopped by Ctrl+C").toBe(130);
      expect(io.stderr).toBe('');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('names the missing file when --certs is not an exported directory', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'mtls-cli-serve-bad-'));
    try {
      await writeFile(join(dir, 'ca.crt'), 'x');
      const error = await run(['serve', '--port', '0', '--certs', dir], bufferIo()).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(UserError);
      expect((error as Error).message).toContain('server.crt');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});


describe('mtls-tutor lab serve on a port that is taken', () => {
  it.each([
    ['--port N', (port: number) => ['--port', String(port)], 0],
    ['the default port 8443', () => [], 8443],
  ])('%s: exit 1 and one line naming the port and --port, no stack trace (as a process)', async (_name, flags, wanted) => {
    const dir = await mkdtemp(join(tmpdir(), 'mtls-cli-taken-'));
    const taken = await holdPort(wanted);
    try {
      await run(['export', dir], bufferIo());
      const result = runBundle(['lab', 'serve', ...flags(taken.port), '--certs', dir]);
      expect(result.code).toBe(1);
      expect(result.stdout).toBe('');
      expect(result.stderr).toBe(`mtls-tutor: port ${taken.port} on 127.0.0.1 is already in use; pick another with --port, or --port 0 for any free port\n`);
    } finally {
      await taken.release();
      await rm(dir, { recursive: true, force: true });
    }
  });

  it.each([
    [['--port', 'http'], "--port must be a whole number, got 'http'"],
    [['--port', '65536'], '--port must be between 0 and 65535, got 65536'],
    [['--port'], "Option '-p, --port <value>' argument missing"],
  ])('lab serve %j is a usage error (exit 2) naming the flag', async (flags, message) => {
    const io = bufferIo();
    expect(await main(['lab', 'serve', ...flags], io, async () => 0)).toBe(2);
    expect(io.stderr).toContain(message);
    expect(io.stderr).not.toMatch(/\n\s+at /);
  });
});
