import { Box, Text } from 'ink';
import { useMemo } from 'react';
import { mistakes } from '../../learning/mistakes.js';
import { Menu, type MenuItem } from '../components/menu.js';
import { Screen } from '../components/screen.js';
import { useApp } from '../context.js';
import { theme } from '../theme.js';
import { barText } from '../components/progress-bar.js';
import { useSummary } from './use-summary.js';

/** The course at a glance: every lesson, then the study tools that span lessons. */
export function HomeScreen() {
  const { course, navigate, size, progress } = useApp();
  const summary = useSummary();
  const wrong = useMemo(() => mistakes(course.lessons, progress.events).length, [course, progress.events]);
  const items: MenuItem[] = [
    ...course.lessons.map((lesson, i) => {
      const p = summary.lessons[i];
      return {
        key: `lesson:${lesson.id}`,
        label: `${i + 1}. ${lesson.title}`,
        detail: `${lesson.minutes} min${p ? `  ${barText(p.mastery, 5)}${p.cards.due > 0 ? `  ${p.cards.due} due` : ''}` : ''}`,
        description: lesson.summary,
      };
    }),
    {
      key: 'review',
      label: `Review due cards (${summary.due} due)`,
      description: 'Recall cards from every lesson that are due today, by spaced repetition.',
    },
    { key: 'mistakes', label: `Mistakes (${wrong} to practise)`, description: 'Practise again every question you answered wrong, in Practice or a Test, until each is right.' },
    { key: 'progress', label: 'Progress', description: 'Mastery per lesson, cards due, your streak and time studied.' },
    { key: 'labs', label: 'Live labs', description: 'Real mTLS handshakes on 127.0.0.1: predict, run, and see why each succeeds or fails.' },
    { key: 'policy', label: 'Istio policy lab', description: 'Which PeerAuthentication applies, does plaintext get in, does an AuthorizationPolicy let a request through? Predict, then test it on a real listener.' },
    { key: 'own', label: 'Your own setup', description: 'Decode an error from your logs, inspect your certificates, probe your server: does it really enforce mTLS?' },
  ];
  return (
    <Screen title="mtls-tutor" subtitle="mutual TLS, from handshake to Istio" keys={[{ key: '↑↓', label: 'move' }, { key: 'Enter', label: 'open' }]}>
      <Box flexDirection="column">
        <Menu
          id="home"
          items={items}
          limit={Math.max(3, size.bodyRows - 4)}
          onSelect={(item) => {
            if (item.key.startsWith('lesson:')) navigate({ type: 'push', route: { name: 'lesson', lessonId: item.key.slice('lesson:'.length) } });
            else if (item.key === 'review') navigate({ type: 'push', route: { name: 'recall' } });
            else if (item.key === 'mistakes') navigate({ type: 'push', route: { name: 'practice' } });
            else if (item.key === 'progress' || item.key === 'labs' || item.key === 'policy' || item.key === 'own') navigate({ type: 'push', route: { name: item.key } });
          }}
        />
        {course.lessons.length === 0 ? <Text color={theme.warn}>No lessons found.</Text> : null}
      </Box>
    </Screen>
  );
}
