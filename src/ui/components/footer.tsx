import { Box, Text } from 'ink';
import { theme } from '../theme.js';

export interface KeyHint {
  key: string;
  label: string;
}

/** Keys every screen shares, shown after the screen's own. */
export const GLOBAL_KEYS: KeyHint[] = [
  { key: 'Esc', label: 'back' },
  { key: '?', label: 'help' },
  { key: 'q', label: 'quit' },
];

/** One line of the keys that work on this screen, cut to the width rather than wrapping. */
export function Footer({ keys, columns }: { keys: KeyHint[]; columns: number }) {
  const parts: KeyHint[] = [];
  let used = 0;
  for (const hint of [...keys, ...GLOBAL_KEYS]) {
    const width = hint.key.length + hint.label.length + 3;
    if (used + width > columns - 2) break;
    parts.push(hint);
    used += width;
  }
  return (
    <Box>
      {parts.map((hint, i) => (
        <Text key={`${hint.key}-${i}`}>
          <Text color={theme.key} bold>
            {hint.key}
          </Text>
          <Text color={theme.muted}> {hint.label}</Text>
          {i < parts.length - 1 ? <Text color={theme.muted}>  </Text> : null}
        </Text>
      ))}
    </Box>
  );
}
