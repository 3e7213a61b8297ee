import { Box, Text } from 'ink';
import { initPager, pagerReducer, type PagerAction } from '../../learning/pager.js';
import { Screen } from '../components/screen.js';
import { ScrollView } from '../components/scroll-view.js';
import { useKeys } from '../components/use-keys.js';
import { useApp } from '../context.js';
import { wrapProse } from '../text/wrap.js';
import { theme } from '../theme.js';
import { useLesson } from './use-lesson.js';
import { useSession } from './use-session.js';

const LEAVE: PagerAction = { type: 'leave' };

/** A lesson's concept pages, one at a time: ←/→ (or n/p) between pages, ↑↓ within a long page. */
export function LearnScreen({ lessonId }: { lessonId: string }) {
  const { size } = useApp();
  const lesson = useLesson(lessonId);
  const [state, dispatch] = useSession(pagerReducer, () => initPager('learn', lessonId, lesson.pages.length), LEAVE);
  const page = lesson.pages[state.page];
  const last = state.page === lesson.pages.length - 1;
  useKeys((input, key) => {
    if (key.rightArrow || input === 'n' || (key.return && !last)) dispatch({ type: 'next' });
    else if (key.leftArrow || input === 'p') dispatch({ type: 'prev' });
  });
  const lines = wrapProse(page?.body ?? '', size.columns - 2);
  return (
    <Screen
      title={`Learn · ${lesson.title}`}
      subtitle={`page ${state.page + 1} of ${lesson.pages.length}`}
      keys={[
        { key: '←→', label: 'page' },
        { key: '↑↓', label: 'scroll' },
      ]}
    >
      <Box flexDirection="column">
        <Text bold>{page?.title}</Text>
        <ScrollView lines={lines} height={Math.max(1, size.bodyRows - 3)} resetKey={state.page} />
        <Text color={theme.muted}>
          {last ? 'Last page. Esc goes back to the lesson; try Recall or Practice next.' : `→ or n: next page (${lesson.pages[state.page + 1]?.title})`}
        </Text>
      </Box>
    </Screen>
  );
}
