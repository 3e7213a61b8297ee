/**
 * The lab scenario catalogue: what each scenario DOES (the certificates and trust of each side, and the outcome
 * a lesson predicts). What it MEANS (title, explanation, fix, commands to try) is content, written in
 * lessons/labs/<id>.yaml and compiled with the course. Plain data, no heavy imports, so lesson checks and menus can
 * list ids cheaply. The real outcome always comes from the TLS stack.
 */
import type { Outcome } from './types.js';

/** Certificates and CAs the lab PKI can make (see lab-pki.ts). */
export type PkiItem =
  | 'root-ca'
  | 'other-ca'
  | 'new-ca'
  | 'server'
  | 'server-wrong-san'
  | 'server-expired'
  | 'server-other-ca'
  | 'client-good'
  | 'client-expired'
  | 'client-not-yet-valid'
  | 'client-other-ca'
  | 'client-self-signed'
  | 'client-wrong-eku'
  | 'client-new-ca';

export interface StepSetup {
  expected: Outcome;
  server: { cert: PkiItem; trusts: PkiItem[] };
  /** `cert` absent: the client presents no certificate. `plaintext`: it speaks HTTP without TLS. */
  client: { cert?: PkiItem; trusts: PkiItem[]; servername?: string; plaintext?: boolean };
}

export interface Scenario {
  id: ScenarioId;
  /** For multi-step scenarios: the last step's expectation. */
  expected: Outcome;
  /** One handshake, or several in order (their labels are in the scenario's text, one per step). */
  steps: StepSetup[];
}

export const SCENARIO_IDS = [
  'good',
  'no-client-cert',
  'expired-client-cert',
  'not-yet-valid-client-cert',
  'untrusted-client-ca',
  'self-signed-client-cert',
  'wrong-eku-client-cert',
  'server-name-mismatch',
  'untrusted-server-ca',
  'expired-server-cert',
  'plaintext-to-mtls',
  'ca-rotation',
] as const;

export type ScenarioId = (typeof SCENARIO_IDS)[number];

const SERVER = { cert: 'server', trusts: ['root-ca'] } as const satisfies StepSetup['server'];
const TRUSTS_ROOT: PkiItem[] = ['root-ca'];

function single(id: ScenarioId, expected: Outcome, client: StepSetup['client'], server: StepSetup['server'] = SERVER): Scenario {
  return { id, expected, steps: [{ expected, server, client }] };
}

export const SCENARIOS: readonly Scenario[] = [
  single('good', 'accepted', { cert: 'client-good', trusts: TRUSTS_ROOT }),
  single('no-client-cert', 'rejected', { trusts: TRUSTS_ROOT }),
  single('expired-client-cert', 'rejected', { cert: 'client-expired', trusts: TRUSTS_ROOT }),
  single('not-yet-valid-client-cert', 'rejected', { cert: 'client-not-yet-valid', trusts: TRUSTS_ROOT }),
  single('untrusted-client-ca', 'rejected', { cert: 'client-other-ca', trusts: TRUSTS_ROOT }),
  single('self-signed-client-cert', 'rejected', { cert: 'client-self-signed', trusts: TRUSTS_ROOT }),
  single('wrong-eku-client-cert', 'rejected', { cert: 'client-wrong-eku', trusts: TRUSTS_ROOT }),
  single('server-name-mismatch', 'rejected', { cert: 'client-good', trusts: TRUSTS_ROOT }, { cert: 'server-wrong-san', trusts: TRUSTS_ROOT }),
  single('untrusted-server-ca', 'rejected', { cert: 'client-good', trusts: TRUSTS_ROOT }, { cert: 'server-other-ca', trusts: TRUSTS_ROOT }),
  single('expired-server-cert', 'rejected', { cert: 'client-good', trusts: TRUSTS_ROOT }, { cert: 'server-expired', trusts: TRUSTS_ROOT }),
  single('plaintext-to-mtls', 'rejected', { trusts: TRUSTS_ROOT, plaintext: true }),
  {
    id: 'ca-rotation',
    expected: 'rejected',
    steps: [
      // old-CA client, server trusts old + new
      { expected: 'accepted', server: { cert: 'server', trusts: ['root-ca', 'new-ca'] }, client: { cert: 'client-good', trusts: TRUSTS_ROOT } },
      // new-CA client, server trusts old + new
      { expected: 'accepted', server: { cert: 'server', trusts: ['root-ca', 'new-ca'] }, client: { cert: 'client-new-ca', trusts: TRUSTS_ROOT } },
      // old-CA client, old CA dropped
      { expected: 'rejected', server: { cert: 'server', trusts: ['new-ca'] }, client: { cert: 'client-good', trusts: TRUSTS_ROOT } },
    ],
  },
];

export function isScenarioId(id: string): id is ScenarioId {
  return (SCENARIO_IDS as readonly string[]).includes(id);
}

export function getScenario(id: ScenarioId): Scenario {
  const scenario = SCENARIOS.find((candidate) => candidate.id === id);
  if (!scenario) throw new Error(`no scenario '${id}'`);
  return scenario;
}

/** Each scenario's id and number of handshakes: what its text in lessons/labs/ must match. */
export function scenarioShapes(): Array<{ id: ScenarioId; steps: number }> {
  return SCENARIOS.map(({ id, steps }) => ({ id, steps: steps.length }));
}
