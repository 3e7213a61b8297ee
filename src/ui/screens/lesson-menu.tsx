import { useMemo } from 'react';
import { unfinishedTest } from '../../learning/test-session.js';
import { Menu, type MenuItem } from '../components/menu.js';
import { Screen } from '../components/screen.js';
import { useApp } from '../context.js';
import type { Route } from '../navigation.js';
import { testSummaryText } from './test.js';
import { useLesson } from './use-lesson.js';
import { useSummary } from './use-summary.js';

/** The study modes one lesson offers. */
export function LessonMenuScreen({ lessonId }: { lessonId: string }) {
  const { navigate, size, progress } = useApp();
  const lesson = useLesson(lessonId);
  const p = useSummary().lessons.find((l) => l.lessonId === lessonId);
  const due = p && p.cards.due > 0 ? ` · ${p.cards.due} due` : '';
  // Re-derived only when the log changes, not on every move through the menu.
  const left = useMemo(() => unfinishedTest(lesson, progress.events), [lesson, progress.events]);
  const tests = left
    ? ` · left at ${left.answers.length} of ${left.questions.length}, resume`
    : p?.tests.best && p.tests.latest ? ` · best ${testSummaryText(p.tests.best)}, latest ${testSummaryText(p.tests.latest)}` : '';
  const items: Array<MenuItem & { route: Route }> = [
    { key: 'learn', label: 'Learn', detail: `${lesson.pages.length} pages`, description: 'Read the concepts, one page at a time.', route: { name: 'learn', lessonId } },
    { key: 'recall', label: 'Recall', detail: `${lesson.cards.length} cards${due}`, description: 'Flip cards and grade yourself; spaced repetition brings each back when it is due.', route: { name: 'recall', lessonId } },
    { key: 'practice', label: 'Practice', detail: `${lesson.questions.length} questions`, description: 'Multiple-choice questions by difficulty, with hints, worked solutions and common mistakes.', route: { name: 'practice', lessonId } },
    { key: 'explain', label: 'Explain it', detail: `${lesson.explain.length} prompts`, description: 'Type an explanation in your own words; see which concepts you covered and which you missed.', route: { name: 'explain', lessonId } },
    { key: 'test', label: 'Test this lesson', detail: `10 questions${tests}`, description: 'Ten questions across easy, medium and hard, no feedback until the end: how strong is this topic?', route: { name: 'test', lessonId } },
    { key: 'cheatsheet', label: 'Cheat sheet', description: 'The quick-revision sheet for this lesson.', route: { name: 'cheatsheet', lessonId } },
    ...(lesson.labs.length > 0
      ? [{ key: 'labs', label: 'Labs', detail: `${lesson.labs.length}`, description: `See it for real: ${lesson.labs.join(', ')}.`, route: { name: 'labs', lessonId } as Route }]
      : []),
  ];
  return (
    <Screen title={lesson.title} subtitle={`${lesson.minutes} min${p ? ` · mastery ${Math.round(p.mastery * 100)}%` : ''}`} keys={[{ key: '↑↓', label: 'move' }, { key: 'Enter', label: 'open' }]}>
      <Menu id={`lesson:${lessonId}`} items={items} limit={Math.max(3, size.bodyRows - 4)} onSelect={(item) => navigate({ type: 'push', route: (item as (typeof items)[number]).route })} />
    </Screen>
  );
}
