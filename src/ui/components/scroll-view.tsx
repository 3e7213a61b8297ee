import { Box, Text } from 'ink';
import { theme } from '../theme.js';
import { useScrollState } from './use-scroll-state.js';

/** A pre-wrapped line: plain text, or text with a colour (decoration only; marks carry the meaning). */
export type Line = string | { text: string; color?: string; bold?: boolean };

function Lines({ lines }: { lines: Line[] }) {
  if (lines.every((l) => typeof l === 'string')) return <Text>{lines.join('\n')}</Text>;
  return (
    <Box flexDirection="column">
      {lines.map((line, i) =>
        typeof line === 'string' ? (
          <Text key={i}>{line === '' ? ' ' : line}</Text>
        ) : (
          <Text key={i} {...(line.color ? { color: line.color } : {})} bold={line.bold ?? false}>
            {line.text === '' ? ' ' : line.text}
          </Text>
        ),
      )}
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

