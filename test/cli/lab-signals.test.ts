/**
 * `lab run --server both` stopped part-way by each signal a user can send: every s_server it started is ended and
 * every private key folder removed before it exits with the shell's code for that signal. The signal goes to
 * mtls-tutor alone (as `kill PID` does), not to its process group, so the children cannot die of it themselves.
 */
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { makeSandbox, startCli, type Sandbox } from '../lab/cli-process.js';

let box: Sandbox;
let bin: string;
beforeEach(() => {
  box = makeSandbox();
  // A stand-in `openssl`: answers `openssl version`, and as s_server listens, says so, and never answers, so the
  // run is certainly still going when the signal arrives. Each writes its pid so the test can tell it was ended.
  bin = mkdtempSync(join(tmpdir(), 'mtls-stalling-openssl-'));
  const stub = [
    `#!${process.execPath}`,
    "if (process.argv[2] === 'version') { console.log('OpenSSL 3.0.13 30 Jan 2024'); process.exit(0); }",
    "require('node:fs').writeFileSync(require('node:path').join(process.env.STALL_PID_DIR, String(process.pid)), '');",
    "const server = require('node:net').createServer(() => {});",
    "server.listen(0, '127.0.0.1', () => console.log(`ACCEPT 127.0.0.1:${server.address().port}`));",
  ].join('\n');
  writeFileSync(join(bin, 'openssl'), stub, { mode: 0o755 });
});
afterEach(() => {
  box.remove();
  rmSync(bin, { recursive: true, force: true });
});

const pidsIn = (dir: string) => readdirSync(dir).filter((name) => /^\d+$/.test(name)).map(Number);
const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

describe('lab run stopped by a signal', () => {
  it.skipIf(process.platform === 'win32').each([
    ['SIGINT', 130],
    ['SIGTERM', 143],
    ['SIGHUP', 129],
  ] as const)('%s: exit %i, no s_server left running, no key folder left in TMPDIR', async (signal, code) => {
    const run = startCli(['lab', 'run', '--all', '--server', 'both', '--tls', 'both'], box, {
      env: { PATH: `${bin}${delimiter}${process.env.PATH}`, STALL_PID_DIR: bin },
    });
    await vi.waitFor(() => expect(pidsIn(bin).length).toBeGreaterThan(0), { timeout: 10_000, interval: 20 });
    await vi.waitFor(() => expect(box.contents().some((path) => path.endsWith('server.key'))).toBe(true), { timeout: 10_000, interval: 20 });
    process.kill(run.pid, signal);
    const result = await run.done;
    expect(result.code).toBe(code);
    expect(result.stderr).toContain(`Stopped (${signal})`);
    const started = pidsIn(bin);
    expect(started.length).toBeGreaterThan(0);
    // SIGKILL was sent before exit; the kernel may take a moment to reap what init inherited.
    for (const pid of started) await vi.waitFor(() => expect(alive(pid), `s_server ${pid} still running`).toBe(false), { timeout: 2000, interval: 20 });
    expect(box.contents(), 'no key folder left').toEqual([]);
  }, 30_000);
});
