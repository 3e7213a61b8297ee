/**
 * `lab serve` calls a connection "accepted" only when a verified client went on to send a request. A client that
 * completes the handshake and then leaves, refuses the server's certificate, or sits idle is reported as such,
 * and an idle one is closed after the idle timeout instead of being held for minutes.
 */
import { execFile, spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { cp, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import tls from 'node:tls';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { exportLab } from '../../src/lab/export.js';
import { loadServeCerts, startLabServer, type ConnectionReport } from '../../src/lab/serve.js';
import { createLabPki } from '../../src/lab/lab-pki.js';
import { useExportedLabServer } from './exported-server.js';

const lab = useExportedLabServer('mtls-serve-no-request-', 2000);

function connect(options: tls.ConnectionOptions): tls.TLSSocket {
  const socket = tls.connect({ host: '127.0.0.1', port: lab.server.port, servername: 'localhost', cert: lab.file('clients/good.crt'), key: lab.file('clients/good.key'), ...options });
  socket.on('error', () => {});
  return socket;
}

/** The report about the connection of the client whose local port is `port`. */
async function reportOf(port: number | undefined, reports: ConnectionReport[] = lab.reports): Promise<ConnectionReport> {
  const remote = `127.0.0.1:${port}`;
  return vi.waitFor(
    () => {
      const found = reports.find((r) => r.remote === remote);
      if (!found) throw new Error(`no report for ${remote}`);
      return found;
    },
    { timeout: 5000, interval: 10 },
  );
}

describe('lab serve: a handshake without a request is not "accepted"', () => {
  it('a verified client that leaves before asking anything: "handshake done, no request (the client left)"', async () => {
    const socket = connect({ ca: lab.file('ca.crt') });
    await new Promise((resolve) => socket.once('secureConnect', resolve));
    const port = socket.localPort;
    socket.end();
    const report = await reportOf(port);
    expect(report.verdict).toBe('no-request');
    expect(report.reason).toBe('handshake done, no request (the client left)');
    expect(report.identity).toBe('spiffe://cluster.local/ns/shop/sa/orders');
  });

  const hasCurl = spawnSync('curl', ['--version']).status === 0;
  it.skipIf(!hasCurl)('curl refusing the server name once the handshake is done (exit 60): not accepted, "the client left"', async () => {
    // curl, like Node's client, checks the server's name only after the handshake, then hangs up without asking.
    const port = lab.server.port;
    const before = lab.reports.length;
    // Asynchronously: the server runs in this process and must keep answering while curl talks to it.
    const status = await new Promise<number>((resolve) =>
      execFile('curl', ['-sS', '--max-time', '5', '--resolve', `wrong.example:${port}:127.0.0.1`, '--cacert', join(lab.dir, 'ca.crt'), '--cert', join(lab.dir, 'clients/good.crt'), '--key', join(lab.dir, 'clients/good.key'), `https://wrong.example:${port}/`], (error) =>
        resolve(error ? Number((error as { code?: number }).code ?? 1) : 0),
      ),
    );
    expect(status).toBe(60);
    const report = await vi.waitFor(() => {
      const found = lab.reports.slice(before).at(0);
      if (!found) throw new Error('no report yet');
      return found;
    });
    expect(report.verdict).toBe('no-request');
    expect(report.reason).toBe('handshake done, no request (the client left)');
  });

  it('a client that does not trust the server CA: cut off during the handshake, never accepted', async () => {
    const stranger = (await createLabPki().ca('other-ca')).cert;
    const socket = connect({ ca: stranger });
    await new Promise((resolve) => socket.once('connect', resolve));
    const port = socket.localPort;
    await new Promise((resolve) => socket.once('close', resolve));
    expect((await reportOf(port)).verdict).toBe('rejected');
  });
});

describe('lab serve: the idle timeout', () => {
  const dirs: string[] = [];
  afterAll(async () => Promise.all(dirs.map((dir) => rm(dir, { recursive: true, force: true }))));

  it('closes a verified client that sends nothing after the handshake, and says why', async () => {
    const reports: ConnectionReport[] = [];
    const server = await startLabServer({ port: 0, ...(await loadServeCerts(lab.dir)), idleTimeoutMs: 300, onConnection: (r) => reports.push(r) });
    try {
      const socket = tls.connect({ host: '127.0.0.1', port: server.port, servername: 'localhost', ca: lab.file('ca.crt'), cert: lab.file('clients/good.crt'), key: lab.file('clients/good.key') });
      socket.on('error', () => {});
      const closed = new Promise((resolve) => socket.once('close', resolve));
      await new Promise((resolve) => socket.once('secureConnect', resolve));
      const port = socket.localPort;
      await closed; // the server closed it: the client never ends it here
      const report = await reportOf(port, reports);
      expect(report).toMatchObject({ verdict: 'no-request', code: 'IDLE' });
      expect(report.reason).toBe('handshake done, no request within 300 ms; connection closed');
    } finally {
      await server.close();
    }
  });

  it('a bad or mismatched server.key is named, with the problem in words', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'mtls-serve-bad-key-'));
    dirs.push(dir);
    await exportLab(dir);
    writeFileSync(join(dir, 'server.key'), '-----BEGIN PRIVATE KEY-----\nnot a key\n-----END PRIVATE KEY-----\n');
    await expect(loadServeCerts(dir)).rejects.toThrow(`${join(dir, 'server.key')} is not a PEM private key`);
    const other = await mkdtemp(join(tmpdir(), 'mtls-serve-other-'));
    dirs.push(other);
    await exportLab(other);
    await cp(join(other, 'server.key'), join(dir, 'server.key'));
    await expect(loadServeCerts(dir)).rejects.toThrow(`${join(dir, 'server.key')} does not belong to ${join(dir, 'server.crt')}`);
  });
});
