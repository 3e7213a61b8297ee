import { useInput, type Key } from 'ink';
import { useApp } from '../context.js';
import { useInputGate } from '../input/input-gate.js';

/** useInput for a screen: inactive while help (or anything else) covers the screen. */
export function useKeys(handler: (input: string, key: Key) => void, { active = true }: { active?: boolean } = {}) {
  const { keysActive } = useApp();
  useInput(handler, { isActive: active && keysActive });
  useInputGate();
}
