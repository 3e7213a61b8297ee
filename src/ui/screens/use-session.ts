import { useCallback, useEffect, useRef, useState } from 'react';
import { step, type SessionBase } from '../../learning/session.js';
import { useApp } from '../context.js';

/**
 * Runs one of the core's session reducers for a screen. Each action's events are recorded the moment it is
 * dispatched (not inside a state updater, which React may call twice), and `leave` is dispatched when the screen
 * unmounts — Esc, q and Ctrl+C all unmount — so the study time since the last action is saved too.
 */
export function useSession<S extends SessionBase, A>(reducer: (state: S, action: A) => S, init: () => S, leave: A): [S, (action: A) => void] {
  const { progress } = useApp();
  const record = progress.record;
  const current = useRef<S | null>(null);
  if (current.current === null) current.current = init();
  const [state, setState] = useState<S>(current.current);
  const dispatch = useCallback(
    (action: A) => {
      const next = step(reducer, current.current as S, action, record);
      current.current = next;
      setState(next);
    },
    [reducer, record],
  );
  const leaveRef = useRef({ reducer, leave, record });
  leaveRef.current = { reducer, leave, record };
  useEffect(
    () => () => {
      const { reducer: r, leave: l, record: rec } = leaveRef.current;
      if (current.current) step(r, current.current, l, rec);
    },
    [],
  );
  return [state, dispatch];
}
