import { act } from 'react';
import { afterEach, describe, expect, it } from 'vitest';
import { App } from '../../src/ui/app.js';
import { memoryStore } from '../../src/ui/progress.js';
import { KEYS, LESSON_ID, cleanupUi, eventsOf, fixtureCourse, renderUi, startAt , openAt } from './helpers.js';
import { opensslSupport } from '../../src/lab/openssl-server.js';
import { openResources, readScrolled, waitForFrame } from './lab-helpers.js';

afterEach(cleanupUi);

const openLabs = (store = memoryStore()) => openAt({ name: 'labs' }, { store });

describe('live labs', () => {
  it('lists every TLS scenario without giving away the outcome', () => {
    const { ui } = openLabs();
    const f = ui.frame();
    expect(f).toContain('Live labs');
    expect(f).toContain('Valid client certificate from the trusted CA');
    expect(f).toContain('Client certificate has expired');
    expect(f).toContain('CA rotation');
    expect(f).toContain('The client presents a current workload cert');
    expect(f).not.toMatch(/accepted|rejected/i);
  });

  it('good: predict accepted, watch the timeline, then the verdict says right and the event is recorded', async () => {
    const { ui, store } = openLabs();
    await ui.press(KEYS.enter);
    expect(ui.frame()).toContain('Predict: will the handshake be accepted or rejected?');
    await ui.press('a');
    expect(ui.frame()).toContain('You predicted: accepted.');
    expect(ui.frame()).toContain('127.0.0.1');
    // The timeline comes first and the verdict waits until every event has appeared (on its own, without a key).
    await waitForFrame(ui, 'Timeline · TLS 1.3 on 127.0.0.1');
    expect(ui.frame()).not.toContain('Your prediction');
    const f = await waitForFrame(ui, 'Your prediction was right: accepted.');
    expect(f).toContain('Outcome: ACCEPTED: both sides verified each other');
    expect(f).toContain('What happened');
    expect(eventsOf(store, 'lab-prediction')).toEqual([expect.objectContaining({ labId: 'good', predicted: 'accepted', actual: 'accepted' })]);
    const all = await readScrolled(ui);
    expect(all).toContain('secureConnect');
    expect(all).toContain("$ printf 'GET / HTTP/1.0\\r\\n\\r\\n' | openssl s_client -connect");
    expect(all).toContain('$ curl --cacert ca.crt --cert clients/good.crt');
  });

  it('expired-client-cert: a wrong prediction is marked wrong, with who rejected, the codes and the fix', async () => {
    const { ui, store } = openLabs();
    await ui.press(KEYS.down, KEYS.down, KEYS.enter);
    expect(ui.frame()).toContain('Lab · Client certificate has expired');
    await ui.press('a');
    await waitForFrame(ui, 'Timeline');
    await ui.press('x'); // any key: the rest of the timeline at once, then the verdict
    const f = ui.frame();
    expect(f).toContain('✗ Your prediction was wrong: you said accepted, the handshake was rejected.');
    expect(f).toContain('Outcome: REJECTED by the server');
    expect(f).toContain("Server's check of the client certificate: CERT_HAS_EXPIRED");
    expect(f).toMatch(/Server error: ECONNRESET/);
    expect(f).toContain('Fix');
    expect(f).toContain('Issue a new certificate');
    expect(eventsOf(store, 'lab-prediction')).toEqual([expect.objectContaining({ labId: 'expired-client-cert', predicted: 'accepted', actual: 'rejected' })]);
    // Enter: back to the list, on the same lab, which now says how the prediction went.
    await ui.press(KEYS.enter);
    expect(ui.frame()).toMatch(/› Client certificate has expired\s+✗ predicted wrong/);
  });

  it('predicts with the menu too, and r runs the lab again', async () => {
    const { ui, store } = openLabs();
    await ui.press(KEYS.down, KEYS.enter); // no-client-cert
    await ui.press(KEYS.down, KEYS.enter); // Rejected
    await waitForFrame(ui, 'Timeline');
    await ui.press(' ');
    expect(ui.frame()).toContain('✓ Your prediction was right: rejected.');
    expect(ui.frame()).toContain('Outcome: REJECTED by the server');
    await ui.press('r');
    expect(ui.frame()).toContain('Predict: will the handshake be accepted or rejected?');
    await ui.press('r');
    await waitForFrame(ui, 'Timeline');
    expect(eventsOf(store, 'lab-prediction').map((e) => [e.labId, e.predicted, e.actual])).toEqual([
      ['no-client-cert', 'rejected', 'rejected'],
      ['no-client-cert', 'rejected', 'rejected'],
    ]);
  });

  it('from a lesson, shows only its labs, policy ones included, each opening its own kind of run', async () => {
    const course = fixtureCourse();
    const lesson = course.lessons.find((l) => l.id === LESSON_ID)!;
    lesson.labs = ['expired-client-cert', 'policy-namespace-strict'];
    const ui = renderUi(<App course={course} initialNavState={startAt({ name: 'labs', lessonId: LESSON_ID })} />);
    expect(ui.frame()).toContain('Labs · Fixture lesson');
    expect(ui.frame()).toContain('Client certificate has expired');
    expect(ui.frame()).toContain('Policy: STRICT for a whole namespace');
    expect(ui.frame()).not.toContain('Valid client certificate from the trusted CA');
    await ui.press(KEYS.down, KEYS.enter);
    expect(ui.frame()).toContain('Policy lab · STRICT for a whole namespace');
    expect(ui.frame()).toContain('mode: STRICT');
    await ui.press(KEYS.enter); // Enter does nothing before both predictions are in
    await ui.press(KEYS.escape);
    expect(ui.frame()).toContain('Fixture lesson'); // back on the lesson menu
  });

  it('leaves nothing running when the learner leaves mid-run, and records nothing they never saw', async () => {
    const before = openResources().length;
    const { ui, store } = openLabs();
    await ui.press(KEYS.enter, 'a');
    expect(ui.frame()).toContain('Running the handshake');
    ui.unmount();
    // The handshake finishes on its own (bounded by the runner's timeout) and closes its sockets.
    await act(async () => {
      await new Promise((r) => setTimeout(r, 1500));
    });
    expect(eventsOf(store, 'lab-prediction')).toEqual([]);
    // The list's time and the run's: both lab study time.
    expect(new Set(eventsOf(store, 'study-time').map((e) => e.mode))).toEqual(new Set(['lab']));
    expect(openResources().length).toBeLessThanOrEqual(before);
  });

  it('Esc during a run goes back to the list of labs, on the lab that was running', async () => {
    const { ui } = openLabs();
    await ui.press(KEYS.down, KEYS.enter, 'a');
    expect(ui.frame()).toContain('Running the handshake');
    await ui.press(KEYS.escape);
    await waitForFrame(ui, 'Live labs');
    expect(ui.frame()).toMatch(/› Client presents no certificate/);
  });

  it('leaves no timer behind when it closes during the timeline', async () => {
    const before = openResources().length;
    const { ui } = openLabs();
    await ui.press(KEYS.enter, 'a');
    await waitForFrame(ui, 'Timeline');
    ui.unmount();
    expect(openResources().length).toBeLessThanOrEqual(before);
  });

  it.skipIf(!opensslSupport().ok)('o runs the lab again against openssl s_server: the alert shows, and the prediction is not recorded twice', async () => {
    const { ui, store } = openLabs();
    await ui.press(KEYS.down, KEYS.down, KEYS.enter, 'r');
    await waitForFrame(ui, 'Timeline');
    await ui.press('x');
    expect(await readScrolled(ui)).toContain('Press o to run the same handshake against openssl s_server');
    expect(ui.frame()).not.toContain('TLS alert:');
    await ui.press('o');
    await waitForFrame(ui, 'Timeline · TLS 1.3 on 127.0.0.1 · server: openssl s_server');
    await ui.press('x');
    const f = await waitForFrame(ui, 'TLS alert: certificate_expired (45), sent by the server');
    expect(f).toContain('✓ Your prediction was right: rejected.');
    expect(f).toContain('o vs Node');
    expect(await readScrolled(ui)).toContain('Server: openssl s_server.');
    expect(eventsOf(store, 'lab-prediction')).toHaveLength(1);
    await ui.press('o');
    await waitForFrame(ui, /Timeline · TLS 1\.3 on 127\.0\.0\.1 · [\d.]+ ms/);
    await ui.press('x');
    await waitForFrame(ui, 'o vs openssl');
    expect(eventsOf(store, 'lab-prediction')).toHaveLength(1);
  });
});
