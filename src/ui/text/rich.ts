import { wrapText } from './wrap.js';

/** A run of text in one style. Colours are theme values; meaning must also be in the words or marks. */
export interface Segment {
  text: string;
  color?: string;
  bold?: boolean;
}

/** One screen row made of styled runs: what ScrollView shows besides plain text. */
export type RichLine = Segment[];

export type Style = Omit<Segment, 'text'>;

/** A row in a single style. */
export const line = (text: string, style: Style = {}): RichLine => [{ text, ...style }];

/** Word-wrapped prose, every row in the same style. */
export function wrapped(text: string, width: number, style: Style = {}): RichLine[] {
  return wrapText(text, width).map((row) => line(row, style));
}

/**
 * `prefix` then `text` wrapped to fit beside it, later rows indented to line up under the text (for timelines,
 * probe lists). The prefix may carry its own style.
 */
export function hanging(prefix: RichLine, text: string, width: number, style: Style = {}): RichLine[] {
  const indent = prefix.reduce((n, s) => n + [...s.text].length, 0);
  const rows = wrapText(text, Math.max(10, width - indent));
  return rows.map((row, i) => (i === 0 ? [...prefix, { text: row, ...style }] : [{ text: ' '.repeat(indent) }, { text: row, ...style }]));
}

/** The plain text of a row (tests, width checks). */
export const textOf = (row: RichLine): string => row.map((s) => s.text).join('');

/** Cuts a styled row into rows of at most `width` code points, keeping each run's style (code is never re-flowed). */
export function cut(row: RichLine, width: number, continuation: RichLine = []): RichLine[] {
  const w = Math.max(10, width);
  const rows: RichLine[] = [];
  let current: RichLine = [];
  let used = 0;
  const contWidth = continuation.reduce((n, s) => n + [...s.text].length, 0);
  for (const segment of row) {
    let chars = [...segment.text];
    while (chars.length > 0) {
      const room = w - used;
      if (room <= 0) {
        rows.push(current);
        current = [...continuation];
        used = contWidth;
        continue;
      }
      const take = chars.slice(0, room);
      current.push({ ...segment, text: take.join('') });
      used += take.length;
      chars = chars.slice(room);
    }
  }
  rows.push(current);
  return rows;
}
