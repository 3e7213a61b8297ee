import { spawnSync } from 'node:child_process';
import { X509Certificate, createPrivateKey } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { bufferIo } from '../../src/cli/io.js';
import { run } from '../../src/cli/lab.js';
import { measureHandshakeCost } from '../../src/lab/cost.js';
import { createCa, issueServerCert } from '../../src/lab/pki.js';
import { expectNoHandlesLeft, handleBaseline } from './handles.js';

describe('handshake cost, ECDSA P-256 vs RSA-2048', () => {
  it('RSA-2048 certificates: a 2048-bit RSA key, signed sha256WithRSAEncryption, chaining to an RSA CA', async () => {
    const ca = await createCa('rsa CA', { algorithm: 'rsa-2048' });
    const server = await issueServerCert(ca, { algorithm: 'rsa-2048' });
    const root = new X509Certificate(ca.cert);
    const leaf = new X509Certificate(server.cert);
    expect(root.publicKey.asymmetricKeyType).toBe('rsa');
    expect(leaf.publicKey.asymmetricKeyDetails?.modulusLength).toBe(2048);
    expect(leaf.verify(root.publicKey)).toBe(true);
    expect(leaf.checkPrivateKey(createPrivateKey(server.key))).toBe(true);
    const openssl = spawnSync('openssl', ['x509', '-noout', '-text'], { input: server.cert, encoding: 'utf8' });
    if (openssl.status === 0) {
      expect(openssl.stdout).toContain('Signature Algorithm: sha256WithRSAEncryption');
      expect(openssl.stdout).toContain('Public-Key: (2048 bit)');
    }
  });

  it('counts real mutual handshakes of both kinds in one run, and leaves nothing open', async () => {
    const before = await handleBaseline();
    const report = await measureHandshakeCost({ seconds: 0.3, roundMs: 100 });
    expect(report).toMatchObject({ tls: 'TLSv1.3', stopped: false });
    expect(report.results.map((r) => [r.algorithm, r.name])).toEqual([
      ['ecdsa-p256', 'ECDSA P-256'],
      ['rsa-2048', 'RSA-2048'],
    ]);
    for (const r of report.results) {
      expect(r.handshakes, r.name).toBeGreaterThan(0);
      expect(r.perSecond, r.name).toBeGreaterThan(0);
      expect(r.seconds, r.name).toBeGreaterThan(0);
      expect(r.cpuMsPerHandshake, r.name).toBeGreaterThan(0);
      expect(r.signaturesPerSecond, r.name).toBeGreaterThan(0);
      expect(r.verificationsPerSecond, r.name).toBeGreaterThan(0);
    }
    expect(report.ecdsaOverRsa).toBe(Math.round((report.results[0]!.perSecond / report.results[1]!.perSecond) * 100) / 100);
    await expectNoHandlesLeft(before);
  });

  it('a stop ends the rounds at once, says so, and leaves nothing open', async () => {
    const before = await handleBaseline();
    const controller = new AbortController();
    controller.abort();
    const report = await measureHandshakeCost({ seconds: 60, signal: controller.signal });
    expect(report.stopped).toBe(true);
    expect(report.results.map((r) => r.handshakes)).toEqual([0, 0]);
    await expectNoHandlesLeft(before);
  });

  it('lab cost --json prints the report; --seconds must be a whole number from 1 to 60 (exit 2)', async () => {
    const io = bufferIo();
    expect(await run(['cost', '--seconds', '1', '--json'], io)).toBe(0);
    const report = JSON.parse(io.stdout) as { results: Array<Record<string, unknown>> };
    expect(report.results.map((r) => Object.keys(r))).toEqual(
      Array(2).fill(['algorithm', 'name', 'setupMs', 'handshakes', 'seconds', 'perSecond', 'cpuMsPerHandshake', 'signaturesPerSecond', 'verificationsPerSecond']),
    );
    for (const bad of ['0', '61', '1.5', 'x']) await expect(run(['cost', '--seconds', bad], bufferIo())).rejects.toThrow(/--seconds must be/);
  });

  it('lab cost stopped by Ctrl+C reports the stop and exits 130', async () => {
    let interrupt: () => void = () => {};
    const io = Object.assign(bufferIo(), { interrupted: new Promise<NodeJS.Signals>((resolve) => (interrupt = () => resolve('SIGINT'))) });
    const running = run(['cost', '--seconds', '60'], io);
    setTimeout(interrupt, 50);
    expect(await running).toBe(130);
    expect(io.stderr).toContain('Stopped (SIGINT); no lab server or socket is left behind.');
  });
});
