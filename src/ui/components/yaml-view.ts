import { highlightYaml, type YamlTokenKind } from '../text/highlight-yaml.js';
import { cut, type RichLine, type Style } from '../text/rich.js';
import { theme } from '../theme.js';

const STYLE: Record<YamlTokenKind, Style> = {
  space: {},
  comment: { color: theme.muted },
  docsep: { color: theme.muted },
  dash: { color: theme.muted },
  key: { color: theme.accent },
  punct: { color: theme.muted },
  mode: { color: theme.warn, bold: true },
  string: { color: theme.good },
  number: { color: theme.key },
  bool: { color: theme.key },
  value: {},
};

/**
 * YAML as styled rows with a line-number gutter; lines that set a mode get ▶ in the gutter, so they stand out
 * without colour too. Long lines are cut, never re-flowed.
 */
export function yamlLines(yaml: string, width: number): RichLine[] {
  const lines = highlightYaml(yaml);
  const digits = String(lines.length).length;
  return lines.flatMap((l, i) => {
    const gutter: RichLine = [
      { text: String(i + 1).padStart(digits), color: theme.muted },
      l.emphasis ? { text: ' ▶ ', color: theme.warn, bold: true } : { text: ' │ ', color: theme.muted },
    ];
    const row: RichLine = [...gutter, ...l.tokens.map((t) => ({ text: t.text, ...STYLE[t.kind] }))];
    return cut(row, width, [{ text: `${' '.repeat(digits)} ┆ `, color: theme.muted }]);
  });
}
