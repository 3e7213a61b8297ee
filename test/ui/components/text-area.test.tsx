import { Text } from 'ink';
import { useState } from 'react';
import { afterEach, describe, expect, it } from 'vitest';
import { TextArea, textAreaActionFor } from '../../../src/ui/components/text-area/text-area.js';
import {
  cleanText,
  cursorAt,
  firstVisibleRow,
  initTextArea,
  layoutText,
  textAreaReducer,
  textWidth,
  type TextAreaAction,
  type TextAreaState,
} from '../../../src/ui/components/text-area/use-text-area-state.js';
import { AppContext, type AppServices } from '../../../src/ui/context.js';
import { cleanupUi, fixtureCourse, renderUi } from '../helpers.js';

afterEach(cleanupUi);

const apply = (state: TextAreaState, ...actions: TextAreaAction[]) => actions.reduce(textAreaReducer, state);
const at = (value: string, cursor: number): TextAreaState => ({ value, cursor });
const rowsOf = (value: string, width: number) => layoutText(value, width).map((r) => value.slice(r.start, r.end));

describe('text area state', () => {
  it('inserts at the cursor, and keeps a multi-line paste whole with \\r turned into line breaks', () => {
    expect(apply(at('helo', 3), { type: 'insert', text: 'l' })).toEqual(at('hello', 4));
    expect(apply(initTextArea(), { type: 'insert', text: 'one\r\ntwo\rthree\tfour\u0007' })).toEqual(at('one\ntwo\nthree  four', 19));
    expect(cleanText('a\u001B[31mred\u001B[0m')).toBe('ared');
  });

  it('deletes and moves by whole characters, emoji included', () => {
    expect(apply(at('a🔒b', 3), { type: 'backspace' })).toEqual(at('ab', 1));
    expect(apply(at('a🔒b', 1), { type: 'right' }).cursor).toBe(3);
    expect(apply(at('a🔒b', 3), { type: 'left' }).cursor).toBe(1);
    expect(apply(at('ab', 0), { type: 'backspace' })).toEqual(at('ab', 0));
  });

  it('edits like a shell: Ctrl+A/E to the line’s ends, Ctrl+U and Ctrl+K to kill, Ctrl+W a word', () => {
    const two = 'first line\nthe second line';
    expect(apply(at(two, 15), { type: 'line-start' }).cursor).toBe(11);
    expect(apply(at(two, 13), { type: 'line-end' }).cursor).toBe(two.length);
    expect(apply(at(two, 15), { type: 'kill-line-start' })).toEqual(at('first line\nsecond line', 11));
    expect(apply(at(two, 11), { type: 'kill-line-start' })).toEqual(at('first linethe second line', 10)); // joins lines
    expect(apply(at(two, 5), { type: 'kill-line-end' })).toEqual(at('first\nthe second line', 5));
    expect(apply(at('the server  sends', 17), { type: 'kill-word' })).toEqual(at('the server  ', 12));
    expect(apply(at('the server  ', 12), { type: 'kill-word' })).toEqual(at('the ', 4));
    expect(apply(at('one two three', 13), { type: 'word-left' }, { type: 'word-left' }).cursor).toBe(4);
    expect(apply(at('one two three', 0), { type: 'word-right' }).cursor).toBe(3);
  });

  it('moves up and down by rows as laid out, keeping the column', () => {
    const text = 'aaaa bbbb cccc'; // rows at width 5: "aaaa" "bbbb" "cccc"
    expect(apply(at(text, 12), { type: 'up', width: 5 }).cursor).toBe(7);
    expect(apply(at(text, 7), { type: 'down', width: 5 }).cursor).toBe(12);
    expect(apply(at(text, 2), { type: 'up', width: 5 }).cursor).toBe(0);
    expect(apply(at(text, 12), { type: 'down', width: 5 }).cursor).toBe(text.length);
  });

  it('takes a new value from outside with the cursor at its end', () => {
    expect(apply(at('old', 1), { type: 'set', value: 'a new answer' })).toEqual(at('a new answer', 12));
  });
});

describe('text area layout', () => {
  it('wraps at the last space that fits, cuts words longer than a row, and keeps line breaks', () => {
    expect(rowsOf('the quick brown fox', 10)).toEqual(['the quick', 'brown fox']);
    expect(rowsOf('abcdefghijklmno', 6)).toEqual(['abcdef', 'ghijkl', 'mno']);
    expect(rowsOf('one\n\ntwo', 10)).toEqual(['one', '', 'two']);
    expect(rowsOf('', 10)).toEqual(['']);
  });

  it('never makes a row wider than the width, wide characters counted as two', () => {
    const text = 'Ein Zertifikat 証明書の検証 🔒🔒🔒 and a verylongwordthatgoesonandon '.repeat(5);
    for (const width of [5, 17, 56]) for (const row of rowsOf(text, width)) expect(textWidth(row), `${width}: ${row}`).toBeLessThanOrEqual(width);
  });

  it('puts every cursor position on one row, at a column inside the width', () => {
    const text = 'the server sends its certificate chain\nand then abcdefghijklmnopqrstuvwxyz';
    const rows = layoutText(text, 12);
    for (let c = 0; c <= text.length; c++) {
      const { row, column } = cursorAt(text, rows, c);
      expect(column, `cursor ${c}`).toBeLessThanOrEqual(12);
      expect(c >= rows[row]!.start && c <= rows[row]!.end + 1, `cursor ${c} on row ${row}`).toBe(true);
    }
  });

  it('scrolls as little as needed to keep the cursor row in view', () => {
    expect(firstVisibleRow(0, 2, 10, 3)).toBe(0);
    expect(firstVisibleRow(0, 5, 10, 3)).toBe(3);
    expect(firstVisibleRow(4, 1, 10, 3)).toBe(1);
    expect(firstVisibleRow(8, 9, 10, 3)).toBe(7);
  });
});

describe('text area keys', () => {
  const key = (extra: Partial<Record<string, boolean>> = {}) => ({ ctrl: false, meta: false, shift: false, return: false, escape: false, tab: false, backspace: false, delete: false, upArrow: false, downArrow: false, leftArrow: false, rightArrow: false, pageUp: false, pageDown: false, home: false, end: false, super: false, hyper: false, capsLock: false, numLock: false, ...extra }) as Parameters<typeof textAreaActionFor>[1];

  it('maps Ctrl+letters to edits and never types them; leaves Enter, Esc and Tab to the screen', () => {
    expect(textAreaActionFor('a', key({ ctrl: true }), 10)).toEqual({ type: 'line-start' });
    expect(textAreaActionFor('e', key({ ctrl: true }), 10)).toEqual({ type: 'line-end' });
    expect(textAreaActionFor('u', key({ ctrl: true }), 10)).toEqual({ type: 'kill-line-start' });
    expect(textAreaActionFor('w', key({ ctrl: true }), 10)).toEqual({ type: 'kill-word' });
    expect(textAreaActionFor('x', key({ ctrl: true }), 10)).toBeUndefined();
    expect(textAreaActionFor('', key({ home: true }), 10)).toEqual({ type: 'line-start' });
    expect(textAreaActionFor('', key({ end: true }), 10)).toEqual({ type: 'line-end' });
    for (const k of [{ return: true }, { escape: true }, { tab: true }]) expect(textAreaActionFor('', key(k), 10)).toBeUndefined();
    expect(textAreaActionFor('q', key(), 10)).toEqual({ type: 'insert', text: 'q' });
  });
});

/** A text box in the app's context, holding its own value, as a screen would. */
function Harness({ width, height, onSubmit = () => {} }: { width: number; height: number; onSubmit?: () => void }) {
  const [value, setValue] = useState('');
  return (
    <>
      <TextArea value={value} onChange={setValue} onSubmit={onSubmit} focus width={width} height={height} placeholder="Type here" />
      <Text>value={JSON.stringify(value)}</Text>
    </>
  );
}

function renderBox(width: number, height: number, onSubmit?: () => void) {
  const services: AppServices = {
    course: fixtureCourse(),
    navigate() {},
    size: { columns: width + 2, rows: 30, bodyRows: 20 },
    setTextEntry() {},
    holdEscape() {},
    progress: { events: [], record() {} },
    keysActive: true,
    menuMemory: new Map(),
  };
  return renderUi(
    <AppContext.Provider value={services}>
      <Harness width={width} height={height} {...(onSubmit ? { onSubmit } : {})} />
    </AppContext.Provider>,
  );
}

const boxLines = (frame: string) => frame.split('\n').filter((l) => /^[╭│╰]/.test(l));

describe('TextArea on screen', () => {
  it('wraps long text inside its border at 58 columns and keeps the cursor row in view', async () => {
    const ui = renderBox(58, 3);
    const text = 'The server presents its certificate chain and the client checks it against the roots it trusts. '.repeat(4);
    await ui.press(text);
    const lines = boxLines(ui.frame());
    expect(lines).toHaveLength(5); // border, 3 rows, border
    for (const line of lines) expect([...line].length).toBe(58);
    expect(lines[1]).toMatch(/^│ /);
    expect(lines[3]).toMatch(/lines \d+–\d+ of \d+/); // it scrolled: the last row says where
    expect(ui.frame()).toContain('trusts.'); // the end of the text, where the cursor is, is on screen
  });

  it('keeps a multi-line paste whole and edits with Ctrl+A, Ctrl+U and Ctrl+W', async () => {
    const ui = renderBox(40, 5);
    await ui.press('first line\nsecond line of the answer');
    expect(ui.frame()).toContain('value="first line\\nsecond line of the answer"');
    await ui.press('\u0017'); // Ctrl+W
    expect(ui.frame()).toContain('value="first line\\nsecond line of the "');
    await ui.press('\u0001', '> '); // Ctrl+A, then type at the line's start
    expect(ui.frame()).toContain('value="first line\\n> second line of the "');
    await ui.press('\u0015'); // Ctrl+U
    expect(ui.frame()).toContain('value="first line\\nsecond line of the "');
  });

  it('submits on Enter without adding a line break', async () => {
    let submitted = 0;
    const ui = renderBox(40, 3, () => (submitted += 1));
    await ui.press('abc', '\r');
    expect(submitted).toBe(1);
    expect(ui.frame()).toContain('value="abc"');
  });
});
