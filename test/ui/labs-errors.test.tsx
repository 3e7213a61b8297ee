import { afterEach, describe, expect, it, vi } from 'vitest';
import { KEYS, cleanupUi, eventsOf, openAt } from './helpers.js';
import { waitForFrame } from './lab-helpers.js';

// The engines fail the way a stuck peer or a broken install would: the screens must say so, not crash.
vi.mock('../../src/ui/screens/lab-loader.js', () => ({
  runTlsLab: vi.fn(() => Promise.reject(new Error('handshake timed out after 3000 ms'))),
  opensslAvailable: vi.fn(() => Promise.resolve(false)),
  runPolicyLab: vi.fn(() => Promise.reject(new Error('listen EADDRNOTAVAIL 127.0.0.1'))),
}));

afterEach(cleanupUi);

describe('lab errors', () => {
  it('a TLS lab that fails shows the message, records no prediction, and r tries again', async () => {
    const { ui, store } = openAt({ name: 'labs' });
    await ui.press(KEYS.enter, 'a');
    await waitForFrame(ui, '✗ The lab could not run: handshake timed out after 3000 ms');
    expect(eventsOf(store, 'lab-prediction')).toEqual([]);
    await ui.press('r');
    expect(ui.frame()).toContain('Predict: will the handshake be accepted or rejected?');
    await ui.press('r');
    await waitForFrame(ui, 'could not run');
    await ui.press(KEYS.enter);
    expect(ui.frame()).toContain('Live labs');
  });

  it('a policy lab that fails shows the message', async () => {
    const { ui } = openAt({ name: 'policy' });
    await ui.press(KEYS.enter, 'd', 'y');
    await waitForFrame(ui, '✗ The policy lab could not run: listen EADDRNOTAVAIL 127.0.0.1');
  });
});
