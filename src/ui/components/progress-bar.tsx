import { Text } from 'ink';
import { theme } from '../theme.js';

const clamp01 = (value: number) => Math.min(1, Math.max(0, Number.isFinite(value) ? value : 0));

/** "▰▰▰▱▱  60%" as plain text, for menus and scrolled lines; the number carries the meaning without colour. */
export function barText(value: number, width = 10): string {
  const v = clamp01(value);
  const filled = Math.round(v * width);
  return `${'▰'.repeat(filled)}${'▱'.repeat(width - filled)} ${String(Math.round(v * 100)).padStart(3)}%`;
}

/** A bar like ▰▰▰▱▱ 60%; the percentage is printed too, so it reads without colour. */
export function ProgressBar({ value, width = 10 }: { value: number; width?: number }) {
  const v = clamp01(value);
  const filled = Math.round(v * width);
  return (
    <Text>
      <Text color={theme.good}>{'▰'.repeat(filled)}</Text>
      <Text color={theme.muted}>{'▱'.repeat(width - filled)}</Text>
      <Text> {String(Math.round(v * 100)).padStart(3)}%</Text>
    </Text>
  );
}
