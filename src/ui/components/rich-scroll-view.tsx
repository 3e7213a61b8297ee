import { Box, Text } from 'ink';
import type { RichLine } from '../text/rich.js';
import { theme } from '../theme.js';
import { useScrollState } from './use-scroll-state.js';

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

/**
 * ScrollView for styled rows (pre-wrapped to the width): ↑↓/j/k/PgUp/PgDn/Space/g/G, with a position line when
 * it does not all fit. `active` false leaves every key to the screen.
 */
export function RichScrollView({ lines, height, active = true, resetKey }: { lines: RichLine[]; height: number; active?: boolean; resetKey?: unknown }) {
  const room = Math.max(1, height - 1); // one row for the position line
  const fits = lines.length <= height;
  const { offset } = useScrollState(lines.length, fits ? height : room, { active, resetKey });
  const end = fits ? lines.length : Math.min(lines.length, offset + room);
  return (
    <Box flexDirection="column">
      {lines.slice(fits ? 0 : offset, end).map((row, i) => (
        <RichRow key={i} row={row} />
      ))}
      {fits ? null : (
        <Text color={theme.muted}>
          {offset > 0 ? '↑ ' : '  '}lines {offset + 1}–{end} of {lines.length}
          {end < lines.length ? ' ↓ (↓/j/Space for more)' : ''}
        </Text>
      )}
    </Box>
  );
}
