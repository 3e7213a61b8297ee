import { Box, Text } from 'ink';
import { formatDuration, MASTERY_RULE, type ProgressSummary } from '../../learning/mastery.js';
import { KNOWN_RULE } from '../../learning/scheduling.js';
import { barText } from '../components/progress-bar.js';
import { Screen } from '../components/screen.js';
import { ScrollView } from '../components/scroll-view.js';
import { useApp } from '../context.js';
import { wrapText } from '../text/wrap.js';
import { testSummaryText } from './test.js';
import { useSummary } from './use-summary.js';

/** The progress page as wrapped lines: totals and when a card counts as known, per lesson a mastery bar and what it is made of. Pure. */
export function progressLines(summary: ProgressSummary, width: number): string[] {
  const w = (text: string) => wrapText(text, width);
  const days = summary.streakDays === 1 ? 'day' : 'days';
  const lines = [
    ...w(`Cards due now: ${summary.due} · Streak: ${summary.streakDays} ${days} · Time studied: ${formatDuration(summary.studiedMs)}`),
    ...w(`Live labs: ${summary.labs.tried} tried, ${summary.labs.predictedRight} predicted right`),
    ...w(KNOWN_RULE),
    '',
  ];
  summary.lessons.forEach((l, i) => {
    lines.push(...w(`${i + 1}. ${l.title}`));
    lines.push(`   ${barText(l.mastery, 20)} mastery`);
    const test = l.tests.best ? `best test ${testSummaryText(l.tests.best)}` : 'no test yet';
    lines.push(
      ...w(
        `   cards ${l.cards.known}/${l.cards.total} known, ${l.cards.due} due · questions ${l.questions.right}/${l.questions.total} right · ${test}`,
      ),
    );
    lines.push('');
  });
  lines.push(...w(MASTERY_RULE));
  return lines;
}

/** Progress across the course: mastery per lesson, cards due, the day streak and time studied. */
export function ProgressScreen() {
  const { size } = useApp();
  const summary = useSummary();
  return (
    <Screen title="Progress" keys={[{ key: '↑↓', label: 'scroll' }]}>
      <Box flexDirection="column">
        <ScrollView lines={progressLines(summary, size.columns - 2)} height={size.bodyRows} />
        {summary.lessons.length === 0 ? <Text>No lessons.</Text> : null}
      </Box>
    </Screen>
  );
}
