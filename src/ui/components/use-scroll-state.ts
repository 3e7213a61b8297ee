import { useEffect, useRef, useState } from 'react';
import type { Key } from 'ink';
import { useKeys } from './use-keys.js';

export type ScrollAction = 'up' | 'down' | 'pageUp' | 'pageDown' | 'top' | 'bottom';

/** Next first-visible line for a scroll action; clamps so the last page stays full. Pure. */
export function scrollTo(offset: number, action: ScrollAction, total: number, height: number): number {
  const max = Math.max(0, total - height);
  const page = Math.max(1, height - 1);
  const next = { up: offset - 1, down: offset + 1, pageUp: offset - page, pageDown: offset + page, top: 0, bottom: max }[action];
  return Math.min(max, Math.max(0, next));
}

export function scrollActionFor(input: string, key: Key): ScrollAction | undefined {
  if (key.upArrow || input === 'k') return 'up';
  if (key.downArrow || input === 'j') return 'down';
  if (key.pageUp || input === 'b') return 'pageUp';
  if (key.pageDown || input === ' ') return 'pageDown';
  if (key.home || input === 'g') return 'top';
  if (key.end || input === 'G') return 'bottom';
  return undefined;
}

/** The nearest offset at which line `line` is on screen. Pure. */
export function revealLine(offset: number, line: number, total: number, height: number): number {
  const max = Math.max(0, total - height);
  const next = line < offset ? line : line >= offset + height ? line - height + 1 : offset;
  return Math.min(max, Math.max(0, next));
}

/** Only PgUp/PgDn: for a view whose other keys (letters, arrows) choose answers. */
export function pageActionFor(key: Key): ScrollAction | undefined {
  if (key.pageUp) return 'pageUp';
  if (key.pageDown) return 'pageDown';
  return undefined;
}

/** Scroll position over `total` lines in a window of `height`; resets when `resetKey` changes (a new page). */
export function useScrollState(
  total: number,
  height: number,
  { active = true, resetKey, pagingOnly = false, keepVisible }: { active?: boolean; resetKey?: unknown; pagingOnly?: boolean; keepVisible?: number } = {},
) {
  const [offset, setOffset] = useState(0);
  // A new page starts at the top; within a page, a change of `keepVisible` scrolls that line into view.
  const last = useRef({ resetKey, keepVisible });
  useEffect(() => {
    if (!Object.is(last.current.resetKey, resetKey)) setOffset(0);
    else if (keepVisible !== undefined && keepVisible !== last.current.keepVisible) setOffset((o) => revealLine(o, keepVisible, total, height));
    last.current = { resetKey, keepVisible };
  }, [resetKey, keepVisible, total, height]);
  // After a resize the old offset may point past the end.
  const clamped = Math.min(offset, Math.max(0, total - height));
  useKeys(
    (input, key) => {
      const action = pagingOnly ? pageActionFor(key) : scrollActionFor(input, key);
      if (action) setOffset((o) => scrollTo(Math.min(o, Math.max(0, total - height)), action, total, height));
    },
    { active },
  );
  return { offset: clamped, canScroll: total > height };
}
