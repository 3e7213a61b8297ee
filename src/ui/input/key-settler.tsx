import { useEffect, useLayoutEffect, useReducer } from 'react';
import type { KeyByKeyStdin } from './key-by-key-stdin.js';

/**
 * Renders nothing. After each key the feeder asks it to re-render; React renders that together with (or after)
 * the key's own updates, and runs this component's effect after every effect of the same commit, Ink's handler
 * re-binding included. Placed last in the tree so its effect runs last.
 */
export function KeySettler({ feed }: { feed: KeyByKeyStdin }) {
  const [tick, settle] = useReducer((n: number) => n + 1, 0);
  useLayoutEffect(() => {
    feed.settle = settle;
    return () => {
      feed.settle = undefined;
    };
  }, [feed]);
  useEffect(() => {
    if (tick > 0) feed.settled(tick);
  }, [feed, tick]);
  return null;
}
