/**
 * What the wire view works on, kept for the session outside any screen: the last finished run of each TLS lab
 * (so Esc from the wire view can show that result again), and per run where the learner was in its wire view
 * (step, message, the TLS 1.2/1.3 comparison), so the message detail, a route of its own, can come back to it.
 */
import type { Outcome, ScenarioResult } from '../../lab/types.js';

export interface LabRunRecord {
  labId: string;
  predicted: Outcome;
  result: ScenarioResult;
}

/** The same scenario run over the other TLS version, for the side-by-side comparison. */
export type Comparison = { status: 'running' } | { status: 'done'; result: ScenarioResult } | { status: 'failed'; message: string };

export interface WireViewState {
  /** Which step of a multi-step scenario (default: the last, the one predicted). */
  step: number;
  /** The highlighted message of each diagram (index into its messages). */
  selected: { this: number; other: number };
  /** Whether the other TLS version is shown: beside this run on a wide terminal, instead of it on a narrow one. */
  comparing: boolean;
  /** Side by side, whether the comparison's column has the cursor (Tab). */
  otherActive: boolean;
  comparison?: Comparison;
}

const lastRuns = new Map<string, LabRunRecord>();
const views = new WeakMap<ScenarioResult, WireViewState>();

export function rememberLabRun(run: LabRunRecord): void {
  lastRuns.set(run.labId, run);
}

export function lastLabRun(labId: string): LabRunRecord | undefined {
  return lastRuns.get(labId);
}

/** The view state of a run's wire view, made on first use. */
export function wireViewState(result: ScenarioResult): WireViewState {
  let state = views.get(result);
  if (!state) {
    state = { step: (result.steps?.length ?? 1) - 1, selected: { this: 0, other: 0 }, comparing: false, otherActive: false };
    views.set(result, state);
  }
  return state;
}
