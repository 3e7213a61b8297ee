import { act } from 'react';
import { expect } from 'vitest';
import { KEYS } from './helpers.js';

interface Ui {
  frame(): string;
  press(...keys: string[]): Promise<void>;
}

/**
 * Waits (bounded) until the frame contains `text`. Labs run real handshakes, so results arrive on their own; each
 * poll lets time pass inside act() so those updates render like key presses do.
 */
export async function waitForFrame(ui: Ui, text: string | RegExp, timeoutMs = 10_000): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  const has = () => (typeof text === 'string' ? ui.frame().includes(text) : text.test(ui.frame()));
  while (!has()) {
    if (Date.now() > deadline) expect(ui.frame(), `waiting for ${String(text)}`).toContain(String(text));
    await act(async () => {
      await new Promise((r) => setTimeout(r, 25));
    });
  }
  return ui.frame();
}

/** Every row of a long result: the frame, then PgDn until the last line shows. */
export async function readScrolled(ui: Ui): Promise<string> {
  let all = ui.frame();
  for (let i = 0; i < 30 && /lines \d+–(\d+) of (?!\1\b)\d+/.test(ui.frame()); i++) {
    await ui.press(KEYS.pageDown);
    all += `\n${ui.frame()}`;
  }
  return all;
}

/** Names of the timers and sockets Node has open (process.getActiveResourcesInfo), to compare before and after. */
export const openResources = () => process.getActiveResourcesInfo().filter((r) => r === 'Timeout' || r.startsWith('TCP'));
