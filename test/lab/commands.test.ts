import { execFile, spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { shippedLabTexts } from '../../src/content/course.js';
import { getScenario, SCENARIO_IDS, type ScenarioId } from '../../src/lab/scenarios.js';
import { useExportedLabServer } from './exported-server.js';

// Every lab prints the same scenario as openssl and curl commands to try by hand, run inside a folder made by
// `lab export` against `lab serve`. Here they run for real, as printed (only the port differs), and each must end
// as the lab predicts, saying what its note says it says. Measured with OpenSSL 3.0 and curl 7.88.
const have = (tool: string, ...args: string[]) => spawnSync(tool, args).status === 0;
const tools = { openssl: have('openssl', 'version'), curl: have('curl', '--version'), nc: spawnSync('sh', ['-c', 'command -v nc']).status === 0 };

/** What each command prints (stdout and stderr together) and how it exits, for the scenarios run against lab serve. */
const EXPECTED: Partial<Record<ScenarioId, { curl: [number, RegExp]; openssl: [number, RegExp] }>> = {
  good: { curl: [0, /hello spiffe:\/\/cluster\.local\/ns\/shop\/sa\/orders/], openssl: [0, /hello spiffe:\/\/cluster\.local\/ns\/shop\/sa\/orders/] },
  'no-client-cert': { curl: [56, /tlsv13 alert certificate required/], openssl: [1, /SSL alert number 116/] },
  'expired-client-cert': { curl: [52, /Empty reply from server/], openssl: [1, /unexpected eof while reading/] },
  'not-yet-valid-client-cert': { curl: [52, /Empty reply from server/], openssl: [1, /unexpected eof while reading/] },
  'untrusted-client-ca': { curl: [52, /Empty reply from server/], openssl: [1, /unexpected eof while reading/] },
  'self-signed-client-cert': { curl: [52, /Empty reply from server/], openssl: [1, /unexpected eof while reading/] },
  'wrong-eku-client-cert': { curl: [52, /Empty reply from server/], openssl: [1, /unexpected eof while reading/] },
  'server-name-mismatch': { curl: [60, /no alternative certificate subject name matches/], openssl: [1, /verify error:num=62:hostname mismatch/] },
  'untrusted-server-ca': { curl: [60, /SSL certificate problem/], openssl: [1, /verify error:num=19:self-signed certificate in certificate chain/] },
  'plaintext-to-mtls': { curl: [52, /Empty reply from server/], openssl: [0, /^$/] },
};

function sh(command: string, cwd: string): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    execFile('sh', ['-c', command], { cwd, timeout: 15_000 }, (error, stdout, stderr) =>
      resolve({ code: error ? ((error as { code?: number }).code ?? null) : 0, output: `${stdout}${stderr}` }),
    );
  });
}

describe.skipIf(!tools.openssl || !tools.curl)('the printed openssl and curl commands, run against lab serve', () => {
  const lab = useExportedLabServer('mtls-lab-commands-', 5000);
  const onPort = (command: string) => command.replaceAll(':8443', `:${lab.server.port}`).replace(/ 8443\b/g, ` ${lab.server.port}`);

  it('cover every scenario they can reproduce against lab serve', async () => {
    const texts = await shippedLabTexts();
    const covered = Object.keys(EXPECTED);
    // The others need a server that lab serve cannot be (an expired certificate, a changing trust bundle).
    expect(SCENARIO_IDS.filter((id) => !covered.includes(id))).toEqual(['expired-server-cert', 'ca-rotation']);
    for (const id of covered) expect(texts[id]?.commands.curl, id).toMatch(/^curl /);
  });

  for (const [id, expected] of Object.entries(EXPECTED) as [ScenarioId, NonNullable<(typeof EXPECTED)[ScenarioId]>][]) {
    it(`${id}: curl and openssl end as the lab predicts (${getScenario(id).expected})`, async () => {
      const { commands } = (await shippedLabTexts())[id]!;
      const accepted = getScenario(id).expected === 'accepted';
      const curl = await sh(onPort(commands.curl), lab.dir);
      expect(curl.code, `${commands.curl}\n${curl.output}`).toBe(expected.curl[0]);
      expect(curl.output).toMatch(expected.curl[1]);
      expect(curl.code === 0, 'curl succeeds exactly when the lab accepts').toBe(accepted);
      if (commands.openssl.includes('| nc ') && !tools.nc) return; // plain text needs netcat, not installed here
      const openssl = await sh(onPort(commands.openssl), lab.dir);
      expect(openssl.code, `${commands.openssl}\n${openssl.output}`).toBe(expected.openssl[0]);
      expect(openssl.output).toMatch(expected.openssl[1]);
      if (!commands.openssl.includes('| nc ')) expect(openssl.code === 0, 'openssl succeeds exactly when the lab accepts').toBe(accepted);
    });
  }
});
