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
