import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import { exportLab } from '../../src/lab/export.js';
import { loadServeCerts, startLabServer, type ConnectionReport, type LabServer } from '../../src/lab/serve.js';

/**
 * For a test file: `lab export` into a fresh folder, then `lab serve` on its certificates (any free port), every
 * connection report collected; closed and removed after the file. `beforeStart` runs between the two.
 */
export function useExportedLabServer(prefix: string, handshakeTimeoutMs: number, beforeStart: () => Promise<void> = async () => {}) {
  let dir = '';
  let server: LabServer | undefined;
  const reports: ConnectionReport[] = [];
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), prefix));
    await exportLab(dir);
    await beforeStart();
    server = await startLabServer({ port: 0, ...(await loadServeCerts(dir)), handshakeTimeoutMs, onConnection: (r) => reports.push(r) });
  });
  afterAll(async () => {
    await server?.close();
    await rm(dir, { recursive: true, force: true });
  });
  return {
    get dir() {
      return dir;
    },
    get server(): LabServer {
      if (!server) throw new Error('the lab server is not started yet');
      return server;
    },
    reports,
    /** A file of the exported folder, e.g. 'clients/good.crt'. */
    file: (name: string) => readFileSync(join(dir, name)),
  };
}
