/**
 * The state of a multi-line text box, as a pure reducer (like @inkjs/ui's use-text-input-state): the text, the
 * cursor, and edits that behave as in a shell (Ctrl+A/E/U/W/K, Home/End). Layout (soft wrapping to a width, the
 * cursor's row and column, the rows in view) is pure too, so it is tested without a terminal.
 */

export interface TextAreaState {
  value: string;
  /** Cursor position: an index into `value`, always at a code point boundary. */
  cursor: number;
}

export type TextAreaAction =
  | { type: 'insert'; text: string }
  | { type: 'backspace' }
  | { type: 'left' }
  | { type: 'right' }
  | { type: 'word-left' }
  | { type: 'word-right' }
  /** Up or down one row as laid out at `width` columns. */
  | { type: 'up'; width: number }
  | { type: 'down'; width: number }
  /** Start and end of the current line (Home/Ctrl+A, End/Ctrl+E). */
  | { type: 'line-start' }
  | { type: 'line-end' }
  /** Ctrl+U: delete from the start of the line to the cursor. */
  | { type: 'kill-line-start' }
  /** Ctrl+K: delete from the cursor to the end of the line. */
  | { type: 'kill-line-end' }
  /** Ctrl+W: delete the word before the cursor (and the spaces after it). */
  | { type: 'kill-word' }
  /** The value was replaced from outside (a previous answer loaded): cursor to the end. */
  | { type: 'set'; value: string };

export function initTextArea(value = ''): TextAreaState {
  return { value, cursor: value.length };
}

/**
 * Text as typed or pasted, made safe to show: line breaks as \n (terminals paste \r), tabs as spaces, other
 * control characters and escape sequences dropped.
 */
export function cleanText(text: string): string {
  return text
    .replace(/\u001B\[[0-9;?]*[ -/]*[@-~]/g, '')
    .replace(/\r\n?/g, '\n')
    .replace(/\t/g, '  ')
    .replace(/[\u0000-\u0009\u000B-\u001F\u007F]/g, '');
}

const before = (value: string, at: number) => (at <= 0 ? 0 : at - (isLowSurrogate(value.charCodeAt(at - 1)) && at >= 2 ? 2 : 1));
const after = (value: string, at: number) => (at >= value.length ? value.length : at + (isHighSurrogate(value.charCodeAt(at)) && at + 1 < value.length ? 2 : 1));
const isHighSurrogate = (c: number) => c >= 0xd800 && c <= 0xdbff;
const isLowSurrogate = (c: number) => c >= 0xdc00 && c <= 0xdfff;
const lineStart = (value: string, at: number) => value.lastIndexOf('\n', at - 1) + 1;
const lineEnd = (value: string, at: number) => {
  const end = value.indexOf('\n', at);
  return end === -1 ? value.length : end;
};

function wordStartBefore(value: string, at: number): number {
  let i = at;
  while (i > 0 && /\s/.test(value[i - 1]!)) i--;
  while (i > 0 && !/\s/.test(value[i - 1]!)) i--;
  return i;
}

function wordEndAfter(value: string, at: number): number {
  let i = at;
  while (i < value.length && /\s/.test(value[i]!)) i++;
  while (i < value.length && !/\s/.test(value[i]!)) i++;
  return i;
}

const edit = (state: TextAreaState, from: number, to: number, text = ''): TextAreaState => ({
  value: state.value.slice(0, from) + text + state.value.slice(to),
  cursor: from + text.length,
});

export function textAreaReducer(state: TextAreaState, action: TextAreaAction): TextAreaState {
  const { value, cursor } = state;
  switch (action.type) {
    case 'insert': {
      const text = cleanText(action.text);
      return text === '' ? state : edit(state, cursor, cursor, text);
    }
    case 'backspace':
      return cursor === 0 ? state : edit(state, before(value, cursor), cursor);
    case 'left':
      return { value, cursor: before(value, cursor) };
    case 'right':
      return { value, cursor: after(value, cursor) };
    case 'word-left':
      return { value, cursor: wordStartBefore(value, cursor) };
    case 'word-right':
      return { value, cursor: wordEndAfter(value, cursor) };
    case 'up':
    case 'down': {
      const rows = layoutText(value, action.width);
      const { row, column } = cursorAt(value, rows, cursor);
      const target = rows[row + (action.type === 'up' ? -1 : 1)];
      if (!target) return { value, cursor: action.type === 'up' ? 0 : value.length };
      return { value, cursor: offsetAtColumn(value, target, column) };
    }
    case 'line-start':
      return { value, cursor: lineStart(value, cursor) };
    case 'line-end':
      return { value, cursor: lineEnd(value, cursor) };
    case 'kill-line-start': {
      const start = lineStart(value, cursor);
      // At the start of a line, Ctrl+U joins it to the line before, as a shell with a multi-line buffer does.
      return edit(state, start === cursor && cursor > 0 ? cursor - 1 : start, cursor);
    }
    case 'kill-line-end': {
      const end = lineEnd(value, cursor);
      return edit(state, cursor, end === cursor && cursor < value.length ? cursor + 1 : end);
    }
    case 'kill-word':
      return edit(state, wordStartBefore(value, cursor), cursor);
    case 'set':
      return initTextArea(cleanText(action.value));
  }
}

// --- layout ----------------------------------------------------------------------------------------------------

/** One row on screen: `value.slice(start, end)`; `end` is where the row's text stops (a break space is not shown). */
export interface Row {
  start: number;
  end: number;
}

/** Columns a code point takes in a terminal: 2 for wide (CJK, most emoji), 0 for combining marks. */
export function charWidth(codePoint: number): number {
  if (codePoint < 0x20 || (codePoint >= 0x7f && codePoint < 0xa0)) return 0;
  if ((codePoint >= 0x300 && codePoint <= 0x36f) || (codePoint >= 0x200b && codePoint <= 0x200f) || (codePoint >= 0xfe00 && codePoint <= 0xfe0f)) return 0;
  if (
    (codePoint >= 0x1100 && codePoint <= 0x115f) ||
    (codePoint >= 0x2e80 && codePoint <= 0xa4cf) ||
    (codePoint >= 0xac00 && codePoint <= 0xd7a3) ||
    (codePoint >= 0xf900 && codePoint <= 0xfaff) ||
    (codePoint >= 0xfe30 && codePoint <= 0xfe4f) ||
    (codePoint >= 0xff00 && codePoint <= 0xff60) ||
    (codePoint >= 0xffe0 && codePoint <= 0xffe6) ||
    (codePoint >= 0x1f300 && codePoint <= 0x1faff) ||
    (codePoint >= 0x20000 && codePoint <= 0x3fffd)
  ) {
    return 2;
  }
  return 1;
}

export function textWidth(text: string): number {
  let width = 0;
  for (const ch of text) width += charWidth(ch.codePointAt(0)!);
  return width;
}

/**
 * Rows of `value` soft-wrapped at `width` columns: at the last space that fits (the space itself is the row's
 * hidden end), or mid-word for a word longer than a row. Every cursor position belongs to exactly one row.
 */
export function layoutText(value: string, width: number): Row[] {
  const w = Math.max(1, Math.floor(width));
  const rows: Row[] = [];
  let lineFrom = 0;
  for (const line of value.split('\n')) {
    let start = lineFrom;
    const end = lineFrom + line.length;
    while (true) {
      let used = 0;
      let i = start;
      let lastSpace = -1;
      while (i < end) {
        const cp = value.codePointAt(i)!;
        const cw = charWidth(cp);
        if (used + cw > w) break;
        if (value[i] === ' ') lastSpace = i;
        used += cw;
        i += cp > 0xffff ? 2 : 1;
      }
      if (i >= end) {
        rows.push({ start, end });
        break;
      }
      // A space right at the edge breaks there; otherwise break after the last space, or mid-word.
      if (value[i] === ' ') {
        rows.push({ start, end: i });
        start = i + 1;
      } else if (lastSpace > start) {
        rows.push({ start, end: lastSpace });
        start = lastSpace + 1;
      } else {
        rows.push({ start, end: i === start ? after(value, i) : i });
        start = i === start ? after(value, i) : i;
      }
    }
    lineFrom = end + 1;
  }
  return rows;
}

/** The row a cursor position is on, and where that row starts. */
function cursorRow(rows: readonly Row[], cursor: number): { row: number; rowStart: number } {
  let row = rows.length - 1;
  for (let i = 0; i < rows.length; i++) {
    const next = rows[i + 1];
    // A position shared by a row's end and the next row's start (a mid-word break) belongs to the next row.
    if (cursor >= rows[i]!.start && cursor <= rows[i]!.end && !(next && next.start === cursor)) {
      row = i;
      break;
    }
  }
  return { row: Math.max(0, row), rowStart: rows[Math.max(0, row)]?.start ?? 0 };
}

/** The cursor's row and its column measured in terminal columns. */
export function cursorAt(value: string, rows: readonly Row[], cursor: number): { row: number; column: number } {
  const { row, rowStart } = cursorRow(rows, cursor);
  return { row, column: textWidth(value.slice(rowStart, cursor)) };
}

function offsetAtColumn(value: string, row: Row, column: number): number {
  let used = 0;
  let i = row.start;
  while (i < row.end) {
    const cp = value.codePointAt(i)!;
    const cw = charWidth(cp);
    if (used + cw > column) break;
    used += cw;
    i += cp > 0xffff ? 2 : 1;
  }
  return i;
}

/** The first row to show so that the cursor's row is in a window of `height` rows (scrolling as little as possible). */
export function firstVisibleRow(top: number, cursorRow: number, totalRows: number, height: number): number {
  const max = Math.max(0, totalRows - height);
  const next = cursorRow < top ? cursorRow : cursorRow >= top + height ? cursorRow - height + 1 : top;
  return Math.min(max, Math.max(0, next));
}
