/** "Your own setup" in the TUI: the three tools, typed into a text box, reported as the command line reports them. */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { createCa, expiredWindow, issueWorkloadCert } from '../../src/lab/pki.js';
import { KEYS, cleanupUi, openAt } from './helpers.js';
import { readScrolled, waitForFrame } from './lab-helpers.js';

afterEach(cleanupUi);
const dirs: string[] = [];
afterAll(() => dirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

describe('Your own setup', () => {
  it('is the last item of the home menu and lists the three tools', async () => {
    const { ui } = openAt({ name: 'home' });
    expect(ui.frame()).toContain('Your own setup');
    await ui.press('G'); // the menu's last item, wherever it is
    for (let i = 0; i < 20 && !/› Your own setup/.test(ui.frame()); i++) await ui.press(KEYS.down);
    await ui.press(KEYS.enter);
    const f = ui.frame();
    expect(f).toContain('Decode an error');
    expect(f).toContain('Inspect certificates');
    expect(f).toContain('Probe a server');
  });

  it('why: q and ? are letters in the box; Enter explains the error; e edits it again', async () => {
    const { ui } = openAt({ name: 'own-tool', tool: 'why' });
    expect(ui.frame()).toContain('Paste an error line');
    await ui.type('x509: certificate signed by unknown authority?q');
    expect(ui.frame()).toContain('authority?q');
    await ui.press(KEYS.enter);
    const f = await waitForFrame(ui, 'Recognised');
    expect(f).toContain('[go-unknown-authority]');
    expect(f).toContain('What it means');
    await ui.press('e');
    expect(ui.frame()).toContain('authority?q');
    await ui.press(KEYS.escape);
    expect(ui.frame()).not.toContain('Paste an error line');
  });

  it('inspect: reads the paths typed and flags what is wrong', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'mtls-own-ui-'));
    dirs.push(dir);
    const ca = await createCa('ui CA');
    const expired = await issueWorkloadCert(ca, 'spiffe://cluster.local/ns/shop/sa/cart', expiredWindow());
    writeFileSync(join(dir, 'tls.crt'), expired.cert);
    writeFileSync(join(dir, 'ca.crt'), ca.cert);
    const { ui } = openAt({ name: 'own-tool', tool: 'inspect' });
    await ui.type(`${join(dir, 'tls.crt')} ${join(dir, 'ca.crt')}`);
    await ui.press(KEYS.enter);
    await waitForFrame(ui, /Certificate 1/);
    const all = await readScrolled(ui);
    expect(all).toContain('service account cart');
    expect(all).toMatch(/✗ expired: certificate 1/);
  });

  it('probe: HOST:PORT runs the probe on loopback and shows the verdict table', async () => {
    const pki = mkdtempSync(join(tmpdir(), 'mtls-own-probe-'));
    dirs.push(pki);
    const { exportLab } = await import('../../src/lab/export.js');
    await exportLab(pki, { force: true });
    const previous = process.env.MTLS_TUTOR_PROBE_PKI;
    process.env.MTLS_TUTOR_PROBE_PKI = pki;
    const read = (file: string) => readFileSync(join(pki, file));
    // A lax server (rejectUnauthorized: false) trusting that PKI: the probe must catch it.
    const server = https.createServer({ cert: read('server.crt'), key: read('server.key'), ca: read('ca.crt'), requestCert: true, rejectUnauthorized: false }, (_req, res) => res.end('ok\n'));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
    try {
      const { ui } = openAt({ name: 'own-tool', tool: 'probe' });
      await ui.type(`127.0.0.1:${(server.address() as AddressInfo).port}`);
      await ui.press(KEYS.enter);
      await waitForFrame(ui, /case +TLS +what the server did/, 30_000);
      const all = await readScrolled(ui);
      expect(all).toMatch(/✗ no client certificate/);
      expect(all).toMatch(/did not behave as a correct mTLS server would/);
    } finally {
      if (previous === undefined) delete process.env.MTLS_TUTOR_PROBE_PKI;
      else process.env.MTLS_TUTOR_PROBE_PKI = previous;
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
  }, 60_000);

  it('probe: a target that is not HOST:PORT is an error in words; Enter goes back to the box', async () => {
    const { ui } = openAt({ name: 'own-tool', tool: 'probe' });
    await ui.type('not a target');
    await ui.press(KEYS.enter);
    await waitForFrame(ui, 'give the server as HOST:PORT');
    await ui.press(KEYS.enter);
    expect(ui.frame()).toContain('not a target');
  });
});
