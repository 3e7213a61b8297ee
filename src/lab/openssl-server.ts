/**
 * `openssl s_server` as the lab's server, for learners who want to see what handshake-time verifiers send.
 * Node's server verifies a client certificate after the handshake and closes without an alert; OpenSSL's server
 * (like Envoy's BoringSSL) verifies during the handshake and sends the alert: 45 certificate_expired, 48 unknown_ca,
 * 116 certificate_required... The outcome still comes from the TLS stacks; this file only reads what s_server
 * prints to tell the timeline and the reason.
 *
 * s_server reads its certificate, key and CAs from files: they go in a private folder (0700, files 0600) that is
 * removed when the server closes. They are throwaway lab keys made for this run.
 */
import { spawn, spawnSync, type ChildProcessByStdio } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import type { Readable, Writable } from 'node:stream';
import { trackChild, trackFolder } from './live-resources.js';
import { GREETING_PREFIX, type HandshakeServer, type Note, type ServerFacts } from './handshake-server.js';
import type { PemIdentity } from './pki.js';
import { parseOpensslError } from './tls-facts.js';
import type { TlsVersion } from './types.js';

/** Whether an openssl binary can play the lab's server: its version, or why not, in a sentence. */
export type OpensslSupport = { ok: true; version: string } | { ok: false; reason: string };

/** Reads `openssl version`. Tested with OpenSSL 3.0; s_server reports its port from 1.1.1 on; LibreSSL differs. */
export function opensslSupport(): OpensslSupport {
  const result = spawnSync('openssl', ['version'], { encoding: 'utf8', timeout: 5000 });
  if (result.error || result.status !== 0) return { ok: false, reason: 'no openssl binary on PATH' };
  const version = result.stdout.trim();
  const release = /^OpenSSL (\d+)\.(\d+)\.(\d+)/.exec(version);
  if (!release) return { ok: false, reason: `found ${version || 'an unknown openssl'}, whose s_server the labs do not support` };
  const [major, minor, patch] = release.slice(1).map(Number) as [number, number, number];
  if (major < 1 || (major === 1 && (minor < 1 || (minor === 1 && patch < 1)))) return { ok: false, reason: `found ${version}; the labs need OpenSSL 1.1.1 or newer` };
  return { ok: true, version };
}

/** X509_V_ERR_* numbers s_server prints ("verify error:num=10:...") by the names Node uses for authorizationError. */
const VERIFY_ERRORS: Record<number, string> = {
  2: 'UNABLE_TO_GET_ISSUER_CERT',
  7: 'CERT_SIGNATURE_FAILURE',
  9: 'CERT_NOT_YET_VALID',
  10: 'CERT_HAS_EXPIRED',
  18: 'DEPTH_ZERO_SELF_SIGNED_CERT',
  19: 'SELF_SIGNED_CERT_IN_CHAIN',
  20: 'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  21: 'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  24: 'INVALID_CA',
  26: 'INVALID_PURPOSE',
  28: 'CERT_REJECTED',
};

/** How long s_server may take to start listening (~10 ms here; a loaded machine may need far more). */
const START_LIMIT_MS = 5000;

export interface OpensslServerSpec {
  identity: PemIdentity;
  /** CA certificates (PEM) the server trusts for clients. */
  trusts: string[];
  tls: TlsVersion;
  /** The only ALPN protocols the server accepts (null: none asked). */
  alpn: string[] | null;
  note: Note;
  /** Called when s_server has exited (it serves one connection), so the caller can tell the step is over. */
  onChange: () => void;
}

/**
 * Reads s_server's output line by line into facts and timeline events. (It prints the client certificate only
 * when it is not handed a greeting before the handshake; the handshake reports the one the client sent.)
 */
function createOutputReader(note: Note, facts: ServerFacts) {
  let depthLine: string | null = null;
  return (line: string) => {
    const depth = /^depth=(\d+) (.*)$/.exec(line);
    if (depth) {
      depthLine = `depth ${depth[1]}: ${depth[2]}`;
      return;
    }
    if (line === 'verify return:1') {
      if (depthLine) note('server', 'verify', `${depthLine}: ok`);
      depthLine = null;
      return;
    }
    const verifyError = /^verify error:num=(\d+):(.*)$/.exec(line);
    if (verifyError) {
      const code = VERIFY_ERRORS[Number(verifyError[1])] ?? `X509_V_ERR ${verifyError[1]}`;
      facts.authorizationError ??= code;
      note('server', 'verify', `${depthLine ?? 'certificate'}: ${code} (${verifyError[2]})`);
      depthLine = null;
      return;
    }
    const error = parseOpensslError(line);
    if (error?.library === 'SSL routines') {
      // Named as Node names the same error: "certificate verify failed" is ERR_SSL_CERTIFICATE_VERIFY_FAILED.
      const code = `ERR_SSL_${error.reason.toUpperCase().replace(/[^A-Z0-9]+/g, '_')}`;
      facts.serverError ??= { code, message: error.reason };
      note('server', 'error', code);
      return;
    }
    if (line === 'CONNECTION CLOSED') note('server', 'close');
  };
}

export async function startOpensslServer(spec: OpensslServerSpec): Promise<HandshakeServer> {
  const dir = mkdtempSync(join(tmpdir(), 'mtls-tutor-s_server-'));
  const untrackFolder = trackFolder(dir);
  const file = (name: string, content: string) => {
    const path = join(dir, name);
    writeFileSync(path, content, { mode: 0o600, flag: 'wx' });
    return path;
  };
  const facts: ServerFacts = { serverError: null, authorizationError: null, seenByServer: null };
  let child: ChildProcessByStdio<Writable, Readable, Readable>;
  try {
    const args = [
      's_server',
      '-accept', '127.0.0.1:0',
      '-naccept', '1', // one connection, then exit: the step is over when the process is
      '-cert', file('server.crt', spec.identity.cert),
      '-key', file('server.key', spec.identity.key),
      '-CAfile', file('trusted-cas.crt', spec.trusts.join('\n')),
      '-Verify', '1', // request a client certificate and require one
      '-verify_return_error', // refuse a bad one during the handshake, with an alert
      spec.tls === '1.3' ? '-tls1_3' : '-tls1_2',
      ...(spec.alpn ? ['-alpn', spec.alpn.join(',')] : []),
    ];
    child = spawn('openssl', args, { stdio: ['pipe', 'pipe', 'pipe'] });
  } catch (error) {
    rmSync(dir, { recursive: true, force: true });
    untrackFolder();
    throw error;
  }
  const untrackChild = trackChild(child);
  let exited = false;
  const closed = new Promise<void>((resolve) =>
    child.once('close', () => {
      exited = true;
      untrackChild();
      rmSync(dir, { recursive: true, force: true });
      untrackFolder();
      spec.onChange();
      resolve();
    }),
  );
  child.stdin.on('error', () => {}); // s_server may exit before reading it
  // s_server writes what it reads on stdin to the client once the handshake is done, then closes at its end.
  child.stdin.end(`${GREETING_PREFIX}from openssl s_server\n`);

  const read = createOutputReader(spec.note, facts);
  let stderr = '';
  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => fail(new Error(`openssl s_server did not start listening within ${START_LIMIT_MS} ms`)), START_LIMIT_MS);
    const fail = (error: Error) => {
      clearTimeout(timer);
      child.kill('SIGKILL');
      reject(error);
    };
    child.once('error', (error) => fail(new Error(`could not run openssl: ${error.message}`)));
    void closed.then(() => fail(new Error(`openssl s_server exited before listening: ${stderr.trim().split('\n').slice(-2).join(' ') || 'no message'}`)));
    const lines = (input: Readable, onLine: (line: string) => void) => createInterface({ input, crlfDelay: Infinity }).on('line', onLine);
    lines(child.stdout, (line) => {
      const accept = /^ACCEPT 127\.0\.0\.1:(\d+)$/.exec(line);
      if (accept) {
        clearTimeout(timer);
        resolve(Number(accept[1]));
      } else if (line.startsWith('ACCEPT')) fail(new Error(`openssl s_server did not say which port it listens on ("${line}"): the labs need OpenSSL 1.1.1 or newer`));
      else read(line);
    });
    lines(child.stderr, (line) => {
      stderr += `${line}\n`;
      read(line);
    });
  });

  return {
    port,
    facts,
    idle: () => exited,
    abort: () => child.kill('SIGKILL'),
    close: async () => {
      if (!exited) child.kill('SIGKILL');
      await closed;
    },
  };
}
