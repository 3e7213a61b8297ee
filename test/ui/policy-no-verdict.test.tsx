import { afterEach, describe, expect, it, vi } from 'vitest';
import { KEYS, cleanupUi, eventsOf, openAt } from './helpers.js';
import { waitForFrame } from './lab-helpers.js';

// The real policy lab, with its timeout made certain: a 1 ms limit and a loop held busy on every listener event.
vi.mock('../../src/policy/lab.js', async (importOriginal) => {
  const real = await importOriginal<typeof import('../../src/policy/lab.js')>();
  const busy = () => {
    const until = performance.now() + 3;
    while (performance.now() < until);
  };
  return { ...real, runPolicyScenario: (scenario: Parameters<typeof real.runPolicyScenario>[0]) => real.runPolicyScenario(scenario, { probeTimeoutMs: 1, onEvent: busy }) };
});

afterEach(cleanupUi);

describe('a policy lab run with no verdict', () => {
  it('says so, and records no prediction (a timeout never confirms or refutes one)', async () => {
    const { ui, store } = openAt({ name: 'policy' });
    await ui.press(KEYS.enter, 's', 'n');
    const f = await waitForFrame(ui, 'could not run');
    expect(f).toMatch(/No verdict from the plaintext client/);
    expect(f).not.toContain('predictions right');
    expect(eventsOf(store, 'lab-prediction')).toEqual([]);
    await ui.press(KEYS.enter);
    expect(ui.frame()).not.toMatch(/predicted (right|wrong)/);
  });
});
