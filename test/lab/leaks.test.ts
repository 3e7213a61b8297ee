import { describe, expect, it } from 'vitest';
import { formatResult } from '../../src/cli/lab.js';
import { runScenarios } from '../../src/lab/runner.js';
import { SCENARIO_IDS } from '../../src/lab/scenarios.js';
import { expectNoHandlesLeft, handleBaseline } from './handles.js';

describe('no leaks', () => {
  it('leaves no server, socket or timer behind after running every scenario over both TLS versions', async () => {
    const before = await handleBaseline();
    const results = (await Promise.all([runScenarios(SCENARIO_IDS, { tls: '1.2' }), runScenarios(SCENARIO_IDS, { tls: '1.3' })])).flat();
    expect(results).toHaveLength(SCENARIO_IDS.length * 2);
    await expectNoHandlesLeft(before);
  });

  it('a handshake that runs out of time is reported as a timeout, not as a predicted rejection, and leaves nothing behind', async () => {
    const before = await handleBaseline();
    // A busy machine, made certain: every timeline event holds the event loop for 3 ms, so the 1 ms limit has
    // passed before the peer's next message can be read (a handshake needs several), however fast the CPU.
    const busy = () => {
      const until = performance.now() + 3;
      while (performance.now() < until);
    };
    const results = await runScenarios(SCENARIO_IDS, { timeoutMs: 1, onEvent: busy });
    expect(results).toHaveLength(SCENARIO_IDS.length);
    for (const result of results) {
      const steps = result.steps ?? [result];
      expect(steps.some((step) => step.timedOut), result.id).toBe(true);
      // "rejected, as predicted" would be a lie: nothing was decided.
      expect(result.asExpected, result.id).toBe(false);
      expect(result.rejectedBy, result.id).toBeNull();
      expect(result.reason, result.id).toMatch(/no verdict within the 1 ms time limit/);
      // Ended by its own 1 ms limit, not the default 3 s one (each step, however many scenarios share the loop).
      for (const step of steps) expect(step.durationMs, `${result.id}: ${step.label}`).toBeLessThan(3000);
    }
    expect(formatResult(results.find((r) => r.id === 'no-client-cert')!, false)).toMatch(
      /^✗ timed out {2}no-client-cert \(TLS 1\.3\): no verdict, predicted rejected[^\n]*\n {4}timed out \(no verdict\)/,
    );
    await expectNoHandlesLeft(before);
  });
});
