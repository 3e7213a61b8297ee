/**
 * The prepared policy scenarios, as read from lessons/policy/ (scenario-files.ts) and shipped in the compiled
 * course: lookups by id. No imports with weight: a TUI screen shows a scenario's manifests, asks the learner to
 * predict, then runs it live (lab.ts, authz/lab.ts). Ids are stable; lessons name them in `labs`.
 */
import type { AuthzScenarioData, PeerScenarioData, ScenarioData } from './scenario-schema.js';

export type { ScenarioData } from './scenario-schema.js';
/** A PeerAuthentication (and DestinationRule) scenario. */
export type PolicyScenario = PeerScenarioData;
/** An AuthorizationPolicy scenario. */
export type AuthzScenario = AuthzScenarioData;

export function isPolicyScenarioId(data: ScenarioData, id: string): boolean {
  return data.peer.some((s) => s.id === id);
}

export function isAuthzScenarioId(data: ScenarioData, id: string): boolean {
  return data.authz.some((s) => s.id === id);
}

/** The PeerAuthentication scenario with this id; throws an Error naming the known ids otherwise. */
export function getPolicyScenario(data: ScenarioData, id: string): PolicyScenario {
  const scenario = data.peer.find((s) => s.id === id);
  if (!scenario) throw new Error(`unknown policy scenario '${id}'. Known: ${data.peer.map((s) => s.id).join(', ')}`);
  return scenario;
}

/** The AuthorizationPolicy scenario with this id; throws an Error naming the known ids otherwise. */
export function getAuthzScenario(data: ScenarioData, id: string): AuthzScenario {
  const scenario = data.authz.find((s) => s.id === id);
  if (!scenario) throw new Error(`unknown AuthorizationPolicy scenario '${id}'. Known: ${data.authz.map((s) => s.id).join(', ')}`);
  return scenario;
}
