import { scenarioShapes, SCENARIO_IDS } from '../lab/scenarios.js';

/** The TLS lab scenario ids (plain data). Lessons may also name policy scenarios, which are read with the course. */
export function knownLabIds(): ReadonlySet<string> {
  return new Set<string>(SCENARIO_IDS);
}

/** The TLS lab scenarios as their texts in lessons/labs/ must match them: ids and numbers of handshakes. */
export function tlsLabShapes(): Array<{ id: string; steps: number }> {
  return scenarioShapes();
}
