import { Box, Text } from 'ink';
import { line as plainRow, type RichLine } from '../text/rich.js';
import { theme } from '../theme.js';
import { useScrollState } from './use-scroll-state.js';

/** A pre-wrapped line: plain text, or styled runs (colour is decoration only; words and marks carry the meaning). */
export type Line = string | RichLine;

/** One styled row; an empty row still takes its line. */
export function RichRow({ row }: { row: RichLine }) {
  if (row.length === 0 || row.every((s) => s.text === '')) return <Text> </Text>;
  return (
    <Text wrap="truncate-end">
      {row.map((s, i) => (
        <Text key={i} {...(s.color ? { color: s.color } : {})} bold={s.bold ?? false}>
          {s.text}
        </Text>
      ))}
    </Text>
  );
}

function Lines({ lines }: { lines: Line[] }) {
  // Plain text is one Text node: far cheaper to lay out, and most pages are plain.
  if (lines.every((l) => typeof l === 'string')) return <Text>{lines.join('\n')}</Text>;
  return (
    <Box flexDirection="column">
      {lines.map((row, i) => (
        <RichRow key={i} row={typeof row === 'string' ? plainRow(row) : row} />
      ))}
    </Box>
  );
}

/**
 * Shows pre-wrapped lines in a window of `height` rows with ↑↓/j/k/PgUp/PgDn/Space/g/G scrolling (or PgUp/PgDn
 * only) and a position line when it does not all fit. `keepVisible` (a line index) scrolls that line into view
 * when it changes, e.g. the highlighted answer.
 */
export function ScrollView({
  lines,
  height,
  active = true,
  resetKey,
  pagingOnly = false,
  keepVisible,
}: {
  lines: Line[];
  height: number;
  active?: boolean;
  resetKey?: unknown;
  /** Scroll with PgUp/PgDn only, leaving arrows and letters to the screen. */
  pagingOnly?: boolean;
  keepVisible?: number;
}) {
  const room = Math.max(1, height - 1); // one row for the position line
  const fits = lines.length <= height;
  const { offset } = useScrollState(lines.length, fits ? height : room, { active, resetKey, pagingOnly, keepVisible });
  if (fits) return <Lines lines={lines} />;
  const end = Math.min(lines.length, offset + room);
  return (
    <Box flexDirection="column">
      <Lines lines={lines.slice(offset, end)} />
      <Text color={theme.muted} wrap="truncate-end">
        {offset > 0 ? '↑ ' : '  '}lines {offset + 1}–{end} of {lines.length}
        {end < lines.length ? (pagingOnly ? ' ↓ PgDn for more' : ' ↓ (↓/j/Space for more)') : ''}
      </Text>
    </Box>
  );
}

