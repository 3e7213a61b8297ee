/**
 * Splits YAML into coloured tokens for display. Line by line and forgiving (it never throws and never parses):
 * enough for the short Kubernetes manifests the policy lab shows. Joining a line's tokens gives the line back.
 */

export type YamlTokenKind =
  | 'space' // indentation and gaps
  | 'comment'
  | 'docsep' // --- between documents
  | 'dash' // "- " of a list item
  | 'key'
  | 'punct' // the ":" after a key
  | 'mode' // the value of a `mode:` key (STRICT, PERMISSIVE, DISABLE, ISTIO_MUTUAL...): what the lesson is about
  | 'string' // quoted
  | 'number'
  | 'bool' // true/false/null
  | 'value'; // any other scalar or flow value

export interface YamlToken {
  kind: YamlTokenKind;
  text: string;
}

export interface YamlLine {
  tokens: YamlToken[];
  /** The line sets a mode: worth a mark that survives NO_COLOR. */
  emphasis: boolean;
}

const KEY = /^("[^"]*"|'[^']*'|[^\s"'#{[\]-][^:#]*?|-[^\s:#][^:#]*?)(\s*):(?=\s|$)/;

/** Where a comment starts in `text` (a # at the start or after a space, outside quotes), or -1. */
function commentStart(text: string): number {
  let quote: string | null = null;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quote) {
      if (ch === quote) quote = null;
    } else if (ch === '"' || ch === "'") {
      if (i === 0 || /\s/.test(text[i - 1] ?? '')) quote = ch;
    } else if (ch === '#' && (i === 0 || /\s/.test(text[i - 1] ?? ''))) {
      return i;
    }
  }
  return -1;
}

function valueKind(value: string, key: string | undefined): YamlTokenKind {
  if (key === 'mode') return 'mode';
  if (/^"[^"]*"$|^'[^']*'$/.test(value)) return 'string';
  if (/^-?\d+(\.\d+)?$/.test(value)) return 'number';
  if (/^(true|false|null|~)$/i.test(value)) return 'bool';
  return 'value';
}

/** Tokens for one line. */
export function tokenizeYamlLine(text: string): YamlToken[] {
  const tokens: YamlToken[] = [];
  const push = (kind: YamlTokenKind, t: string) => {
    if (t !== '') tokens.push({ kind, text: t });
  };
  if (/^(---|\.\.\.)(\s|$)/.test(text)) {
    const c = commentStart(text.slice(3));
    push('docsep', c < 0 ? text : text.slice(0, 3 + c));
    if (c >= 0) push('comment', text.slice(3 + c));
    return tokens;
  }
  let rest = text;
  const take = (n: number) => {
    const part = rest.slice(0, n);
    rest = rest.slice(n);
    return part;
  };
  push('space', take(/^\s*/.exec(rest)?.[0].length ?? 0));
  // "- " list markers, possibly nested ("- - a").
  for (let m = /^-(\s+|$)/.exec(rest); m; m = /^-(\s+|$)/.exec(rest)) {
    push('dash', take(1));
    push('space', take(m[1]?.length ?? 0));
  }
  const c = commentStart(rest);
  const comment = c < 0 ? '' : rest.slice(c);
  rest = c < 0 ? rest : rest.slice(0, c);
  let key: string | undefined;
  const k = KEY.exec(rest);
  if (k?.[1] !== undefined) {
    key = k[1].replace(/^["']|["']$/g, '');
    push('key', take(k[1].length));
    push('space', take(k[2]?.length ?? 0));
    push('punct', take(1));
    push('space', take(/^\s*/.exec(rest)?.[0].length ?? 0));
  }
  const value = rest.trimEnd();
  push(valueKind(value, key), value);
  push('space', rest.slice(value.length));
  push('comment', comment);
  return tokens;
}

/** Every line of `source` as tokens, with the lines that set a mode marked. */
export function highlightYaml(source: string): YamlLine[] {
  const lines = source.replace(/\r\n?/g, '\n').replace(/\n$/, '').split('\n');
  return lines.map((text) => {
    const tokens = tokenizeYamlLine(text.replace(/\t/g, '  '));
    return { tokens, emphasis: tokens.some((t) => t.kind === 'mode') };
  });
}
