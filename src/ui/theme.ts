/** Colours in one place. Ink drops colour by itself under NO_COLOR / FORCE_COLOR=0, so meaning never rests on colour alone. */
export const theme = {
  accent: 'cyan',
  muted: 'gray',
  good: 'green',
  bad: 'red',
  warn: 'yellow',
  key: 'magenta',
} as const;

/** Symbols that also carry the meaning colour would. */
export const marks = { ok: '✓', fail: '✗', pointer: '›', bullet: '•' } as const;
