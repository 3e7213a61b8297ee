/**
 * Opening a PKCS#12 (.p12/.pfx) file. Node has no PKCS#12 parser, and writing one (PBES2 and the legacy RC2/3DES
 * bag encryption, MAC checks) would be a large, security-sensitive piece of code for a tutor. So this runs the
 * `openssl pkcs12` command when it is installed: the file's bytes on its stdin, the password in its environment
 * (never on the command line, where other users could read it in `ps`), the PEM it prints read from a pipe and
 * parsed in memory. The wait is bounded and the child killed when it passes; nothing is written to disk.
 */
import { spawn } from 'node:child_process';

const LIMIT_MS = 10_000;
const MAX_OUTPUT = 4 * 1024 * 1024;

export type Pkcs12Result = { ok: true; pem: string } | { ok: false; reason: string };

function runOpenssl(bytes: Buffer, password: string, legacy: boolean, limitMs: number): Promise<{ code: number | null; stdout: string; stderr: string; timedOut: boolean; missing: boolean }> {
  return new Promise((resolve) => {
    const args = ['pkcs12', '-nodes', '-passin', 'env:MTLS_TUTOR_P12_PASSWORD', ...(legacy ? ['-legacy'] : [])];
    const child = spawn('openssl', args, { stdio: ['pipe', 'pipe', 'pipe'], env: { ...process.env, MTLS_TUTOR_P12_PASSWORD: password } });
    let stdout = '';
    let stderr = '';
    let timedOut = false;
    let missing = false;
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, limitMs);
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString('utf8');
      if (stdout.length > MAX_OUTPUT) child.kill('SIGKILL');
    });
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    child.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT') missing = true;
      else stderr += error.message;
    });
    child.stdin.on('error', () => {}); // openssl may exit before reading everything
    child.stdin.end(bytes);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr, timedOut, missing });
    });
  });
}

/** The certificates and key of a PKCS#12 file as PEM text, or why not, in a sentence. */
export async function openPkcs12(bytes: Buffer, password: string, { limitMs = LIMIT_MS }: { limitMs?: number } = {}): Promise<Pkcs12Result> {
  let run = await runOpenssl(bytes, password, false, limitMs);
  // OpenSSL 3 refuses the RC2/3DES encryption of older .p12 files unless asked for its legacy provider.
  if (run.code !== 0 && !run.timedOut && !run.missing && /unsupported|legacy|RC2|global default library context/i.test(run.stderr)) {
    run = await runOpenssl(bytes, password, true, limitMs);
  }
  if (run.missing) return { ok: false, reason: 'opening PKCS#12 needs the openssl command, which is not installed (apt install openssl, brew install openssl)' };
  if (run.timedOut) return { ok: false, reason: `openssl pkcs12 gave no answer within ${limitMs / 1000} s; it was stopped` };
  if (run.code !== 0) {
    if (/mac verify failure|invalid password|bad decrypt/i.test(run.stderr)) return { ok: false, reason: 'the password is wrong (openssl: mac verify failure)' };
    const line = run.stderr.split('\n').find((l) => l.trim() !== '') ?? `exit code ${run.code}`;
    return { ok: false, reason: `openssl pkcs12 could not read it: ${line.trim()}` };
  }
  return { ok: true, pem: run.stdout };
}
