import { useApp } from 'ink';
import { Component, useEffect, type ReactNode } from 'react';

function ExitWith({ error }: { error: Error }) {
  const { exit } = useApp();
  useEffect(() => exit(error), [error, exit]);
  return null;
}

/**
 * A bug that throws while rendering ends the app the way every other unexpected error does: one line saying what
 * went wrong (the command line prints it; MTLS_TUTOR_DEBUG=1 adds the stack), the terminal restored, and every
 * screen's clean-up run, so study time is saved. Without it Ink would fill the screen with minified source.
 */
export class CrashBoundary extends Component<{ children: ReactNode }, { error?: Error }> {
  override state: { error?: Error } = {};

  static getDerivedStateFromError(error: unknown): { error: Error } {
    return { error: error instanceof Error ? error : new Error(String(error)) };
  }

  override render() {
    return this.state.error ? <ExitWith error={this.state.error} /> : this.props.children;
  }
}
