import { createContext, useContext, useEffect, useLayoutEffect } from 'react';

/**
 * Told when a component with a key handler has drawn a new frame (its new handler not yet bound) and when that
 * handler is bound. Ink binds useInput handlers in a passive effect, some moments after the frame is on screen; a
 * key typed in between would reach the old handler, or none on a screen that just opened.
 */
export interface InputGate {
  rendered(): void;
  bound(): void;
}

export const InputGateContext = createContext<InputGate>({ rendered() {}, bound() {} });

/**
 * Call after useInput (or after rendering a child that listens, such as a menu): React runs a component's passive
 * effects in order and a child's before its parent's, so bound() comes after the handlers are in place.
 */
export function useInputGate(): void {
  const gate = useContext(InputGateContext);
  useLayoutEffect(() => gate.rendered());
  useEffect(() => gate.bound());
}
