import { describe, expect, it } from 'vitest';
import { bufferIo } from '../../src/cli/io.js';
import { main } from '../../src/cli/main.js';
import { runBundle } from './run-bundle.js';

const noTui = async () => {
  throw new Error('the TUI must not start');
};

async function why(args: string[], stdin?: string) {
  const io = Object.assign(bufferIo(), stdin === undefined ? {} : { readStdinBytes: async () => Buffer.from(stdin) });
  const code = await main(['why', ...args], io, noTui);
  return { code, stdout: io.stdout, stderr: io.stderr };
}

describe('mtls-tutor why', () => {
  it('explains a known error: meaning, who refused, causes, checks, lab and lesson; exit 0', async () => {
    const { code, stdout } = await why(['curl: (56) OpenSSL SSL_read: OpenSSL/3.0.19: error:0A00045C:SSL routines::tlsv13 alert certificate required, errno 0']);
    expect(code).toBe(0);
    expect(stdout).toMatch(/✓ Recognised: curl — curl \(56\)/);
    expect(stdout).toContain('Who refused');
    expect(stdout).toContain('the server');
    expect(stdout).toContain('Reproduce it: mtls-tutor lab run no-client-cert');
    expect(stdout).toMatch(/Lesson: The mTLS handshake, message by message \(handshake\)/);
    expect(stdout).toMatch(/Also matches \(\d+\):\n {2}openssl-alert-certificate-required/);
  });

  it('joins unquoted words into one text', async () => {
    const { code, stdout } = await why(['x509:', 'certificate', 'signed', 'by', 'unknown', 'authority']);
    expect(code).toBe(0);
    expect(stdout).toContain('[go-unknown-authority]');
  });

  it('reads a log excerpt from standard input with -', async () => {
    const log = '2026-12-06T10:00:00Z INFO starting\n2026-12-06T10:00:01Z ERROR javax.net.ssl.SSLHandshakeException: Received fatal alert: certificate_unknown\n\tat java.base/sun.security.ssl.Alert.createSSLException(Alert.java:131)\n';
    const { code, stdout } = await why(['-'], log);
    expect(code).toBe(0);
    expect(stdout).toContain('[java-alert-certificate-unknown]');
  });

  it('--json gives the documented shape', async () => {
    const { code, stdout } = await why(['--json', 'RBAC: access denied']);
    expect(code).toBe(0);
    const doc = JSON.parse(stdout);
    expect(doc.recognised).toBe(true);
    expect(doc.closest).toEqual([]);
    expect(Object.keys(doc.matches[0]).sort()).toEqual(
      ['causes', 'checks', 'id', 'lab', 'lesson', 'matched', 'meaning', 'rejectedBy', 'score', 'side', 'sources', 'stack', 'stackName', 'title'].sort(),
    );
    expect(doc.matches[0]).toMatchObject({ id: 'envoy-rbac-access-denied', stack: 'envoy', rejectedBy: 'proxy', lab: null, lesson: { id: 'istio-authorization' } });
  });

  it('names a policy scenario with the command that runs it', async () => {
    const { stdout } = await why(['--json', 'upstream connect error or disconnect/reset before headers. reset reason: connection termination']);
    expect(JSON.parse(stdout).matches[0].lab).toEqual({ id: 'policy-dr-disable-503', command: 'mtls-tutor policy lab --scenario policy-dr-disable-503' });
  });

  it('says "not recognised" honestly and exits 1', async () => {
    const { code, stdout } = await why(['my toaster is on fire']);
    expect(code).toBe(1);
    expect(stdout).toMatch(/✗ Not recognised: none of the \d+ error signatures/);
    const json = await why(['--json', 'tls handshake preface closed']);
    expect(json.code).toBe(1);
    const doc = JSON.parse(json.stdout);
    expect(doc.recognised).toBe(false);
    expect(doc.closest.length).toBeGreaterThan(0);
    expect(doc.closest[0]).toHaveProperty('similarity');
  });

  it('usage errors exit 2: no text, empty stdin, unknown option', async () => {
    expect((await why([])).code).toBe(2);
    expect((await why(['-'], '   \n')).code).toBe(2);
    const frob = await why(['--frob', 'x']);
    expect(frob.code).toBe(2);
    expect(frob.stderr).toMatch(/unknown option '--frob'/i);
  });

  it('--help and -h print its usage and exit 0', async () => {
    for (const flag of ['--help', '-h']) {
      const { code, stdout } = await why([flag]);
      expect(code).toBe(0);
      expect(stdout).toContain('mtls-tutor why "ERROR TEXT"');
    }
    const io = bufferIo();
    expect(await main(['help', 'why'], io, noTui)).toBe(0);
    expect(io.stdout).toContain('mtls-tutor why -');
  });

  it('the built binary reads piped stdin and uses the table compiled into dist', () => {
    const { code, stdout, stderr } = runBundle(['why', '-'], {}, 'E1206 ssl_transport_security.cc:1519] Handshake failed with fatal error SSL_ERROR_SSL: error:100000c0:SSL routines:OPENSSL_internal:PEER_DID_NOT_RETURN_A_CERTIFICATE.\n');
    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect(stdout).toContain('[grpc-core-handshake-failed]');
  });
});

describe('lessons check and the error table', () => {
  it('checks lessons/errors/ too: a broken signature is named by file, line and field, exit 1', async () => {
    const { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const { join } = await import('node:path');
    const { shippedLessonsDir } = await import('../../src/content/course.js');
    const dir = mkdtempSync(join(tmpdir(), 'mtls-lessons-errors-'));
    try {
      cpSync(shippedLessonsDir(), dir, { recursive: true });
      const ok = bufferIo();
      expect(await main(['lessons', 'check', dir], ok, noTui)).toBe(0);
      expect(ok.stdout).toMatch(/✓ \d+ error signatures \(8 stacks\) valid in .*errors/);
      const file = join(dir, 'errors/curl.yaml');
      writeFileSync(file, readFileSync(file, 'utf8').replace('lab: no-client-cert', 'lab: no-such-lab'));
      const broken = bufferIo();
      expect(await main(['lessons', 'check', dir], broken, noTui)).toBe(1);
      expect(broken.stderr).toMatch(/errors\/curl\.yaml:\d+: signatures\[\d+\]\.lab: unknown lab 'no-such-lab'/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
