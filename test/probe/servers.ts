/**
 * Servers nobody here wrote the verification logic of, on 127.0.0.1, for the probe to judge: openssl s_server,
 * nginx (when installed; a foreground process with a temporary prefix and config, no daemon), a Node https server
 * configured the lax way. Each is stopped (SIGKILL) and its folder removed by `stop()`.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import https from 'node:https';
import * as netModule from 'node:net';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { freePort } from '../lab/ports.js';

export interface TestServer {
  port: number;
  stop(): Promise<void>;
}

function stopChild(child: ChildProcess, cleanup: () => void): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      cleanup();
      resolve();
    };
    if (child.exitCode !== null || child.signalCode !== null) return done();
    child.once('close', done);
    child.kill('SIGKILL');
  });
}

/** openssl s_server -www on an ephemeral port, with PKI files from `dir` and `flags` (e.g. ['-Verify', '1']). */
export function startSServer(dir: string, flags: string[]): Promise<TestServer> {
  const child = spawn('openssl', ['s_server', '-www', '-accept', '127.0.0.1:0', '-cert', join(dir, 'server.crt'), '-key', join(dir, 'server.key'), '-CAfile', join(dir, 'ca.crt'), ...flags], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error('s_server did not start within 10 s'));
    }, 10_000);
    child.once('error', reject);
    createInterface({ input: child.stdout! }).on('line', (line) => {
      const accept = /^ACCEPT 127\.0\.0\.1:(\d+)$/.exec(line);
      if (!accept) return;
      clearTimeout(timer);
      resolve({ port: Number(accept[1]), stop: () => stopChild(child, () => {}) });
    });
    child.stderr!.resume();
  });
}

export const nginxAvailable = spawnSync('nginx', ['-v'], { encoding: 'utf8' }).status === 0;

/** nginx in the foreground (master_process off, daemon off) with a temporary prefix; `verify` is ssl_verify_client. */
export async function startNginx(dir: string, verify: 'on' | 'optional_no_ca'): Promise<TestServer> {
  const prefix = mkdtempSync(join(tmpdir(), 'mtls-nginx-'));
  mkdirSync(join(prefix, 'tmp'));
  mkdirSync(join(prefix, 'logs'));
  const port = await freePort();
  const conf = join(prefix, 'nginx.conf');
  writeFileSync(
    conf,
    `worker_processes 1;
master_process off;
daemon off;
pid ${prefix}/nginx.pid;
error_log stderr notice;
events { worker_connections 64; }
http {
  access_log off;
  client_body_temp_path ${prefix}/tmp/body;
  proxy_temp_path ${prefix}/tmp/proxy;
  fastcgi_temp_path ${prefix}/tmp/fastcgi;
  uwsgi_temp_path ${prefix}/tmp/uwsgi;
  scgi_temp_path ${prefix}/tmp/scgi;
  server {
    listen 127.0.0.1:${port} ssl;
    server_name localhost;
    ssl_protocols TLSv1.2 TLSv1.3;
    ssl_certificate ${join(dir, 'server.crt')};
    ssl_certificate_key ${join(dir, 'server.key')};
    ssl_client_certificate ${join(dir, 'ca.crt')};
    ssl_verify_client ${verify};
    ssl_verify_depth 2;
    location / { return 200 "hello $ssl_client_verify\\n"; }
  }
}
`,
  );
  const child = spawn('nginx', ['-p', prefix, '-c', conf], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk));
  const cleanup = () => rmSync(prefix, { recursive: true, force: true });
  // nginx says nothing when it listens: wait until the port answers.
  const deadline = Date.now() + 10_000;
  for (;;) {
    if (child.exitCode !== null) {
      cleanup();
      throw new Error(`nginx exited: ${stderr}`);
    }
    const up = await new Promise<boolean>((resolve) => {
      const socket = netModule.connect(port, '127.0.0.1');
      socket.once('connect', () => {
        socket.destroy();
        resolve(true);
      });
      socket.once('error', () => resolve(false));
    });
    if (up) break;
    if (Date.now() > deadline) {
      await stopChild(child, cleanup);
      throw new Error(`nginx did not listen within 10 s: ${stderr}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return { port, stop: () => stopChild(child, cleanup) };
}

/** A Node https server that asks for a client certificate but lets every one through (rejectUnauthorized: false). */
export function startLaxNode(dir: string): Promise<TestServer> {
  const read = (file: string) => readFileSync(join(dir, file));
  const server = https.createServer({ cert: read('server.crt'), key: read('server.key'), ca: read('ca.crt'), requestCert: true, rejectUnauthorized: false }, (request, response) => {
    response.end(`hello ${(request.socket as import('node:tls').TLSSocket).authorized ? 'verified' : 'unverified'}\n`);
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () =>
      resolve({
        port: (server.address() as AddressInfo).port,
        stop: () =>
          new Promise((done) => {
            server.closeAllConnections();
            server.close(() => done());
          }),
      }),
    ),
  );
}

/** A TCP listener that accepts and never says anything: every TLS attempt against it times out. */
export function startSilent(): Promise<TestServer & { sockets: Set<netModule.Socket> }> {
  const sockets = new Set<netModule.Socket>();
  const server = netModule.createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => {});
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () =>
      resolve({
        port: (server.address() as AddressInfo).port,
        sockets,
        stop: () =>
          new Promise((done) => {
            for (const socket of sockets) socket.destroy();
            server.close(() => done());
          }),
      }),
    ),
  );
}
