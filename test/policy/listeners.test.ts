/**
 * Every policy scenario, run live: its one listener binds 127.0.0.1 on an ephemeral port (never 0.0.0.0 or ::,
 * and never the workload port the YAML talks about), and nothing is left open afterwards.
 */
import { describe, expect, it } from 'vitest';
import { runPolicyLab, runPolicyScenario } from '../../src/policy/lab.js';
import { getPolicyScenario } from '../../src/policy/scenarios.js';
import { shippedScenarios } from './fixtures.js';

const data = shippedScenarios();
const POLICY_SCENARIO_IDS = data.peer.map((s) => s.id);
import { expectNoHandlesLeft, handleBaseline } from '../lab/handles.js';
import { describeListens, recordListens } from '../lab/listens.js';

describe('policy lab listeners', () => {
  it('every prepared scenario: one loopback listener on an ephemeral port, behaving as stated, nothing left open', async () => {
    const before = await handleBaseline();
    const { listens, stop } = recordListens();
    const reports = [];
    try {
      // One after the other, as a learner runs them; each closes its listener before returning.
      for (const id of POLICY_SCENARIO_IDS) reports.push(await runPolicyScenario(getPolicyScenario(data, id)));
    } finally {
      stop();
    }
    expect(reports.map((r) => [r.scenario, r.passed])).toEqual(POLICY_SCENARIO_IDS.map((id) => [id, true]));
    expect(listens).toHaveLength(POLICY_SCENARIO_IDS.length);
    for (const [index, listen] of listens.entries()) {
      const report = reports[index]!;
      const what = `${report.scenario}: ${describeListens([listen])[0]}`;
      expect(listen.requestedPort, what).toBe(0);
      expect(listen.bound, what).toMatchObject({ address: '127.0.0.1', family: 'IPv4', port: report.listener.port });
      expect(report.listener.port, what).not.toBe(getPolicyScenario(data, report.scenario!).workload.port);
    }
    await expectNoHandlesLeft(before);
  });

  it('a lab from files for workload port 8080 still listens on an ephemeral loopback port, not 8080', async () => {
    const yaml = 'apiVersion: security.istio.io/v1\nkind: PeerAuthentication\nmetadata: {name: default, namespace: foo}\nspec: {mtls: {mode: STRICT}}\n';
    const before = await handleBaseline();
    const { listens, stop } = recordListens();
    try {
      const report = await runPolicyLab([{ path: 'x.yaml', text: yaml }], { workload: { namespace: 'foo', labels: { app: 'web' }, port: 8080 } });
      expect(report.passed).toBe(true);
    } finally {
      stop();
    }
    expect(describeListens(listens)).toEqual([expect.stringMatching(/^asked 127\.0\.0\.1:0 → bound 127\.0\.0\.1:\d+ \(IPv4\)$/)]);
    await expectNoHandlesLeft(before);
  });
});
