import { execFile, spawn, spawnSync } from 'node:child_process';
import { createInterface } from 'node:readline';
import { afterEach, describe, expect, it } from 'vitest';
import { shippedLabTexts } from '../../src/content/course.js';
import { getScenario, SCENARIO_IDS, type ScenarioId } from '../../src/lab/scenarios.js';
import { useExportedLabServer } from './exported-server.js';

// Every lab prints the same scenario as commands to try by hand, inside a folder made by `lab export`: a server
// (lab serve, or openssl s_server when lab serve cannot play it), then a curl and an openssl client. Here they
// run for real, as printed (only the port differs), and each must end as the lab predicts, printing what its note
// says it prints. Measured with OpenSSL 3.0 and curl 7.88.
const have = (tool: string, ...args: string[]) => spawnSync(tool, args).status === 0;
const tools = { openssl: have('openssl', 'version'), curl: have('curl', '--version'), nc: spawnSync('sh', ['-c', 'command -v nc']).status === 0 };

/** How each client may exit and what it then prints (stdout and stderr together); for an s_server, what it logs. */
interface Expected {
  curl: [number[] | number, RegExp];
  openssl: [number[] | number, RegExp];
  server?: RegExp;
}
// Node's server ends the connection without an answer. When the client's request is already in its socket buffer,
// the kernel sends a reset instead of a plain close; either can happen, and both are a refusal.
const REFUSED_AFTER_HANDSHAKE: Expected = {
  curl: [[52, 56], /Empty reply from server|Recv failure: Connection reset by peer/],
  openssl: [[1, 104], /unexpected eof while reading|CONNECTION CLOSED BY SERVER/],
};
const EXPECTED: Record<ScenarioId, Expected> = {
  good: { curl: [0, /hello spiffe:\/\/cluster\.local\/ns\/shop\/sa\/orders/], openssl: [0, /hello spiffe:\/\/cluster\.local\/ns\/shop\/sa\/orders/] },
  'no-client-cert': { curl: [56, /tlsv13 alert certificate required/], openssl: [1, /SSL alert number 116/] },
  'expired-client-cert': REFUSED_AFTER_HANDSHAKE,
  'not-yet-valid-client-cert': REFUSED_AFTER_HANDSHAKE,
  'untrusted-client-ca': REFUSED_AFTER_HANDSHAKE,
  'self-signed-client-cert': REFUSED_AFTER_HANDSHAKE,
  'wrong-eku-client-cert': REFUSED_AFTER_HANDSHAKE,
  'server-name-mismatch': { curl: [60, /no alternative certificate subject name matches/], openssl: [1, /verify error:num=62:hostname mismatch/] },
  'untrusted-server-ca': { curl: [60, /SSL certificate problem/], openssl: [1, /verify error:num=19:self-signed certificate in certificate chain/] },
  'expired-server-cert': { curl: [60, /certificate has expired/], openssl: [1, /verify error:num=10:certificate has expired/], server: /alert certificate expired/ },
  'plaintext-to-mtls': { curl: [52, /Empty reply from server/], openssl: [0, /^$/] },
  'ca-rotation': { curl: [56, /tlsv1 alert unknown ca/], openssl: [1, /SSL alert number 48/], server: /self-signed certificate in certificate chain/ },
  'version-floor': { curl: [35, /tlsv1 alert protocol version/], openssl: [1, /SSL alert number 70/], server: /unsupported protocol/ },
  'alpn-mismatch': { curl: [35, /tlsv1 alert no application protocol/], openssl: [1, /SSL alert number 120/], server: /no application protocol/ },
  'root-rotation-both-trusted': { curl: [0, /s_server/], openssl: [0, /HTTP\/1\.0 200 ok/] },
  'root-rotation-old-dropped': { curl: [56, /tlsv1 alert unknown ca/], openssl: [1, /SSL alert number 48/], server: /self-signed certificate in certificate chain/ },
};

function sh(command: string, cwd: string): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    execFile('sh', ['-c', command], { cwd, timeout: 15_000 }, (error, stdout, stderr) =>
      resolve({ code: error ? ((error as { code?: number }).code ?? null) : 0, output: `${stdout}${stderr}` }),
    );
  });
}

/** Starts a printed `openssl s_server ...` on a free port (its stdin kept open, as in a terminal); resolves once it listens. */
function startPrintedServer(command: string, cwd: string): Promise<{ port: number; log: () => string; stop: () => void }> {
  const child = spawn('sh', ['-c', `exec ${command.replace('127.0.0.1:8443', '127.0.0.1:0')}`], { cwd, stdio: ['pipe', 'pipe', 'pipe'] });
  running.push(child);
  let log = '';
  child.stderr.on('data', (chunk: Buffer) => (log += chunk.toString()));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${command} did not listen within 10 s: ${log}`)), 10_000);
    createInterface({ input: child.stdout }).on('line', (line) => {
      log += `${line}\n`;
      const accept = /^ACCEPT 127\.0\.0\.1:(\d+)$/.exec(line);
      if (accept) {
        clearTimeout(timer);
        resolve({ port: Number(accept[1]), log: () => log, stop: () => child.kill('SIGKILL') });
      }
    });
    child.once('exit', () => reject(new Error(`${command} exited: ${log}`)));
  });
}
const running: ReturnType<typeof spawn>[] = [];
afterEach(() => {
  for (const child of running.splice(0)) child.kill('SIGKILL');
});

describe.skipIf(!tools.openssl || !tools.curl)('the printed server, openssl and curl commands, run for real', () => {
  const lab = useExportedLabServer('mtls-lab-commands-', 5000);

  it('every scenario prints a server to start: lab serve, or openssl s_server where lab serve cannot play it', async () => {
    const texts = await shippedLabTexts();
    for (const id of SCENARIO_IDS) expect(texts[id]?.commands.server, id).toMatch(/^(mtls-tutor lab serve --port 8443 --certs \.|openssl s_server -accept 127\.0\.0\.1:8443 )/);
  });

  for (const id of SCENARIO_IDS) {
    it(`${id}: curl and openssl end as the lab predicts (${getScenario(id).expected})`, async () => {
      const { commands } = (await shippedLabTexts())[id]!;
      const expected = EXPECTED[id];
      const accepted = getScenario(id).expected === 'accepted';
      const server = commands.server.startsWith('mtls-tutor lab serve') ? { port: lab.server.port, log: () => '', stop: () => {} } : await startPrintedServer(commands.server, lab.dir);
      const onPort = (command: string) => command.replaceAll(':8443', `:${server.port}`).replace(/ 8443\b/g, ` ${server.port}`);
      try {
        const curl = await sh(onPort(commands.curl), lab.dir);
        expect([expected.curl[0]].flat(), `${commands.curl}\n${curl.output}`).toContain(curl.code);
        expect(curl.output).toMatch(expected.curl[1]);
        expect(curl.code === 0, 'curl succeeds exactly when the lab accepts').toBe(accepted);
        if (!(commands.openssl.includes('| nc ') && !tools.nc)) {
          // Plain text needs netcat, which is not everywhere.
          const openssl = await sh(onPort(commands.openssl), lab.dir);
          expect([expected.openssl[0]].flat(), `${commands.openssl}\n${openssl.output}`).toContain(openssl.code);
          expect(openssl.output).toMatch(expected.openssl[1]);
          if (!commands.openssl.includes('| nc ')) expect(openssl.code === 0, 'openssl succeeds exactly when the lab accepts').toBe(accepted);
        }
        if (expected.server) expect(server.log()).toMatch(expected.server);
      } finally {
        server.stop();
      }
    });
  }
});
