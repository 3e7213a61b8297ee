import { describe, expect, it } from 'vitest';
import { bufferIo } from '../../src/cli/io.js';
import { HELP, main } from '../../src/cli/main.js';
import { runBundle } from './run-bundle.js';

const noTui = async () => {
  throw new Error('the TUI must not start');
};

describe('mtls-tutor command line', () => {
  it('--help lists every command group', async () => {
    const io = bufferIo();
    expect(await main(['--help'], io, noTui)).toBe(0);
    for (const command of ['lessons check', 'lessons stats', 'lab list', 'lab run', 'lab export', 'lab serve', 'policy explain', 'policy lab', 'progress reset', 'progress export', 'progress import']) {
      expect(io.stdout).toContain(`mtls-tutor ${command}`);
    }
    expect(io.stdout).toBe(`${HELP}`.endsWith('\n') ? HELP : `${HELP}\n`);
  });

  it('--version prints the package version from the built binary', () => {
    const { code, stdout } = runBundle(['--version']);
    expect(code).toBe(0);
    expect(stdout.trim()).toMatch(/^\d+\.\d+\.\d+$/);
  });

  it('an unknown command names the valid ones and exits 2', async () => {
    const io = bufferIo();
    expect(await main(['lern'], io, noTui)).toBe(2);
    expect(io.stderr).toContain("unknown command 'lern'");
    expect(io.stderr).toContain('lessons, lab, policy, progress');
  });

  it('without a terminal, the TUI explains what to run instead and exits 1 without a stack trace', () => {
    const { code, stderr, stdout } = runBundle([], {}, 'q\n');
    expect(code).toBe(1);
    expect(stdout).toBe('');
    expect(stderr).toContain('needs a terminal');
    expect(stderr).toContain('mtls-tutor --help');
    expect(stderr).not.toMatch(/\n\s+at /);
  });
});

describe('in a pipeline', () => {
  it('stops quietly when the reader has already closed the pipe (| head, | true)', async () => {
    const { spawnSync } = await import('node:child_process');
    const { inject } = await import('vitest');
    const result = spawnSync('sh', ['-c', `"${process.execPath}" "${inject('bundle')}" lessons stats | true; echo done`], { encoding: 'utf8', timeout: 15_000 });
    expect(result.stdout.trim()).toBe('done');
    expect(result.stderr).not.toContain('EPIPE');
  });
});
