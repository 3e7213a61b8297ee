import { SCENARIO_IDS } from '../lab/scenarios.js';
import { AUTHZ_SCENARIO_IDS } from '../policy/authz/scenarios.js';
import { POLICY_SCENARIO_IDS } from '../policy/scenarios.js';

/** Every lab id a lesson may name: the TLS lab scenarios and the Istio policy scenarios (PeerAuthentication and AuthorizationPolicy) (both plain data). */
export function knownLabIds(): ReadonlySet<string> {
  return new Set<string>([...SCENARIO_IDS, ...POLICY_SCENARIO_IDS, ...AUTHZ_SCENARIO_IDS]);
}
