import { Box, Text } from 'ink';
import { useEffect, useState } from 'react';
import type { Question } from '../../content/schema.js';
import type { ChoiceFeedback } from '../../learning/grading.js';
import { useApp } from '../context.js';
import { line } from '../text/rich.js';
import { wrapProse, wrapText } from '../text/wrap.js';
import { marks, theme } from '../theme.js';
import { ScrollView, type Line } from './scroll-view.js';

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

/** One choice as wrapped lines: "› A. text" for the highlighted one, later lines indented under the text. */
export function choiceLines(position: number, text: string, width: number, selected: boolean): string[] {
  const prefix = `${selected ? marks.pointer : ' '} ${letterOf(position)}. `;
  return wrapProse(text, width - prefix.length).map((line, i) => (i === 0 ? prefix : ' '.repeat(prefix.length)) + line);
}

/**
 * Every choice after an answer, in the order the learner saw them: the right one marked ✓, a wrong one chosen ✗,
 * each followed by why it is right or wrong (a right choice the lesson gives no why for points at the
 * solution). Pure; Practice feedback and the Test review show it.
 */
export function choiceReviewLines(choices: readonly ChoiceFeedback[], order: readonly number[], width: number): Line[] {
  const lines: Line[] = [];
  order.forEach((index, position) => {
    const choice = choices[index];
    if (!choice) return;
    const mark = choice.correct ? marks.ok : choice.chosen ? marks.fail : ' ';
    const tag = choice.correct ? (choice.chosen ? ' (your answer: right)' : ' (the right answer)') : choice.chosen ? ' (your answer)' : '';
    const prefix = `${mark} ${letterOf(position)}. `;
    const indent = ' '.repeat(prefix.length);
    const style = choice.correct ? { color: theme.good, bold: true } : choice.chosen ? { color: theme.bad, bold: true } : {};
    wrapProse(`${choice.text}${tag}`, width - prefix.length).forEach((row, i) => lines.push(line(`${i === 0 ? prefix : indent}${row}`, style)));
    const why = choice.correct ? `Why it is right: ${choice.why ?? 'see the solution below.'}` : choice.why ? `Why not: ${choice.why}` : undefined;
    if (why) for (const row of wrapProse(why, width - prefix.length)) lines.push(`${indent}${row}`);
  });
  return lines;
}

/**
 * A multiple-choice question: prompt (+ code), lettered choices with the highlighted one marked ›, and the hint
 * when shown. When it does not all fit, it scrolls with PgUp/PgDn (letters and arrows stay free for answering),
 * and moving the highlight brings that choice into view.
 */
export function QuestionView({ question, order, cursor, hint, header }: { question: Question; order: number[]; cursor: number; hint?: string; header: string }) {
  const { size } = useApp();
  const width = size.columns - 2;
  // Bring into view whatever the learner just changed: the highlighted choice, or the hint they asked for.
  const [focus, setFocus] = useState<'cursor' | 'hint'>('cursor');
  useEffect(() => setFocus(hint ? 'hint' : 'cursor'), [hint]);
  useEffect(() => setFocus('cursor'), [cursor]);
  const lines: Line[] = [...promptLines(question, width), ''];
  let cursorLine = 0;
  order.forEach((choiceIndex, position) => {
    const selected = position === cursor;
    for (const text of choiceLines(position, question.choices[choiceIndex]?.text ?? '', width, selected)) {
      if (selected) cursorLine = lines.length;
      lines.push(selected ? line(text, { color: theme.accent, bold: true }) : text);
    }
  });
  if (hint) lines.push('', ...wrapProse(`Hint: ${hint}`, width).map((text) => line(text, { color: theme.warn })));
  return (
    <Box flexDirection="column">
      <Text color={theme.muted} wrap="truncate-end">
        {header}
      </Text>
      <ScrollView lines={lines} height={Math.max(2, size.bodyRows - 1)} resetKey={question.id} pagingOnly keepVisible={focus === 'hint' && hint ? lines.length - 1 : cursorLine} />
    </Box>
  );
}
