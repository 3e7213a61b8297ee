import { Box, Text } from 'ink';
import { theme } from '../theme.js';
import { useScrollState } from './use-scroll-state.js';

/**
 * Shows pre-wrapped lines in a window of `height` rows with ↑↓/j/k/PgUp/PgDn/Space/g/G scrolling and a
 * position line when it does not all fit.
 */
export function ScrollView({
  lines,
  height,
  active = true,
  resetKey,
  pagingOnly = false,
}: {
  lines: string[];
  height: number;
  active?: boolean;
  resetKey?: unknown;
  /** Scroll with PgUp/PgDn only, leaving arrows and letters to the screen. */
  pagingOnly?: boolean;
}) {
  const room = Math.max(1, height - 1); // one row for the position line
  const fits = lines.length <= height;
  const { offset } = useScrollState(lines.length, fits ? height : room, { active, resetKey, pagingOnly });
  if (fits) return <Text>{lines.join('\n')}</Text>;
  const end = Math.min(lines.length, offset + room);
  return (
    <Box flexDirection="column">
      <Text>{lines.slice(offset, end).join('\n')}</Text>
      <Text color={theme.muted}>
        {offset > 0 ? '↑ ' : '  '}lines {offset + 1}–{end} of {lines.length}
        {end < lines.length ? (pagingOnly ? ' ↓ (PgDn for more)' : ' ↓ (↓/j/Space for more)') : ''}
      </Text>
    </Box>
  );
}
