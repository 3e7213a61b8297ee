import { useCallback, useEffect, useRef, useState } from 'react';
import type { KeyHint } from '../components/footer.js';
import { useApp } from '../context.js';

/** Where a live run is: waiting for the learner's prediction, running, or finished with a result or an error. */
export type LabRunState<P, R> =
  | { phase: 'predict' }
  | { phase: 'running'; predicted: P }
  | { phase: 'done'; predicted: P; result: R }
  | { phase: 'error'; predicted: P; message: string };

/** Footer keys once a lab has run (or failed): back to the list, run again, and scroll when there is a result. */
export function resultKeys(phase: string, extra: KeyHint[] = []): KeyHint[] {
  return [
    { key: 'Enter', label: 'labs' },
    { key: 'r', label: 'run again' },
    ...extra,
    ...(phase === 'done' ? [{ key: '↑↓', label: 'scroll' }] : []),
  ];
}

export const errorMessage = (error: unknown) => (error instanceof Error ? error.message : String(error));

/**
 * Predict, then run for real: `start(prediction)` runs the lab once (a second call while running is ignored) and
 * records a lab-prediction event the moment the result is known. A result that arrives after the screen closed is
 * dropped: the learner never saw it.
 */
export function useLabRun<P, R>({
  labId,
  run,
  describe,
  initial,
}: {
  labId: string;
  run(): Promise<R>;
  /** The prediction and the actual result as short strings for the event, e.g. "STRICT/plaintext:no". */
  describe(predicted: P, result: R): { predicted: string; actual: string };
  /** A result to show again from the start (coming back to it), recorded already. */
  initial?: { predicted: P; result: R };
}) {
  const { record } = useApp().progress;
  const [state, setState] = useState<LabRunState<P, R>>(() => (initial ? { phase: 'done', ...initial } : { phase: 'predict' }));
  const alive = useRef(true);
  const running = useRef(false);
  useEffect(() => {
    alive.current = true;
    return () => {
      alive.current = false;
    };
  }, []);
  const latest = useRef({ run, describe, labId, record });
  latest.current = { run, describe, labId, record };
  /** `compare`: the same lab run another way (another server) against the prediction made: not recorded again. */
  const start = useCallback((predicted: P, compare?: () => Promise<R>) => {
    if (running.current) return;
    running.current = true;
    setState({ phase: 'running', predicted });
    const { run, describe: say, labId: id, record: rec } = latest.current;
    (compare ?? run)().then(
      (result) => {
        running.current = false;
        if (!alive.current) return;
        if (!compare) rec({ type: 'lab-prediction', at: new Date().toISOString(), labId: id, ...say(predicted, result) });
        setState({ phase: 'done', predicted, result });
      },
      (error: unknown) => {
        running.current = false;
        if (alive.current) setState({ phase: 'error', predicted, message: errorMessage(error) });
      },
    );
  }, []);
  const again = useCallback(() => {
    if (!running.current) setState({ phase: 'predict' });
  }, []);
  return { state, start, again };
}

/**
 * Reveals `total` items one every `ms` from when `key` is set or changes; `showAll` ends it at once. No timer
 * outlives the screen. `revealed`: a key whose items are all shown from the start (a result seen before).
 */
export function useReveal(total: number, key: unknown, ms = 250, revealed?: unknown) {
  // The count belongs to one key: a new result starts from nothing even before an effect has run.
  const [progress, setProgress] = useState<{ key: unknown; shown: number }>(() => ({ key: revealed, shown: revealed === undefined ? 0 : total }));
  const shown = progress.key === key ? progress.shown : 0;
  const finished = key !== undefined && shown >= total;
  useEffect(() => {
    if (key === undefined || finished) return;
    const timer = setTimeout(() => setProgress({ key, shown: Math.min(total, shown + 1) }), ms);
    return () => clearTimeout(timer);
  }, [key, shown, total, ms, finished]);
  const showAll = useCallback(() => setProgress({ key, shown: total }), [key, total]);
  return { shown, done: finished, showAll };
}
