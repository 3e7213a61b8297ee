import { SCENARIO_IDS } from '../lab/scenarios.js';

/** The TLS lab scenario ids (plain data). Lessons may also name policy scenarios, which are read with the course. */
export function knownLabIds(): ReadonlySet<string> {
  return new Set<string>(SCENARIO_IDS);
}
