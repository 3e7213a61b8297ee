/**
 * Word-wraps text to a width, keeping paragraphs, list items ("- " gets a hanging indent) and code lines.
 * Pure and measured in code points, so the UI can compute how many lines a page takes and scroll it.
 */
export function wrapText(text: string, width: number): string[] {
  const w = Math.max(10, Math.floor(width));
  const out: string[] = [];
  for (const raw of text.replace(/\t/g, '  ').split('\n')) {
    const line = raw.trimEnd();
    if (line === '') {
      out.push('');
      continue;
    }
    const indent = /^(\s*(?:[-*•]|\d+[.)])\s+|\s+)/.exec(line)?.[0] ?? '';
    const hanging = ' '.repeat(Math.min(indent.length, Math.floor(w / 2)));
    let current = '';
    let first = true;
    for (const word of line.slice(indent.length).split(/ +/)) {
      const prefix = first ? indent : hanging;
      const room = w - prefix.length;
      if (current === '') {
        current = word;
      } else if ([...current].length + 1 + [...word].length <= room) {
        current += ` ${word}`;
      } else {
        out.push(prefix + current);
        first = false;
        current = word;
      }
      // A word longer than the line is cut rather than overflowing the frame.
      while ([...current].length > w - (first ? indent : hanging).length) {
        const r = w - (first ? indent : hanging).length;
        out.push((first ? indent : hanging) + [...current].slice(0, r).join(''));
        first = false;
        current = [...current].slice(r).join('');
      }
    }
    out.push((first ? indent : hanging) + current);
  }
  return out;
}

const LIST_ITEM = /^\s*(?:[-*•]|\d+[.)])\s+/;

/**
 * Undoes an author's hard line breaks in prose: lines of a paragraph (and the indented continuation lines of a
 * list item) are joined, while blank lines and list items still start new lines. Lesson YAML is wrapped at
 * about 110 columns; without this a narrower terminal would show ragged half-lines. Not for code.
 */
export function reflowText(text: string): string {
  const out: string[] = [];
  let joinable = false;
  for (const raw of text.replace(/\t/g, '  ').split('\n')) {
    const line = raw.trimEnd();
    if (line === '') {
      out.push('');
      joinable = false;
    } else if (joinable && !LIST_ITEM.test(line)) {
      out[out.length - 1] += ` ${line.trim()}`;
    } else {
      out.push(line);
      joinable = true;
    }
  }
  return out.join('\n');
}

/** Lesson prose, re-flowed and wrapped to the width. */
export function wrapProse(text: string, width: number): string[] {
  return wrapText(reflowText(text), width);
}
