import { Box, Text, type Key } from 'ink';
import { useEffect, useReducer, useRef, useState } from 'react';
import { theme } from '../../theme.js';
import { useKeys } from '../use-keys.js';
import {
  cursorAt,
  firstVisibleRow,
  initTextArea,
  layoutText,
  textAreaReducer,
  type Row,
  type TextAreaAction,
  type TextAreaState,
} from './use-text-area-state.js';

/**
 * Border and padding take two columns on each side; one more is kept free for the cursor at a row's end. The box
 * is always `height` rows of text tall, so it does not jump as the text grows.
 */
const FRAME_COLUMNS = 4;

/**
 * What a key does in the text box, or undefined when the box leaves it alone (Enter, Esc, Tab: the screen's).
 * Pure. Ctrl+letters never type a letter.
 */
export function textAreaActionFor(input: string, key: Key, wrapWidth: number): TextAreaAction | undefined {
  if (key.return || key.escape || key.tab) return undefined;
  if (key.backspace || key.delete) return { type: 'backspace' };
  if (key.leftArrow) return { type: key.meta || key.ctrl ? 'word-left' : 'left' };
  if (key.rightArrow) return { type: key.meta || key.ctrl ? 'word-right' : 'right' };
  if (key.upArrow) return { type: 'up', width: wrapWidth };
  if (key.downArrow) return { type: 'down', width: wrapWidth };
  if (key.home) return { type: 'line-start' };
  if (key.end) return { type: 'line-end' };
  if (key.pageUp || key.pageDown) return undefined;
  if (key.ctrl) {
    const actions: Record<string, TextAreaAction> = {
      a: { type: 'line-start' },
      e: { type: 'line-end' },
      u: { type: 'kill-line-start' },
      k: { type: 'kill-line-end' },
      w: { type: 'kill-word' },
      b: { type: 'left' },
      f: { type: 'right' },
      h: { type: 'backspace' },
    };
    return actions[input];
  }
  if (key.meta && (input === 'b' || input === 'f')) return { type: input === 'b' ? 'word-left' : 'word-right' };
  if (key.meta && input === '\r') return { type: 'insert', text: '\n' };
  if (key.meta) return undefined;
  return input === '' ? undefined : { type: 'insert', text: input };
}

export interface TextAreaProps {
  value: string;
  onChange(value: string): void;
  /** Enter. (Alt+Enter inserts a line break; pasted line breaks are kept.) */
  onSubmit(): void;
  /** Whether it takes keys. */
  focus: boolean;
  /** Total width, border included. */
  width: number;
  /** Rows of text shown (the border adds two); longer text scrolls to keep the cursor in view. */
  height: number;
  placeholder?: string;
}

/**
 * A multi-line text box with a round border: wraps its text inside the border at any width, keeps the cursor in
 * view, keeps a multi-line paste whole, and edits like a shell line (Ctrl+A/E/U/W/K, Home/End, Alt+B/F).
 */
export function TextArea({ value, onChange, onSubmit, focus, width, height, placeholder = '' }: TextAreaProps) {
  const wrapWidth = Math.max(1, width - FRAME_COLUMNS - 1);
  // The text and cursor live in a ref (read by the key handler between renders); a render shows them.
  const current = useRef<TextAreaState>(initTextArea(value));
  const [, rerender] = useReducer((n: number) => n + 1, 0);
  // A value changed from outside (a previous answer loaded, the box cleared) replaces the text; cursor at its end.
  if (value !== current.current.value) current.current = textAreaReducer(current.current, { type: 'set', value });
  const view = current.current;
  const [top, setTop] = useState(0);

  useKeys(
    (input, key) => {
      if (key.return && !key.meta) return onSubmit();
      const action = textAreaActionFor(input, key, wrapWidth);
      if (!action) return;
      const next = textAreaReducer(current.current, action);
      if (next === current.current) return;
      current.current = next;
      rerender();
      if (next.value !== value) onChange(next.value);
    },
    { active: focus },
  );

  const rows = layoutText(view.value, wrapWidth);
  const cursor = cursorAt(view.value, rows, view.cursor);
  // When the text is longer than the box, its last row says which lines are shown.
  const room = rows.length > height ? Math.max(1, height - 1) : height;
  const first = firstVisibleRow(top, cursor.row, rows.length, room);
  useEffect(() => {
    if (first !== top) setTop(first);
  }, [first, top]);

  const shown = rows.slice(first, first + room);
  return (
    <Box borderStyle="round" borderColor={focus ? theme.accent : theme.muted} paddingX={1} flexDirection="column" width={width} height={height + 2} flexShrink={0}>
      {view.value === '' ? (
        <Text wrap="truncate-end">
          {focus ? <Text inverse>{placeholder.slice(0, 1) || ' '}</Text> : null}
          <Text color={theme.muted}>{focus ? placeholder.slice(1) : placeholder}</Text>
        </Text>
      ) : (
        shown.map((row, i) => <RowView key={first + i} value={view.value} row={row} cursor={focus && first + i === cursor.row ? view.cursor : undefined} />)
      )}
      {rows.length > height ? (
        <Text color={theme.muted} wrap="truncate-end">
          {first > 0 ? '↑ ' : '  '}
          lines {first + 1}–{first + shown.length} of {rows.length}
          {first + shown.length < rows.length ? ' ↓' : ''}
        </Text>
      ) : null}
    </Box>
  );
}

function RowView({ value, row, cursor }: { value: string; row: Row; cursor: number | undefined }) {
  const text = value.slice(row.start, row.end);
  if (cursor === undefined) return <Text wrap="truncate-end">{text === '' ? ' ' : text}</Text>;
  const at = cursor - row.start;
  const under = [...text.slice(at)][0];
  return (
    <Text wrap="truncate-end">
      {text.slice(0, at)}
      <Text inverse>{under ?? ' '}</Text>
      {under === undefined ? '' : text.slice(at + under.length)}
    </Text>
  );
}
