const clamp01 = (value: number) => Math.min(1, Math.max(0, Number.isFinite(value) ? value : 0));

/** "▰▰▰▱▱  60%" as plain text, for menus and scrolled lines; the number carries the meaning without colour. */
export function barText(value: number, width = 10): string {
  const v = clamp01(value);
  const filled = Math.round(v * width);
  return `${'▰'.repeat(filled)}${'▱'.repeat(width - filled)} ${String(Math.round(v * 100)).padStart(3)}%`;
}
