/**
 * The lab scenario catalogue: what each scenario DOES (the certificates and trust of each side, and the outcome
 * a lesson predicts). What it MEANS (title, explanation, fix, commands to try) is content, written in
 * lessons/labs/<id>.yaml and compiled with the course. Plain data, no heavy imports, so lesson checks and menus can
 * list ids cheaply. The real outcome always comes from the TLS stack.
 */
import type { Outcome, TlsVersion } from './types.js';

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

/** What a side may speak beyond its certificate and trust: a TLS version of its own, ALPN protocols. */
interface Speaks {
  /** Pins this side to one TLS version whatever the run's (`lab run --tls`); e.g. a server with a 1.3 floor. */
  tls?: TlsVersion;
  /** ALPN protocols: those the client offers, or the only ones the server accepts. */
  alpn?: string[];
}

export interface StepSetup {
  expected: Outcome;
  server: { cert: PkiItem; trusts: PkiItem[] } & Speaks;
  /** `cert` absent: the client presents no certificate. `plaintext`: it speaks HTTP without TLS. */
  client: { cert?: PkiItem; trusts: PkiItem[]; servername?: string; plaintext?: boolean } & Speaks;
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
  'version-floor',
  'alpn-mismatch',
  'root-rotation-both-trusted',
  'root-rotation-old-dropped',
] as const;

export type ScenarioId = (typeof SCENARIO_IDS)[number];

const SERVER = { cert: 'server', trusts: ['root-ca'] } as const satisfies StepSetup['server'];
const TRUSTS_ROOT: PkiItem[] = ['root-ca'];
const GOOD_CLIENT = { cert: 'client-good', trusts: TRUSTS_ROOT } as const satisfies StepSetup['client'];
/** A server in the middle of a root rotation: its trust bundle holds the old root and the new one. */
const TRUSTS_BOTH_ROOTS = { cert: 'server', trusts: ['root-ca', 'new-ca'] } as const satisfies StepSetup['server'];

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
  // A server whose floor is TLS 1.3, a client that cannot go above 1.2: no version in common.
  single('version-floor', 'rejected', { ...GOOD_CLIENT, tls: '1.2' }, { ...SERVER, tls: '1.3' }),
  // A server that speaks only HTTP/2 (as gRPC needs), a client that offers only HTTP/1.1.
  single('alpn-mismatch', 'rejected', { ...GOOD_CLIENT, alpn: ['http/1.1'] }, { ...SERVER, alpn: ['h2'] }),
  {
    id: 'root-rotation-both-trusted',
    expected: 'accepted',
    steps: [
      { expected: 'accepted', server: TRUSTS_BOTH_ROOTS, client: GOOD_CLIENT },
      { expected: 'accepted', server: TRUSTS_BOTH_ROOTS, client: { cert: 'client-new-ca', trusts: TRUSTS_ROOT } },
    ],
  },
  single('root-rotation-old-dropped', 'rejected', GOOD_CLIENT, { cert: 'server', trusts: ['new-ca'] }),
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
