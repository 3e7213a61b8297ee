/**
 * Runs the built mtls-tutor as its own process, in a sandbox of fresh empty directories (cwd, HOME, TMPDIR), and,
 * where strace works, records every file-system change it attempts: what a lab writes, and where.
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { isAbsolute, join, resolve } from 'node:path';
import { inject } from 'vitest';

/** System calls that create, change or remove something in the file system (open/openat only with write flags). */
const CHANGING = [
  'open', 'openat', 'creat', 'mkdir', 'mkdirat', 'rename', 'renameat', 'renameat2', 'unlink', 'unlinkat', 'rmdir',
  'chmod', 'fchmodat', 'chown', 'fchownat', 'lchown', 'symlink', 'symlinkat', 'link', 'linkat', 'truncate', 'mknod', 'mknodat',
];

/** Whether strace can trace a child here (installed, and ptrace allowed). */
export const straceWorks = spawnSync('strace', ['-f', '-qq', '-o', '/dev/null', 'true'], { timeout: 5000 }).status === 0;

export interface Sandbox {
  root: string;
  cwd: string;
  home: string;
  tmp: string;
  /** Everything found under cwd, HOME and TMPDIR (relative paths, directories end in /). */
  contents(): string[];
  remove(): void;
}

/** Lists a directory tree: relative paths, directories with a trailing slash, sorted. */
export function listTree(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .map((entry) => {
      const relative = join(entry.parentPath, entry.name).slice(dir.length + 1);
      return entry.isDirectory() ? `${relative}/` : relative;
    })
    .sort();
}

export function makeSandbox(): Sandbox {
  const root = mkdtempSync(join(tmpdir(), 'mtls-sandbox-'));
  const [cwd, home, tmp] = ['cwd', 'home', 'tmp'].map((name) => {
    const dir = join(root, name);
    mkdirSync(dir);
    return dir;
  }) as [string, string, string];
  return {
    root,
    cwd,
    home,
    tmp,
    contents: () => [cwd, home, tmp].flatMap((dir) => listTree(dir).map((path) => `${dir.slice(root.length + 1)}/${path}`)),
    remove: () => rmSync(root, { recursive: true, force: true }),
  };
}

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
  /** Absolute paths the process tried to change (null when not traced). */
  changes: { syscall: string; path: string }[] | null;
}

export interface RunningCli {
  /** Resolves with the first match of `pattern` in stdout; rejects after `timeoutMs`. */
  waitFor(pattern: RegExp, timeoutMs?: number): Promise<RegExpExecArray>;
  /** Ctrl+C. */
  interrupt(): void;
  /** Sends `name` to the process (and its group). */
  signal(name: NodeJS.Signals): void;
  /** The process id of mtls-tutor (or of strace, when traced). */
  pid: number;
  done: Promise<CliResult>;
}

function changesIn(traceFile: string, cwd: string): { syscall: string; path: string }[] {
  const changes: { syscall: string; path: string }[] = [];
  for (const line of readFileSync(traceFile, 'utf8').split('\n')) {
    const call = /^\d+\s+(\w+)\((.*)$/.exec(line);
    if (!call || !CHANGING.includes(call[1]!)) continue;
    const [, syscall, args] = call as unknown as [string, string, string];
    if ((syscall === 'open' || syscall === 'openat') && !/O_(WRONLY|RDWR|CREAT|TRUNC)/.test(args)) continue;
    // A path relative to another directory descriptor cannot be placed: keep it visible rather than guess.
    const dirfd = /^(\d+), "/.exec(args)?.[1];
    for (const [, raw] of args.matchAll(/"((?:[^"\\]|\\.)*)"/g)) {
      const path = raw!;
      changes.push({ syscall, path: isAbsolute(path) ? path : dirfd ? `<fd ${dirfd}>/${path}` : resolve(cwd, path) });
    }
  }
  return changes;
}

/** Starts `mtls-tutor ARGS` in the sandbox (cwd, HOME, TMPDIR); traced with strace when `trace` and strace works. */
export function startCli(args: string[], sandbox: Sandbox, options: { trace?: boolean; timeoutMs?: number; env?: NodeJS.ProcessEnv } = {}): RunningCli {
  const env: NodeJS.ProcessEnv = { ...process.env, ...options.env, NO_COLOR: '1', HOME: sandbox.home, TMPDIR: sandbox.tmp };
  // Everything a program might write to by default must fall under the sandbox's HOME.
  for (const name of ['XDG_CONFIG_HOME', 'XDG_CACHE_HOME', 'XDG_DATA_HOME', 'XDG_STATE_HOME', 'MTLS_TUTOR_HOME']) delete env[name];
  const traced = options.trace === true && straceWorks;
  const traceFile = join(sandbox.root, 'strace.out');
  const command = traced
    ? ['strace', '-f', '-qq', '-s', '4096', '-e', `trace=${CHANGING.map((name) => `?${name}`).join(',')}`, '-o', traceFile, process.execPath]
    : [process.execPath];
  // Its own process group, so Ctrl+C reaches node under strace (strace -o FILE PROG ignores it and keeps tracing).
  const child = spawn(command[0]!, [...command.slice(1), inject('bundle'), ...args], { cwd: sandbox.cwd, env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  const listeners = new Set<() => void>();
  child.stdout.on('data', (chunk: Buffer) => {
    stdout += chunk;
    for (const listener of listeners) listener();
  });
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk));
  const signal = (name: NodeJS.Signals) => {
    try {
      process.kill(-child.pid!, name);
    } catch {
      // already gone
    }
  };
  const limit = setTimeout(() => signal('SIGKILL'), options.timeoutMs ?? 15_000);
  const done = new Promise<CliResult>((resolveDone) => {
    child.on('close', (code) => {
      clearTimeout(limit);
      resolveDone({ code, stdout, stderr, changes: traced ? changesIn(traceFile, sandbox.cwd) : null });
    });
  });
  return {
    done,
    interrupt: () => signal('SIGINT'),
    signal,
    pid: child.pid!,
    waitFor: (pattern, timeoutMs = 10_000) =>
      new Promise((resolveMatch, reject) => {
        const check = () => {
          const match = pattern.exec(stdout);
          if (!match) return;
          cleanup();
          resolveMatch(match);
        };
        const timer = setTimeout(() => {
          cleanup();
          reject(new Error(`no ${pattern} in stdout within ${timeoutMs} ms; stdout: ${stdout}; stderr: ${stderr}`));
        }, timeoutMs);
        const cleanup = () => {
          clearTimeout(timer);
          listeners.delete(check);
        };
        listeners.add(check);
        check();
      }),
  };
}
