import { useCallback } from 'react';
import { App, type AppProps } from './app.js';
import { CrashBoundary } from './components/crash-boundary.js';
import { InputGateContext } from './input/input-gate.js';
import type { KeyByKeyStdin } from './input/key-by-key-stdin.js';
import { KeySettler } from './input/key-settler.js';

/**
 * The app wired as the tutor runs it: keys come from the feeder one at a time, each once the app has caught up
 * (see input/), typed text stays whole in a text box, and a render error ends the app cleanly (CrashBoundary).
 * Render it with `keys` as Ink's stdin.
 */
export function TutorApp({ keys, pasteMode, ...props }: Omit<AppProps, 'onTextEntry'> & { keys: KeyByKeyStdin; pasteMode?: (on: boolean) => void }) {
  const onTextEntry = useCallback(
    (active: boolean) => {
      keys.keepText = active;
      pasteMode?.(active); // bracketed paste while a text box has the keys: a paste then arrives whole, line breaks and all
    },
    [keys, pasteMode],
  );
  return (
    <InputGateContext.Provider value={keys}>
      <CrashBoundary>
        <App {...props} onTextEntry={onTextEntry} />
      </CrashBoundary>
      {/* Last in the tree, so its effect runs after every other of the same commit. */}
      <KeySettler feed={keys} />
    </InputGateContext.Provider>
  );
}
