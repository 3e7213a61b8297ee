/**
 * Counts the libuv handles a lab could leave behind (servers, sockets, TLS wraps, child processes, timers), for tests that assert a
 * lab cleans up after itself. vitest's own pipes are not counted; its timers come and go, so timers may only drop.
 */
import { expect } from 'vitest';

const WATCHED = ['TCPServerWrap', 'TCPSocketWrap', 'TLSWrap', 'ProcessWrap', 'Timeout'] as const;
export type HandleCounts = Record<(typeof WATCHED)[number], number>;

export function handleCounts(): HandleCounts {
  const counts = Object.fromEntries(WATCHED.map((name) => [name, 0])) as HandleCounts;
  for (const name of process.getActiveResourcesInfo()) if (name in counts) counts[name as keyof HandleCounts] += 1;
  return counts;
}

/** The counts to compare with later, taken once handles closed just before have left libuv's list. */
export async function handleBaseline(): Promise<HandleCounts> {
  for (let turn = 0; turn < 3; turn++) await new Promise((resolve) => setTimeout(resolve, 5));
  return handleCounts();
}

const settled = (before: HandleCounts, now: HandleCounts) =>
  WATCHED.every((name) => (name === 'Timeout' ? now[name] <= before[name] : now[name] === before[name]));

/**
 * Asserts that no server, socket or timer is left compared with `before`. A closed handle leaves libuv's list a
 * loop turn or two later, so this waits up to `withinMs` (short: a leak stays, a closing handle goes at once).
 */
export async function expectNoHandlesLeft(before: HandleCounts, withinMs = 200): Promise<void> {
  const deadline = performance.now() + withinMs;
  let now = handleCounts();
  while (!settled(before, now) && performance.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 5));
    now = handleCounts();
  }
  expect({ ...now, Timeout: 0 }, 'servers and sockets left open').toEqual({ ...before, Timeout: 0 });
  expect(now.Timeout, 'timers left behind').toBeLessThanOrEqual(before.Timeout);
}
