import { chmodSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createLabPki } from '../../src/lab/lab-pki.js';
import { opensslSupport, startOpensslServer } from '../../src/lab/openssl-server.js';
import { runScenarios } from '../../src/lab/runner.js';
import { SCENARIO_IDS, type ScenarioId } from '../../src/lab/scenarios.js';
import { expectNoHandlesLeft, handleBaseline } from './handles.js';

// The alerts an OpenSSL server sends for each refused client certificate (measured with OpenSSL 3.0; the
// numbers are the TLS alert registry's). Node's server sends none of them: it checks after the handshake.
const ALERTS: Partial<Record<ScenarioId, Record<'1.2' | '1.3', string>>> = {
  'no-client-cert': { '1.2': 'handshake_failure 40', '1.3': 'certificate_required 116' },
  'expired-client-cert': { '1.2': 'certificate_expired 45', '1.3': 'certificate_expired 45' },
  'not-yet-valid-client-cert': { '1.2': 'bad_certificate 42', '1.3': 'bad_certificate 42' },
  'untrusted-client-ca': { '1.2': 'unknown_ca 48', '1.3': 'unknown_ca 48' },
  'self-signed-client-cert': { '1.2': 'unknown_ca 48', '1.3': 'unknown_ca 48' },
  'wrong-eku-client-cert': { '1.2': 'unsupported_certificate 43', '1.3': 'unsupported_certificate 43' },
  'root-rotation-old-dropped': { '1.2': 'unknown_ca 48', '1.3': 'unknown_ca 48' },
  'version-floor': { '1.2': 'protocol_version 70', '1.3': 'protocol_version 70' },
  'alpn-mismatch': { '1.2': 'no_application_protocol 120', '1.3': 'no_application_protocol 120' },
};
/** Refusals OpenSSL makes by itself in either server, before any certificate is judged: Node's server sends these alerts too. */
const REFUSED_BY_OPENSSL_ITSELF = new Set<string>(['no-client-cert', 'version-floor', 'alpn-mismatch']);

describe.skipIf(!opensslSupport().ok)('labs against openssl s_server', () => {
  // s_server's files go under os.tmpdir(): a private one per test shows that nothing is left there.
  let tmp: string;
  beforeEach(() => {
    tmp = mkdtempSync(join(tmpdir(), 'mtls-openssl-test-'));
    vi.stubEnv('TMPDIR', tmp);
  });
  afterEach(() => {
    vi.unstubAllEnvs();
    rmSync(tmp, { recursive: true, force: true });
  });

  for (const tls of ['1.2', '1.3'] as const) {
    it(`TLS ${tls}: every scenario behaves as predicted; a refused client certificate gets the server's alert, which Node's server never sends`, async () => {
      const before = await handleBaseline();
      const pki = createLabPki();
      const [openssl, node] = await Promise.all([runScenarios(SCENARIO_IDS, { tls, pki, server: 'openssl' }), runScenarios(SCENARIO_IDS, { tls, pki })]);
      for (const [index, result] of openssl.entries()) {
        expect(result, result.id).toMatchObject({ server: 'openssl', tls, asExpected: true, timedOut: false });
        const alert = ALERTS[result.id as ScenarioId];
        if (!alert) continue;
        expect(result.rejectedBy, result.id).toBe('server');
        expect(result.alert && `${result.alert.name} ${result.alert.number}`, result.id).toBe(alert[tls]);
        expect(result.alert?.sentBy, result.id).toBe('server');
        // The client reads the alert as its own error, named after it.
        expect(result.clientError?.code, result.id).toMatch(new RegExp(`_ALERT_${result.alert!.name.toUpperCase()}$`));
        if (REFUSED_BY_OPENSSL_ITSELF.has(result.id)) {
          expect(node[index]!.alert, `${result.id}: Node's server sends the same alert`).toEqual(result.alert);
        } else {
          expect(node[index]!.alert, `${result.id}: Node's server sends no alert`).toBeNull();
          // Both servers name the same failure of the certificate itself, except for an unknown issuer (below).
          if (result.id !== 'untrusted-client-ca') expect(result.authorizationError, result.id).toBe(node[index]!.authorizationError);
        }
      }
      expect(openssl.find((r) => r.id === 'untrusted-client-ca')!.authorizationError).toBe('UNABLE_TO_GET_ISSUER_CERT_LOCALLY');
      await expectNoHandlesLeft(before);
      expect(readdirSync(tmp), 'no key or certificate file left').toEqual([]);
    });
  }

  it('accepts the good client: the greeting arrives, and the timeline shows s_server verifying its chain', async () => {
    const [good] = await runScenarios(['good'], { server: 'openssl' });
    expect(good).toMatchObject({ outcome: 'accepted', asExpected: true, rejectedBy: null, alert: null, protocol: 'TLSv1.3' });
    expect(good!.peerCertificate.seenByServer?.subjectAltNames).toContain('URI:spiffe://cluster.local/ns/shop/sa/orders');
    const server = good!.timeline.filter((e) => e.side === 'server').map((e) => `${e.event} ${e.detail ?? ''}`.trim());
    expect(server).toEqual(['verify depth 1: CN = mtls-tutor lab CA: ok', 'verify depth 0: CN = orders: ok', 'close']);
    expect(good!.timeline.find((e) => e.event === 'data')?.detail).toBe('"hello from openssl s_server"');
  });

  it('an s_server that cannot start is a clear error, and its files are removed', async () => {
    const before = await handleBaseline();
    const pki = createLabPki();
    const server = await pki.get('server');
    const started = startOpensslServer({ identity: { ...server, key: 'not a key' }, trusts: [], tls: '1.3', alpn: null, note: () => {}, onChange: () => {} });
    await expect(started).rejects.toThrow(/^openssl s_server exited before listening: .+/);
    await expectNoHandlesLeft(before);
    expect(readdirSync(tmp)).toEqual([]);
  });
});

describe('an s_server that never answers', () => {
  // A stand-in `openssl` that starts like s_server (it listens and prints its ACCEPT line) and then never answers,
  // so the step's time limit is what ends it, however fast the machine. (With the real s_server, even 1 ms can
  // be enough for a verdict: it runs on another core.) It writes its pid so the test can tell it was killed.
  let bin: string;
  let tmp: string;
  beforeEach(() => {
    bin = mkdtempSync(join(tmpdir(), 'mtls-stalling-openssl-'));
    tmp = mkdtempSync(join(tmpdir(), 'mtls-openssl-test-'));
    const stub = [
      `#!${process.execPath}`,
      "const { writeFileSync } = require('node:fs');",
      "writeFileSync(require('node:path').join(process.env.STALL_PID_DIR, String(process.pid)), '');",
      "const server = require('node:net').createServer(() => {}); // accepts, reads nothing, answers nothing",
      "server.listen(0, '127.0.0.1', () => console.log(`ACCEPT 127.0.0.1:${server.address().port}`));",
    ].join('\n');
    writeFileSync(join(bin, 'openssl'), stub, { mode: 0o755 });
    vi.stubEnv('PATH', `${bin}${delimiter}${process.env.PATH}`);
    vi.stubEnv('TMPDIR', tmp);
    vi.stubEnv('STALL_PID_DIR', bin);
  });
  afterEach(() => {
    vi.unstubAllEnvs();
    rmSync(bin, { recursive: true, force: true });
    rmSync(tmp, { recursive: true, force: true });
  });

  it.skipIf(process.platform === 'win32')('a step that runs out of time ends s_server too: reported as a timeout, nothing left running', async () => {
    const before = await handleBaseline();
    const results = await runScenarios(['good', 'expired-client-cert'], { server: 'openssl', timeoutMs: 300 });
    for (const result of results) {
      expect(result, result.id).toMatchObject({ timedOut: true, asExpected: false, rejectedBy: null });
      expect(result.reason, result.id).toMatch(/no verdict within the 300 ms time limit/);
    }
    await expectNoHandlesLeft(before);
    const pids = readdirSync(bin).filter((name) => /^\d+$/.test(name)).map(Number);
    expect(pids, 'one stand-in s_server per scenario').toHaveLength(2);
    for (const pid of pids) expect(() => process.kill(pid, 0), `s_server ${pid} still running`).toThrow(/ESRCH/);
    expect(readdirSync(tmp), 'no key or certificate file left').toEqual([]);
  });
});

describe('which openssl can play the server', () => {
  /** opensslSupport() with a stand-in `openssl` that prints `version` (or none at all). */
  function supportWith(version: string | null) {
    const bin = mkdtempSync(join(tmpdir(), 'mtls-fake-openssl-'));
    try {
      if (version !== null) {
        writeFileSync(join(bin, 'openssl'), `#!/bin/sh\necho '${version}'\n`);
        chmodSync(join(bin, 'openssl'), 0o755);
      }
      vi.stubEnv('PATH', bin);
      return opensslSupport();
    } finally {
      vi.unstubAllEnvs();
      rmSync(bin, { recursive: true, force: true });
    }
  }

  it.skipIf(process.platform === 'win32')('OpenSSL 1.1.1 or newer; not LibreSSL, an older OpenSSL, or none', () => {
    expect(supportWith('OpenSSL 3.0.19 27 Jan 2026 (Library: OpenSSL 3.0.19 27 Jan 2026)')).toEqual({ ok: true, version: 'OpenSSL 3.0.19 27 Jan 2026 (Library: OpenSSL 3.0.19 27 Jan 2026)' });
    expect(supportWith('OpenSSL 1.1.1w  11 Sep 2023')).toMatchObject({ ok: true });
    expect(supportWith('OpenSSL 1.0.2k-fips  26 Jan 2017')).toEqual({ ok: false, reason: 'found OpenSSL 1.0.2k-fips  26 Jan 2017; the labs need OpenSSL 1.1.1 or newer' });
    expect(supportWith('LibreSSL 3.3.6')).toEqual({ ok: false, reason: 'found LibreSSL 3.3.6, whose s_server the labs do not support' });
    expect(supportWith(null)).toEqual({ ok: false, reason: 'no openssl binary on PATH' });
  });
});
