import { afterEach, describe, expect, it } from 'vitest';
import { memoryStore } from '../../src/ui/progress.js';
import { KEYS, cleanupUi, eventsOf, openAt } from './helpers.js';
import { openResources, readScrolled, waitForFrame } from './lab-helpers.js';

afterEach(cleanupUi);

const openPolicy = (store = memoryStore()) => openAt({ name: 'policy' }, { store });

describe('Istio policy lab', () => {
  it('lists the prepared scenarios and shows the chosen one as highlighted YAML with the workload and the question', async () => {
    const { ui } = openPolicy();
    expect(ui.frame()).toContain('Istio policy lab');
    expect(ui.frame()).toContain('STRICT for a whole namespace');
    await ui.press(KEYS.enter);
    const f = ui.frame();
    expect(f).toContain('Policy lab · STRICT for a whole namespace');
    expect(f).toContain('Workload: namespace payments · labels app=ledger, version=v3 · port 8080');
    expect(f).toMatch(/\d+ ▶ {5}mode: STRICT/); // the mode line is marked in the gutter, readable without colour
    expect(f).toMatch(/\d+ │ kind: PeerAuthentication/);
    expect(f).toContain('Which mode does the sidecar enforce on this port, and does a plaintext request get in?');
    expect(f).toContain('s STRICT · p PERMISSIVE · d DISABLE');
    expect(f).not.toContain('Does a plaintext request get in?');
  });

  it('predict the mode, then plaintext; the live run shows the mode, who decided it, the probes, and marks each prediction', async () => {
    const { ui, store } = openPolicy();
    await ui.press(KEYS.enter);
    await ui.press('y'); // ignored: the mode comes first
    expect(ui.frame()).not.toContain('Enforcing');
    await ui.press('p');
    expect(ui.frame()).toContain('Mode? PERMISSIVE ✓');
    expect(ui.frame()).toContain('Does a plaintext request get in? y yes · n no');
    await ui.press('n');
    const f = await waitForFrame(ui, 'How the mode was decided');
    expect(f).toContain('✗ Mode: STRICT (you said PERMISSIVE: wrong)');
    expect(f).toContain('✓ Plaintext gets in: no (you said no: right)');
    expect(f).toContain('1 of 2 predictions right.');
    expect(eventsOf(store, 'lab-prediction')).toEqual([
      expect.objectContaining({ labId: 'policy-namespace-strict', predicted: 'PERMISSIVE/plaintext:no', actual: 'STRICT/plaintext:no' }),
    ]);
    const all = await readScrolled(ui);
    expect(all).toMatch(/namespace \(payments\):\s+payments\/default\s+◀ decides/);
    expect(all).toMatch(/mesh \(istio-system\):\s+none/);
    expect(all).toMatch(/rejected\s+plaintext client \(no sidecar\)/);
    expect(all).toMatch(/accepted\s+mTLS client with a workload certificate/);
    expect(all).toMatch(/rejected\s+TLS client without a certificate/);
    expect(all).toContain('✓ Every live result matched the resolved mode.');
    // Enter: back to the list, which remembers how it went.
    await ui.press(KEYS.enter);
    expect(ui.frame()).toMatch(/› STRICT for a whole namespace\s+✗ predicted wrong/);
  });

  it('a DestinationRule that disables TLS toward a STRICT server: both predictions right, and the app gets a 503', async () => {
    const { ui, store } = openPolicy();
    const before = openResources().length;
    await ui.press(...Array<string>(7).fill(KEYS.down), KEYS.enter);
    expect(ui.frame()).toContain('policy-dr-disable-503');
    expect(ui.frame()).toContain('kind: DestinationRule');
    await ui.press('s', 'n');
    await waitForFrame(ui, 'Both predictions right.');
    const all = await readScrolled(ui);
    expect(all).toContain('✓ Mode: STRICT (you said STRICT: right)');
    expect(all).toMatch(/✗ app gets\s+503/);
    expect(eventsOf(store, 'lab-prediction')).toEqual([expect.objectContaining({ predicted: 'STRICT/plaintext:no', actual: 'STRICT/plaintext:no' })]);
    ui.unmount();
    expect(openResources().length).toBeLessThanOrEqual(before);
  });

  it('TLS from outside the mesh to a PERMISSIVE port: a third question, and the probe shows the TLS passed through', async () => {
    const { ui, store } = openPolicy();
    await ui.press(...Array<string>(8).fill(KEYS.down), KEYS.enter);
    expect(ui.frame()).toContain('policy-permissive-tls-passthrough');
    expect(ui.frame()).toContain('port 8443 (protocol undeclared)');
    await ui.press('p', 'y');
    expect(ui.frame()).toContain("curl's TLS? t terminated · p passed through · c closed");
    expect(ui.frame()).not.toContain('Enforcing');
    await ui.press('p');
    await waitForFrame(ui, 'All three predictions right.');
    const all = await readScrolled(ui);
    expect(all).toContain('✓ TLS from outside the mesh: passed through to the app (you said passed through to the app: right)');
    expect(all).toMatch(/passed-through\s+non-mesh TLS client/);
    expect(eventsOf(store, 'lab-prediction')).toEqual([expect.objectContaining({ predicted: 'PERMISSIVE/plaintext:yes/tls:pass', actual: 'PERMISSIVE/plaintext:yes/tls:pass' })]);
  });

  it('an AuthorizationPolicy scenario: predict allowed / denied, then the request is sent as the caller and the proxy answers 403', async () => {
    const { ui, store } = openPolicy();
    await ui.press(...Array<string>(9).fill(KEYS.down), KEYS.enter);
    const f = ui.frame();
    expect(f).toContain('Policy lab · Allow one service account');
    expect(f).toMatch(/request POST \/charge from\s+spiffe:\/\/cluster\.local\/ns\/shop\/sa\/cart/);
    expect(f).toContain('a allowed · d denied (403) · c connection refused');
    await ui.press('a');
    await waitForFrame(ui, 'The request:');
    const all = await readScrolled(ui);
    expect(all).toContain('✗ The request: denied (403 RBAC: access denied) (you said allowed: wrong)');
    expect(all).toMatch(/no match\s+shop\/payments-callers \(ALLOW\)/);
    expect(all).toMatch(/got HTTP 403 "RBAC: access\s+denied"/);
    expect(all).toContain('✓ The live request got what the policies predict.');
    expect(eventsOf(store, 'lab-prediction')).toEqual([expect.objectContaining({ labId: 'authz-allow-one-service-account', predicted: 'allowed', actual: 'denied' })]);
  });
});
