/**
 * The wire view, as a learner uses it: from a lab's result, w shows the handshake as a sequence diagram with the
 * mutual half and the failed check marked; Enter shows one message's fields and annotated bytes; t puts the same
 * lab over the other TLS version beside it; Esc leads back to the same result. It fits 60×16 and uses 200×60.
 */
import { act } from 'react';
import { afterEach, describe, expect, it } from 'vitest';
import { opensslSupport } from '../../src/lab/openssl-server.js';
import { KEYS, cleanupUi, eventsOf, openAt } from './helpers.js';
import { readScrolled, waitForFrame } from './lab-helpers.js';

afterEach(cleanupUi);

type Ui = ReturnType<typeof openAt>['ui'];

async function resize(ui: Ui, columns: number, rows: number) {
  const stdout = ui.stdout as unknown as { columns: number; rows?: number; emit(event: string): void };
  await act(async () => {
    Object.defineProperty(stdout, 'columns', { value: columns, configurable: true });
    Object.defineProperty(stdout, 'rows', { value: rows, configurable: true });
    stdout.emit('resize');
    await new Promise((r) => setTimeout(r, 0));
  });
}

function expectFits(frame: string, columns: number, rows: number) {
  const lines = frame.split('\n');
  expect(lines.length, frame).toBeLessThanOrEqual(rows);
  for (const line of lines) expect([...line].length, `${line}\n---\n${frame}`).toBeLessThanOrEqual(columns);
}

/** Runs a TLS lab with a prediction and opens its wire view. */
async function openWire(labId: string, predict: 'a' | 'r' = 'r') {
  const { ui, store } = openAt({ name: 'lab', kind: 'tls', labId });
  await ui.press(predict);
  await waitForFrame(ui, 'Timeline');
  await ui.press('x');
  await waitForFrame(ui, /Your prediction was/);
  expect(ui.frame()).toContain('w wire');
  await ui.press('w');
  await waitForFrame(ui, /ms {3}client/);
  return { ui, store };
}

/** Moves the cursor down until the selected row shows `text`. */
async function selectRow(ui: Ui, text: RegExp) {
  for (let i = 0; i < 30 && !ui.frame().split('\n').some((l) => l.startsWith('›') && text.test(l)); i++) await ui.press(KEYS.down);
  expect(ui.frame().split('\n').find((l) => l.startsWith('›'))).toMatch(text);
}

describe('the wire view', () => {
  it('shows the handshake as a diagram: client on the left, server on the right, the mutual half and the failed check marked', async () => {
    const { ui } = await openWire('expired-client-cert');
    const frame = ui.frame();
    expect(frame).toContain('Wire · Client certificate has expired');
    expect(frame).toContain('Your run: TLS 1.3, Node\'s server · rejected');
    expect(frame).toMatch(/› +[\d.]+ {3}ClientHello ─+▶/);
    expect(frame).toMatch(/◀─+ ServerHello/);
    expect(frame).toMatch(/◆ ◀═+ CertificateRequest/);
    const all = await readScrolled(ui);
    expect(all).toMatch(/✗ Certificate ═+▶/);
    expect(all).toContain("✗ the server's check of this certificate: CERT_HAS_EXPIRED");
    expect(all).toContain('The certificate has expired (now is after its notAfter).');
    expect(all).toMatch(/◆ CertificateVerify ═+▶/);
    expect(all).toMatch(/TCP FIN/);
    expect(all).toContain('the mutual half');
    expect(all).toContain("No alert from the server: Node's server checks the client certificate after the handshake");
    expect(all).toContain('What happened');
  });

  it('Enter shows a message’s fields and its bytes, each field annotated; ←→ move along; Enter goes back to the same row', async () => {
    const { ui } = await openWire('expired-client-cert');
    await selectRow(ui, /CertificateRequest/);
    await ui.press(KEYS.enter);
    await waitForFrame(ui, 'Wire · CertificateRequest');
    const detail = await readScrolled(ui);
    expect(detail).toContain('server → client');
    expect(detail).toContain('The server asks the client for a certificate');
    expect(detail).toContain('certificate_authorities: CN=mtls-tutor lab CA');
    expect(detail).toMatch(/sent encrypted, opened with the session keys/);
    expect(detail).toMatch(/Bytes \(\d+\), each field annotated/);
    expect(detail).toMatch(/0000 {2}0d +msg_type: CertificateRequest \(13\)/);
    await ui.press('\u001B[C'); // →
    await waitForFrame(ui, 'Wire · Certificate ');
    await ui.press('\u001B[D'); // ←
    await waitForFrame(ui, 'Wire · CertificateRequest');
    await ui.press(KEYS.enter);
    await waitForFrame(ui, /ms {3}client/);
    expect(ui.frame().split('\n').find((l) => l.startsWith('›'))).toMatch(/CertificateRequest/);
  });

  it('t runs the same lab over TLS 1.2 and shows it; t again comes back to TLS 1.3', async () => {
    const { ui } = await openWire('no-client-cert');
    expect(ui.frame()).toContain('t vs TLS 1.2');
    await ui.press('t');
    await waitForFrame(ui, 'Compared: TLS 1.2');
    expect(ui.frame()).toMatch(/ServerHelloDone/);
    expect(await readScrolled(ui)).toContain('✗ the server sends the alert handshake_failure (40)');
    await ui.press('t');
    await waitForFrame(ui, 'Your run: TLS 1.3');
  });

  it('Esc leads back to the same result, which is not predicted or recorded again', async () => {
    const { ui, store } = await openWire('good', 'a');
    await ui.press(KEYS.escape);
    await waitForFrame(ui, 'Your prediction was right: accepted.');
    expect(ui.frame()).not.toContain('Predict:');
    expect(eventsOf(store, 'lab-prediction')).toHaveLength(1);
    await ui.press('w');
    await waitForFrame(ui, /ms {3}client/);
  });

  it('s steps through a multi-step lab, the last step first', async () => {
    const { ui } = await openWire('ca-rotation');
    expect(ui.frame()).toContain('step 3 of 3');
    await ui.press('s');
    await waitForFrame(ui, 'step 1 of 3');
  });

  it('fits 60×16, diagram and detail, and at 200×60 puts both versions side by side with what each message carries', async () => {
    const { ui } = await openWire('untrusted-client-ca');
    await resize(ui, 60, 16);
    expectFits(ui.frame(), 60, 16);
    await ui.press(KEYS.pageDown);
    expectFits(ui.frame(), 60, 16);
    await ui.press(KEYS.enter);
    await waitForFrame(ui, 'Wire · ClientHello');
    expectFits(ui.frame(), 60, 16);
    for (let i = 0; i < 8; i++) {
      await ui.press(KEYS.pageDown);
      expectFits(ui.frame(), 60, 16);
    }
    await ui.press(KEYS.enter);
    await resize(ui, 200, 60);
    await ui.press('t');
    await waitForFrame(ui, 'Compared: TLS 1.2');
    const frame = ui.frame();
    expectFits(frame, 200, 60);
    expect(frame).toMatch(/Your run: TLS 1\.3.*Compared: TLS 1\.2/);
    expect(frame).toContain('CAs it trusts: CN=mtls-tutor lab CA');
    expect(frame).toContain('Tab column');
  });

  it.skipIf(!opensslSupport().ok)('against openssl s_server (o), marks the alert the server sends with what it means', async () => {
    const { ui } = openAt({ name: 'lab', kind: 'tls', labId: 'wrong-eku-client-cert' });
    await ui.press('r');
    await waitForFrame(ui, 'Timeline');
    await ui.press('x');
    await waitForFrame(ui, /o vs openssl/);
    await ui.press('o');
    await waitForFrame(ui, 'server: openssl s_server');
    await ui.press('x');
    await waitForFrame(ui, /TLS alert: unsupported_certificate/);
    await ui.press('w');
    await waitForFrame(ui, /ms {3}client/);
    const all = await readScrolled(ui);
    expect(all).toContain('openssl s_server');
    expect(all).toContain('✗ the server sends the alert unsupported_certificate (43)');
    expect(all).toContain('extended key usage');
  });
});
