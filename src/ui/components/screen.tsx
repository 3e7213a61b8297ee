import type { ReactNode } from 'react';
import { Box, Text } from 'ink';
import { useApp } from '../context.js';
import { theme } from '../theme.js';
import { Footer, type KeyHint } from './footer.js';

/** The frame of every screen: a title line, the body (fills the space), and the footer of keys that work here. */
export function Screen({ title, subtitle, keys = [], children }: { title: string; subtitle?: string; keys?: KeyHint[]; children: ReactNode }) {
  const { size } = useApp();
  return (
    <Box flexDirection="column" width={size.columns} height={size.rows}>
      <Box>
        <Text bold color={theme.accent} wrap="truncate-end">
          {title}
        </Text>
        {subtitle ? (
          <Text color={theme.muted} wrap="truncate-end">
            {'  '}
            {subtitle}
          </Text>
        ) : null}
      </Box>
      {/* Clipped in height only: every line is already wrapped or cut to the width, and a horizontal clip would
          make Ink re-slice each line of text on every frame. */}
      <Box flexDirection="column" flexGrow={1} marginTop={1} overflowY="hidden">
        {children}
      </Box>
      <Footer keys={keys} columns={size.columns} />
    </Box>
  );
}
