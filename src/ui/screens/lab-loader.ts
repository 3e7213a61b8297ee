/**
 * The lab engines load only when the learner runs a lab: the PKI, the runner and the policy enforcer stay out of
 * the TUI's start-up. One lab PKI is kept for the session, so later runs skip key generation.
 */
import type { LabTexts } from '../../content/lab-texts.js';
import type { PolicyLabReport } from '../../policy/lab.js';
import type { AuthzLabReport } from '../../policy/authz/lab.js';
import type { AuthzScenario, PolicyScenario } from '../../policy/scenarios.js';
import type { ScenarioId } from '../../lab/scenarios.js';
import { stepsOf, type ScenarioResult, type ServerKind, type TlsVersion } from '../../lab/types.js';
import type { WireCapture } from '../../wire/types.js';

type RunTls = (id: ScenarioId, server: ServerKind, texts: LabTexts, tls: TlsVersion) => Promise<ScenarioResult>;

/**
 * The bytes of each step of a result, so its wire view (w) can show this very connection. The tutor captures
 * every TLS lab it runs: a relay on loopback and the key log, a millisecond or so; decoding waits for `w`.
 */
const capturesByResult = new WeakMap<ScenarioResult, WireCapture[]>();

export function capturesOf(result: ScenarioResult): WireCapture[] | undefined {
  return capturesByResult.get(result);
}

const PKI_MAX_AGE_MS = 60 * 60_000;

let tlsRunner: Promise<RunTls> | undefined;

function loadTlsRunner(): Promise<RunTls> {
  tlsRunner ??= (async () => {
    const [{ runScenario }, { createLabPki }] = await Promise.all([import('../../lab/runner.js'), import('../../lab/lab-pki.js')]);
    // Lab certificates are valid for about a day around their creation: renew them in a long session.
    let pki = createLabPki();
    let madeAt = Date.now();
    return async (id: ScenarioId, server: ServerKind, texts: LabTexts, tls: TlsVersion) => {
      if (Date.now() - madeAt > PKI_MAX_AGE_MS) {
        pki = createLabPki();
        madeAt = Date.now();
      }
      const captures: WireCapture[] = [];
      const result = await runScenario(id, { pki, server, tls, texts, capture: (_id, step, capture) => (captures[step] = capture) });
      capturesByResult.set(result, captures);
      return result;
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
export async function runTlsLab(id: ScenarioId, texts: LabTexts, server: ServerKind = 'node', tls: TlsVersion = '1.3'): Promise<ScenarioResult> {
  const result = await (await loadTlsRunner())(id, server, texts, tls);
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
