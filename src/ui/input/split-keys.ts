/**
 * Cuts one chunk of terminal input into single keys. A fast typist, a slow ssh link or `tmux send-keys j j` can
 * deliver several keys in one read; Ink passes a run of plain characters on as one string ("jj"), and every
 * handler that compares against one key would drop it. Escape sequences (arrows, Page Down, Alt+key) stay whole.
 * Pure.
 */

const ESC = '\u001B';

/** Where the escape sequence that starts at `start` ends (exclusive). An unfinished one runs to the chunk's end. */
function escapeEnd(chunk: string, start: number): number {
  const next = chunk[start + 1];
  if (next === undefined) return start + 1; // a lone Esc
  if (next === '[') {
    let i = start + 2;
    if (chunk[i] === '[') i += 1; // the Linux console's ESC [ [ A function keys
    while (i < chunk.length && chunk.charCodeAt(i) >= 0x20 && chunk.charCodeAt(i) <= 0x3f) i += 1;
    if (i >= chunk.length) return chunk.length; // unfinished: Ink's own parser waits for the rest
    const final = chunk.charCodeAt(i);
    return final >= 0x40 && final <= 0x7e ? i + 1 : i;
  }
  if (next === 'O') return Math.min(start + 3, chunk.length);
  if (next === ESC) {
    const third = chunk[start + 2];
    return third === '[' || third === 'O' ? escapeEnd(chunk, start + 1) : start + 1; // Alt+arrow, or Esc twice
  }
  return start + 1 + String.fromCodePoint(chunk.codePointAt(start + 1)!).length; // Alt+key
}

const isText = (code: number) => code >= 0x20 && code !== 0x7f;
const isLineBreak = (c: string | undefined) => c === '\r' || c === '\n';

/** Bracketed paste: a terminal that was asked to (ESC [?2004h) wraps pasted text in these. */
export const PASTE_START = '\u001B[200~';
export const PASTE_END = '\u001B[201~';

/**
 * The keys in `chunk`, in order. With `keepText`, a run of printable characters stays one piece, so text pasted
 * into an answer box arrives as one insertion rather than hundreds of key presses; line breaks inside such a run
 * (a multi-line paste) stay in it, and only a line break that ends the read is Enter. A bracketed paste is one
 * piece whatever it holds (line breaks included, with \r as \n); without `keepText` its text is typed key by key.
 */
export function splitKeys(chunk: string, { keepText = false }: { keepText?: boolean } = {}): string[] {
  const keys: string[] = [];
  let i = 0;
  while (i < chunk.length) {
    if (chunk.startsWith(PASTE_START, i)) {
      const end = chunk.indexOf(PASTE_END, i + PASTE_START.length);
      if (end === -1) {
        keys.push(chunk.slice(i)); // the rest of the paste is in the next read (see isUnfinishedEscape)
        break;
      }
      const text = chunk.slice(i + PASTE_START.length, end).replace(/\r\n?/g, '\n');
      if (keepText) {
        if (text !== '') keys.push(text);
      } else {
        keys.push(...splitKeys(text.replace(/\n/g, ' ')));
      }
      i = end + PASTE_END.length;
      continue;
    }
    if (chunk[i] === ESC) {
      const end = escapeEnd(chunk, i);
      keys.push(chunk.slice(i, end));
      i = end;
      continue;
    }
    if (keepText && isText(chunk.charCodeAt(i))) {
      let end = i + 1;
      while (end < chunk.length) {
        const c = chunk[end]!;
        if (isText(chunk.charCodeAt(end)) && c !== ESC) end += 1;
        else if (isLineBreak(c) && end + 1 < chunk.length && (isText(chunk.charCodeAt(end + 1)) || isLineBreak(chunk[end + 1]))) end += 1;
        else break;
      }
      keys.push(chunk.slice(i, end).replace(/\r\n?/g, '\n'));
      i = end;
      continue;
    }
    const key = String.fromCodePoint(chunk.codePointAt(i)!);
    // Enter arrives as \n when typed before the app put the terminal in raw mode (the terminal translates it).
    keys.push(key === '\n' ? '\r' : key);
    i += key.length;
  }
  return keys;
}

/** An escape sequence cut off at the end of a read (ESC [ 1 ; with the rest still to come). Not a lone Esc. */
export function isUnfinishedEscape(key: string): boolean {
  if (key.startsWith(PASTE_START)) return !key.includes(PASTE_END);
  const body = key.replace(/^\u001B\u001B?/, ''); // what follows ESC (ESC ESC: Alt with a sequence)
  if (body === key || body === '') return false; // not an escape sequence, or Esc alone
  if (body === 'O') return true; // SS3 waits for one more byte
  if (!body.startsWith('[')) return false; // Alt+key: complete
  const final = key.charCodeAt(key.length - 1);
  return body === '[' || body === '[[' || final < 0x40 || final > 0x7e;
}

// xterm's encoding of a modified key: ESC [ code ; modifier ~, or ESC [ 1 ; modifier letter (modifier - 1 is a
// bit set: 1 shift, 2 alt, 4 ctrl).
const MODIFIED_KEY = /^\u001B+(O|N|\[|\[\[)(?:(\d+)(?:;(\d+))?([~^$])|(?:1;)?(\d+)?([a-zA-Z]))/;

/**
 * Whether an escape sequence says Ctrl was held. Ink names such a key only if it knows the sequence, and throws
 * on one it does not (Ctrl with an unusual key, or noise that looks like it); the app binds no Ctrl+key that is
 * sent this way, so these are dropped before Ink sees them.
 */
export function hasCtrlModifier(key: string): boolean {
  const match = MODIFIED_KEY.exec(key);
  if (!match) return false;
  const modifier = Number(match[3] || match[5] || 1) - 1;
  return (modifier & 4) !== 0;
}
