import { describe, expect, it, vi } from 'vitest';

// A handshake that stalls until the lab's time limit: the runner reports it as timed out, with no verdict.
vi.mock('../../../src/lab/runner.js', () => ({
  runScenario: vi.fn(async (id: string) => ({
    id,
    outcome: 'rejected',
    expected: 'rejected',
    asExpected: false,
    timedOut: true,
    reason: 'no verdict within the 3000 ms time limit',
  })),
}));
vi.mock('../../../src/lab/lab-pki.js', () => ({ createLabPki: () => ({}) }));

describe('runTlsLab', () => {
  it('turns a timed-out handshake into a failed run, never a rejection the learner could have predicted', async () => {
    const { runTlsLab } = await import('../../../src/ui/screens/lab-loader.js');
    await expect(runTlsLab('expired-client-cert', {})).rejects.toThrow('No verdict: no verdict within the 3000 ms time limit. Press r to run it again.');
  });
});
