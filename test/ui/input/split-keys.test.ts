import { describe, expect, it } from 'vitest';
import { hasCtrlModifier, isUnfinishedEscape, splitKeys } from '../../../src/ui/input/split-keys.js';

describe('splitKeys', () => {
  it('cuts a run of letters, digits and Enter into single keys', () => {
    expect(splitKeys('jj')).toEqual(['j', 'j']);
    expect(splitKeys('2\r')).toEqual(['2', '\r']);
    expect(splitKeys('q\u0003')).toEqual(['q', '\u0003']);
  });

  it('keeps escape sequences whole: arrows, Page Down, Alt+key, Alt+arrow, the Linux console F1', () => {
    expect(splitKeys('\u001B[A\u001B[Bj')).toEqual(['\u001B[A', '\u001B[B', 'j']);
    expect(splitKeys('\u001B[6~\u001B[1;5C')).toEqual(['\u001B[6~', '\u001B[1;5C']);
    expect(splitKeys('\u001Bjk')).toEqual(['\u001Bj', 'k']);
    expect(splitKeys('\u001B\u001B[A')).toEqual(['\u001B\u001B[A']);
    expect(splitKeys('\u001B\u001B\u001B')).toEqual(['\u001B', '\u001B', '\u001B']); // Esc pressed three times
    expect(splitKeys('\u001B[[A\u001BOP')).toEqual(['\u001B[[A', '\u001BOP']);
  });

  it('passes a lone or unfinished escape on as it came, for Ink to complete with the next read', () => {
    expect(splitKeys('j\u001B')).toEqual(['j', '\u001B']);
    expect(splitKeys('\u001B[1;')).toEqual(['\u001B[1;']);
  });

  it('reads a newline as Enter: typed ahead of raw mode, the terminal turned Enter into one', () => {
    expect(splitKeys('jj\n')).toEqual(['j', 'j', '\r']);
  });

  it('never splits a character outside the basic plane', () => {
    expect(splitKeys('a🔒b')).toEqual(['a', '🔒', 'b']);
  });

  it('keeps typed text in runs for a text box, still cutting at Enter, Backspace and escapes', () => {
    expect(splitKeys('the CA signs\r', { keepText: true })).toEqual(['the CA signs', '\r']);
    expect(splitKeys('ab\u007Fc\u001B[Dd', { keepText: true })).toEqual(['ab', '\u007F', 'c', '\u001B[D', 'd']);
  });

  it('keeps the line breaks of a multi-line paste in a text box; only a break that ends the read is Enter', () => {
    expect(splitKeys('line one\rline two\r\rline three\r', { keepText: true })).toEqual(['line one\nline two\n\nline three', '\r']);
    expect(splitKeys('one\r\ntwo', { keepText: true })).toEqual(['one\ntwo']);
    expect(splitKeys('line one\rline two')).toEqual([...'line one', '\r', ...'line two']); // outside a text box: keys
  });

  it('takes a bracketed paste as one piece in a text box, line breaks and all; elsewhere its text is typed', () => {
    expect(splitKeys('\u001B[200~a\rb\r\u001B[201~\r', { keepText: true })).toEqual(['a\nb\n', '\r']);
    expect(splitKeys('x\u001B[200~jk\u001B[201~', { keepText: false })).toEqual(['x', 'j', 'k']);
    expect(splitKeys('\u001B[200~half of a pa', { keepText: true })).toEqual(['\u001B[200~half of a pa']);
    expect(isUnfinishedEscape('\u001B[200~half of a pa')).toBe(true); // waits for the rest of the paste
  });
});

describe('isUnfinishedEscape', () => {
  it('spots an escape sequence cut off at the end of a read, but not a lone Esc or a whole sequence', () => {
    for (const cut of ['\u001B[', '\u001B[1;', '\u001B[1;5', '\u001BO', '\u001B\u001B[']) expect(isUnfinishedEscape(cut), JSON.stringify(cut)).toBe(true);
    for (const whole of ['\u001B', '\u001B[A', '\u001B[6~', '\u001BOP', '\u001Bj', 'j']) expect(isUnfinishedEscape(whole), JSON.stringify(whole)).toBe(false);
  });
});

describe('hasCtrlModifier', () => {
  it('reads the modifier of xterm key sequences', () => {
    for (const ctrl of ['\u001B[1;5A', '\u001B[1;5j', '\u001B[5j', '\u001B[99;5~', '\u001B[1;7C']) expect(hasCtrlModifier(ctrl), JSON.stringify(ctrl)).toBe(true);
    for (const plain of ['\u001B[A', '\u001B[5~', '\u001B[6~', '\u001B[1;2A', '\u001B[1;3A', '\u001BOP', 'j', '\u0003']) expect(hasCtrlModifier(plain), JSON.stringify(plain)).toBe(false);
  });
});
