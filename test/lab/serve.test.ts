import { execFile, spawnSync } from 'node:child_process';
import https from 'node:https';
import net from 'node:net';
import { join } from 'node:path';
import tls from 'node:tls';
import { describe, expect, it, vi } from 'vitest';
import { loadServeCerts, PortInUseError, startLabServer } from '../../src/lab/serve.js';
import { useExportedLabServer } from './exported-server.js';
import { httpsGet, type GetReply } from './http-get.js';

const lab = useExportedLabServer('mtls-lab-serve-', 400);

function get(client: string | null): Promise<GetReply> {
  return httpsGet({ port: lab.server.port, ca: lab.file('ca.crt'), ...(client ? { cert: lab.file(`clients/${client}.crt`), key: lab.file(`clients/${client}.key`) } : {}) });
}

describe('lab serve', () => {
  it('answers a verified client 200 naming its SPIFFE identity, even while a silent client hangs on', async () => {
    const silent = net.connect({ host: '127.0.0.1', port: lab.server.port });
    await new Promise((resolve) => silent.once('connect', resolve));
    try {
      const reply = await get('good');
      expect(reply).toMatchObject({ status: 200 });
      expect('body' in reply && reply.body).toContain('hello spiffe://cluster.local/ns/shop/sa/orders');
      expect(lab.reports.some((r) => r.verdict === 'accepted' && r.identity === 'spiffe://cluster.local/ns/shop/sa/orders')).toBe(true);
      // The silent client is cut off by the handshake timeout and reported.
      await vi.waitFor(() => expect(lab.reports.some((r) => r.code === 'ERR_TLS_HANDSHAKE_TIMEOUT')).toBe(true), { timeout: 3000, interval: 10 });
    } finally {
      silent.destroy();
    }
  });

  it('rejects bad and missing client certs with a reason per connection', async () => {
    for (const client of ['expired', 'untrusted', 'wrong-eku', null]) expect('error' in (await get(client)), String(client)).toBe(true);
    await vi.waitFor(() => expect(lab.reports.filter((r) => r.verdict === 'rejected').length >= 4).toBe(true), { timeout: 3000, interval: 10 });
    const reasons = lab.reports.filter((r) => r.verdict === 'rejected').map((r) => r.authorizationError ?? r.code);
    expect(reasons).toEqual(
      expect.arrayContaining(['CERT_HAS_EXPIRED', 'UNABLE_TO_VERIFY_LEAF_SIGNATURE', 'INVALID_PURPOSE', 'ERR_SSL_PEER_DID_NOT_RETURN_A_CERTIFICATE']),
    );
  });

  it('reports an error of the listening server itself (out of file descriptors, say) and keeps serving', async () => {
    const made: https.Server[] = [];
    const createServer = https.createServer;
    const spy = vi.spyOn(https, 'createServer').mockImplementation(((...args: Parameters<typeof https.createServer>) => {
      const created = createServer(...args);
      made.push(created);
      return created;
    }) as typeof https.createServer);
    const errors: string[] = [];
    const own = await startLabServer({ port: 0, ...(await loadServeCerts(lab.dir)), onServerError: (e) => errors.push(e.message) });
    spy.mockRestore();
    try {
      made[0]!.emit('error', Object.assign(new Error('accept EMFILE'), { code: 'EMFILE' }));
      expect(errors).toEqual(['accept EMFILE']);
      const reply = await httpsGet({ port: own.port, ca: lab.file('ca.crt'), cert: lab.file('clients/good.crt'), key: lab.file('clients/good.key') });
      expect(reply).toMatchObject({ status: 200 });
    } finally {
      await own.close();
    }
  });

  it('reports a taken port clearly', async () => {
    await expect(startLabServer({ port: lab.server.port, ...(await loadServeCerts(lab.dir)) })).rejects.toBeInstanceOf(PortInUseError);
  });

  const hasCurl = spawnSync('curl', ['--version']).status === 0;
  it.skipIf(!hasCurl)('works with curl: the good cert gets in, the expired one does not', async () => {
    const curl = (client: string) =>
      new Promise<{ code: number; stdout: string }>((resolve) =>
        execFile(
          'curl',
          ['-sS', '--max-time', '5', '--cacert', join(lab.dir, 'ca.crt'), '--cert', join(lab.dir, `clients/${client}.crt`), '--key', join(lab.dir, `clients/${client}.key`), `https://localhost:${lab.server.port}/`],
          (error, stdout) => resolve({ code: error ? Number((error as { code?: number }).code ?? 1) : 0, stdout }),
        ),
      );
    const good = await curl('good');
    expect(good.code).toBe(0);
    expect(good.stdout).toContain('hello spiffe://cluster.local/ns/shop/sa/orders');
    expect((await curl('expired')).code).not.toBe(0);
  });

  const hasOpenssl = spawnSync('openssl', ['version']).status === 0;
  it.skipIf(!hasOpenssl)('works with openssl s_client: the chain verifies, a self-signed client is dropped', async () => {
    const sClient = (client: string) =>
      new Promise<string>((resolve) => {
        const child = execFile(
          'openssl',
          ['s_client', '-connect', `127.0.0.1:${lab.server.port}`, '-servername', 'localhost', '-CAfile', join(lab.dir, 'ca.crt'), '-cert', join(lab.dir, `clients/${client}.crt`), '-key', join(lab.dir, `clients/${client}.key`), '-brief', '-ign_eof'],
          { timeout: 5000 },
          (_error, stdout, stderr) => resolve(stdout + stderr),
        );
        child.stdin?.end('GET / HTTP/1.0\r\n\r\n');
      });
    const good = await sClient('good');
    expect(good).toContain('Verification: OK');
    expect(good).toContain('hello spiffe://cluster.local/ns/shop/sa/orders');
    expect(await sClient('self-signed')).not.toContain('hello spiffe');
  });
});

describe('lab serve with a raw TLS client', () => {
  it('closes every connection on close(), so nothing keeps the process alive', async () => {
    const local = await startLabServer({ port: 0, ...(await loadServeCerts(lab.dir)) });
    const socket = tls.connect({ host: '127.0.0.1', port: local.port, servername: 'localhost', ca: lab.file('ca.crt'), cert: lab.file('clients/good.crt'), key: lab.file('clients/good.key') });
    await new Promise((resolve) => socket.once('secureConnect', resolve));
    const closed = new Promise((resolve) => socket.once('close', resolve));
    await local.close();
    await closed;
    expect(socket.destroyed).toBe(true);
  });
});
