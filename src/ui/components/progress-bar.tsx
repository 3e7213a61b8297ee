import { Text } from 'ink';
import { theme } from '../theme.js';

/** A bar like ▰▰▰▱▱ 60%; the percentage is printed too, so it reads without colour. */
export function ProgressBar({ value, width = 10 }: { value: number; width?: number }) {
  const v = Math.min(1, Math.max(0, Number.isFinite(value) ? value : 0));
  const filled = Math.round(v * width);
  return (
    <Text>
      <Text color={theme.good}>{'▰'.repeat(filled)}</Text>
      <Text color={theme.muted}>{'▱'.repeat(width - filled)}</Text>
      <Text> {String(Math.round(v * 100)).padStart(3)}%</Text>
    </Text>
  );
}
