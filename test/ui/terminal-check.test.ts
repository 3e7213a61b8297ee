/**
 * The tutor starts only where it can work: keys from a terminal, a frame drawn on a terminal, and a terminal that
 * moves the cursor. Elsewhere it says what to run instead and exits 1, drawing nothing (no cursor codes in a file).
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { startPty } from './pty.js';

const dir = mkdtempSync(join(tmpdir(), 'mtls-terminal-check-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const env = { MTLS_TUTOR_HOME: join(dir, 'home') };

describe('where the tutor cannot draw', () => {
  it('stdout redirected to a file: a paragraph on stderr, exit 1, and nothing written to the file', async () => {
    const out = join(dir, 'screen.txt');
    const pty = startPty(`${process.execPath} ${inject('bundle')} > ${out}; echo "exit=$?"`, { env });
    await pty.exited;
    expect(pty.textSince()).toContain('its output is not one');
    expect(pty.textSince()).toContain('mtls-tutor --help');
    expect(pty.textSince()).toContain('exit=1');
    expect(readFileSync(out, 'utf8')).toBe('');
  });

  it('TERM=dumb: says the terminal cannot move the cursor, exit 1, no escape sequences', async () => {
    const pty = startPty(`${process.execPath} ${inject('bundle')}; echo "exit=$?"`, { env: { ...env, TERM: 'dumb' } });
    await pty.exited;
    const printed = pty.output().slice(pty.output().indexOf('mtls-tutor'));
    expect(pty.textSince()).toContain('TERM=dumb');
    expect(pty.textSince()).toContain('exit=1');
    expect(printed).not.toMatch(/\u001B\[\??\d*[A-Za-z]/);
  });

  it('a real terminal with a usual TERM still opens the tutor', async () => {
    const pty = startPty(`${process.execPath} ${inject('bundle')}`, { env });
    await pty.waitFor('Review due cards');
    pty.type('q');
    expect(await pty.exited).toBe(0);
  });
});
