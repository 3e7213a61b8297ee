import { describe, expect, it } from 'vitest';
import { runScenarios } from '../../src/lab/runner.js';
import { SCENARIO_IDS } from '../../src/lab/scenarios.js';

// Handles our code could leave behind; vitest's own pipes and timers are not counted.
const WATCHED = ['TCPServerWrap', 'TCPSocketWrap', 'TLSWrap', 'Timeout'];

function openHandles(): Record<string, number> {
  const counts: Record<string, number> = Object.fromEntries(WATCHED.map((name) => [name, 0]));
  for (const name of process.getActiveResourcesInfo()) if (name in counts) counts[name]! += 1;
  return counts;
}

const tick = () => new Promise((resolve) => setImmediate(resolve));

describe('no leaks', () => {
  it('leaves no server, socket or timer behind after running every scenario over both TLS versions', async () => {
    await tick();
    const before = openHandles();
    const results = (await Promise.all([runScenarios(SCENARIO_IDS, { tls: '1.2' }), runScenarios(SCENARIO_IDS, { tls: '1.3' })])).flat();
    expect(results).toHaveLength(SCENARIO_IDS.length * 2);
    // A closed handle leaves libuv's list on the next loop turn.
    await tick();
    await tick();
    const after = openHandles();
    expect({ ...after, Timeout: 0 }).toEqual({ ...before, Timeout: 0 });
    // vitest's own timers come and go; ours must not add any.
    expect(after.Timeout).toBeLessThanOrEqual(before.Timeout!);
  });
});
