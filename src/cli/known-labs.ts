import { scenarioShapes, SCENARIO_IDS } from '../lab/scenarios.js';
import { POLICY_SCENARIO_IDS } from '../policy/scenarios.js';

/** Every lab id a lesson may name: the TLS lab scenarios and the Istio policy scenarios (both plain data). */
export function knownLabIds(): ReadonlySet<string> {
  return new Set<string>([...SCENARIO_IDS, ...POLICY_SCENARIO_IDS]);
}

/** The TLS lab scenarios as their texts in lessons/labs/ must match them: ids and numbers of handshakes. */
export function tlsLabShapes(): Array<{ id: string; steps: number }> {
  return scenarioShapes();
}
