import { Box, Text } from 'ink';
import type { Question } from '../../content/schema.js';
import { useApp } from '../context.js';
import { wrapProse, wrapText } from '../text/wrap.js';
import { marks, theme } from '../theme.js';
import { ScrollView } from './scroll-view.js';

/** "A", "B", ... for display position i. */
export const letterOf = (position: number) => String.fromCharCode(65 + position);

/**
 * The display position a key picks: a-f or 1-6 (up to `count`), else undefined. Pure, shared by Practice and Test.
 */
export function positionForKey(input: string, count: number): number | undefined {
  const lower = input.toLowerCase();
  const position = /^[a-f]$/.test(lower) ? lower.charCodeAt(0) - 97 : /^[1-6]$/.test(input) ? Number(input) - 1 : -1;
  return position >= 0 && position < count ? position : undefined;
}

/** The prompt and its optional code block as wrapped lines (code set off by a bar, never re-flowed into prose). */
export function promptLines(question: Question, width: number): string[] {
  const lines = wrapProse(question.prompt, width);
  if (question.code) {
    lines.push('');
    for (const line of question.code.replace(/\n$/, '').split('\n')) lines.push(...wrapText(line === '' ? ' ' : line, width - 2).map((l) => `│ ${l}`));
  }
  return lines;
}

/** One choice as wrapped lines: "A. text" with later lines indented under the text. */
export function choiceLines(position: number, text: string, width: number): string[] {
  const prefix = `${letterOf(position)}. `;
  return wrapProse(text, width - prefix.length - 2).map((line, i) => (i === 0 ? prefix : ' '.repeat(prefix.length)) + line);
}

/**
 * A multiple-choice question: prompt (+ code), lettered choices with the highlighted one marked ›, and the hint
 * when shown. A long prompt scrolls with PgUp/PgDn so the letters and arrows stay free for answering.
 */
export function QuestionView({ question, order, cursor, hint, header }: { question: Question; order: number[]; cursor: number; hint?: string; header: string }) {
  const { size } = useApp();
  const width = size.columns - 2;
  const choices = order.map((choiceIndex, position) => choiceLines(position, question.choices[choiceIndex]?.text ?? '', width - 2));
  const hintLines = hint ? wrapProse(`Hint: ${hint}`, width) : [];
  const choiceRows = choices.reduce((n, c) => n + c.length, 0);
  const promptHeight = Math.max(3, size.bodyRows - 2 - choiceRows - (hint ? hintLines.length + 1 : 0));
  return (
    <Box flexDirection="column">
      <Text color={theme.muted}>{header}</Text>
      <ScrollView lines={promptLines(question, width)} height={promptHeight} resetKey={question.id} pagingOnly />
      <Box flexDirection="column" marginTop={1}>
        {choices.map((lines, position) => (
          <Text key={position} color={position === cursor ? theme.accent : undefined} bold={position === cursor}>
            {position === cursor ? `${marks.pointer} ` : '  '}
            {lines.join('\n  ')}
          </Text>
        ))}
      </Box>
      {hint ? (
        <Box marginTop={1}>
          <Text color={theme.warn}>{hintLines.join('\n')}</Text>
        </Box>
      ) : null}
    </Box>
  );
}
