import { render, Text } from 'ink';
import { useEffect, useState } from 'react';
import { describe, expect, it, vi } from 'vitest';
import { CrashBoundary } from '../../../src/ui/components/crash-boundary.js';
import { FakeTtyInput, FakeTtyOutput, useRealRenderer } from '../terminal.js';

useRealRenderer();

/** Renders, then throws on its next render: a bug a key press would trigger. */
function BugOnSecondRender() {
  const [armed, setArmed] = useState(false);
  useEffect(() => setArmed(true), []);
  if (armed) throw new Error('boom');
  return <Text>working</Text>;
}

describe('CrashBoundary', () => {
  it('ends the app with the error for the command line to report, instead of a screen of minified source', async () => {
    vi.spyOn(console, 'error').mockImplementation(() => {}); // React reports the caught error there too
    const output = new FakeTtyOutput();
    const instance = render(
      <CrashBoundary>
        <BugOnSecondRender />
      </CrashBoundary>,
      { stdin: new FakeTtyInput() as unknown as NodeJS.ReadStream, stdout: output as unknown as NodeJS.WriteStream, debug: true, patchConsole: false },
    );
    await expect(instance.waitUntilExit()).rejects.toThrow('boom');
    expect(output.frames.join('')).toContain('working');
    expect(output.frames.join('')).not.toMatch(/ERROR|boom/);
    vi.restoreAllMocks();
  });
});
