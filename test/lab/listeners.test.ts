/**
 * Every listener the TLS labs open binds 127.0.0.1 (never 0.0.0.0 or ::), on a port the OS picks unless the user
 * asked for one: a lab must not be reachable from the network.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exportLab } from '../../src/lab/export.js';
import { runScenarios } from '../../src/lab/runner.js';
import { getScenario, SCENARIO_IDS } from '../../src/lab/scenarios.js';
import { loadServeCerts, startLabServer } from '../../src/lab/serve.js';
import { describeListens, recordListens } from './listens.js';
import { freePort } from './ports.js';
import { startServe } from '../cli/serve-command.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'mtls-listeners-'));
  await exportLab(dir);
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('lab listeners bind 127.0.0.1 only', () => {
  it('every TLS scenario, over both TLS versions: one loopback listener per handshake, on an ephemeral port', async () => {
    const { listens, stop } = recordListens();
    try {
      await Promise.all([runScenarios(SCENARIO_IDS, { tls: '1.2' }), runScenarios(SCENARIO_IDS, { tls: '1.3' })]);
    } finally {
      stop();
    }
    const handshakes = SCENARIO_IDS.reduce((sum, id) => sum + getScenario(id).steps.length, 0) * 2;
    expect(listens).toHaveLength(handshakes);
    for (const listen of listens) {
      expect(listen.requestedPort, describeListens([listen])[0]).toBe(0);
      expect(listen.bound, describeListens([listen])[0]).toMatchObject({ address: '127.0.0.1', family: 'IPv4' });
      expect(listen.bound!.port).toBeGreaterThan(0);
    }
  });

  it('lab serve: on 127.0.0.1, on the port asked for or (port 0) one the OS picks', async () => {
    const asked = await freePort();
    const { listens, stop } = recordListens();
    try {
      for (const port of [0, asked]) {
        const server = await startLabServer({ port, ...(await loadServeCerts(dir)) });
        await server.close();
      }
    } finally {
      stop();
    }
    expect(describeListens(listens)).toEqual([
      expect.stringMatching(/^asked 127\.0\.0\.1:0 → bound 127\.0\.0\.1:\d+ \(IPv4\)$/),
      `asked 127.0.0.1:${asked} → bound 127.0.0.1:${asked} (IPv4)`,
    ]);
  });

  it('mtls-tutor lab serve (the command): on 127.0.0.1 too', async () => {
    const { listens, stop } = recordListens();
    try {
      const { running, interrupt } = await startServe(['--port', '0', '--certs', dir]);
      interrupt();
      expect(await running, "130: stopped by Ctrl+C").toBe(130);
    } finally {
      stop();
    }
    expect(listens).toHaveLength(1);
    expect(listens[0]!.bound).toMatchObject({ address: '127.0.0.1', family: 'IPv4' });
  });
});
