/**
 * The lab engines load only when the learner runs a lab: the PKI, the runner and the policy enforcer stay out of
 * the TUI's start-up. One lab PKI is kept for the session, so later runs skip key generation.
 */
import type { PolicyLabReport } from '../../policy/lab.js';
import type { AuthzLabReport } from '../../policy/authz/lab.js';
import type { AuthzScenario, PolicyScenario } from '../../policy/scenarios.js';
import type { ScenarioId } from '../../lab/scenarios.js';
import { stepsOf, type ScenarioResult, type ServerKind } from '../../lab/types.js';

type RunTls = (id: ScenarioId, server: ServerKind) => Promise<ScenarioResult>;

const PKI_MAX_AGE_MS = 60 * 60_000;

let tlsRunner: Promise<RunTls> | undefined;

function loadTlsRunner(): Promise<RunTls> {
  tlsRunner ??= (async () => {
    const [{ runScenario }, { createLabPki }] = await Promise.all([import('../../lab/runner.js'), import('../../lab/lab-pki.js')]);
    // Lab certificates are valid for about a day around their creation: renew them in a long session.
    let pki = createLabPki();
    let madeAt = Date.now();
    return (id: ScenarioId, server: ServerKind) => {
      if (Date.now() - madeAt > PKI_MAX_AGE_MS) {
        pki = createLabPki();
        madeAt = Date.now();
      }
      return runScenario(id, { pki, server });
    };
  })();
  // A failed load (e.g. a missing chunk) is retried next time rather than cached.
  tlsRunner.catch(() => {
    tlsRunner = undefined;
  });
  return tlsRunner;
}

/**
 * Runs one TLS lab scenario over real sockets on 127.0.0.1. A handshake that ran out of time gave no verdict, so
 * it is reported as a failed run (no prediction is judged or recorded), never as a rejection.
 */
export async function runTlsLab(id: ScenarioId, server: ServerKind = 'node'): Promise<ScenarioResult> {
  const result = await (await loadTlsRunner())(id, server);
  const stalled = stepsOf(result).find((step) => step.timedOut);
  if (stalled) throw new Error(`No verdict: ${stalled.reason}. Press r to run it again.`);
  return result;
}

let openssl: Promise<boolean> | undefined;

/** Whether an openssl binary is there to play the server (asked once a session, off the first frame's path). */
export function opensslAvailable(): Promise<boolean> {
  openssl ??= import('../../lab/openssl-server.js').then(({ opensslSupport }) => opensslSupport().ok, () => false);
  return openssl;
}

/**
 * Runs one prepared policy scenario on a real listener on 127.0.0.1. A probe that timed out or failed on this
 * machine gave no verdict, so the run is reported as failed (no prediction is judged or recorded).
 */
export async function runPolicyLab(scenario: PolicyScenario): Promise<PolicyLabReport> {
  const { runPolicyScenario } = await import('../../policy/lab.js');
  const report = await runPolicyScenario(scenario);
  const stalled = [...report.probes, report.sidecar.probe].find((p) => p.outcome === 'timed-out' || p.outcome === 'error');
  if (stalled) throw new Error(`No verdict from the ${stalled.label}: ${stalled.reason}`);
  return report;
}

/** Runs one prepared AuthorizationPolicy scenario live; a request with no verdict is a failed run, never a prediction. */
export async function runAuthzLab(scenario: AuthzScenario): Promise<AuthzLabReport> {
  const { runAuthzScenario } = await import('../../policy/authz/lab.js');
  const report = await runAuthzScenario(scenario);
  const probe = report.live.probe;
  if (probe.outcome === 'timed-out' || probe.outcome === 'error') throw new Error(`No verdict from the ${probe.label}: ${probe.reason}`);
  return report;
}
