import type { CheatSheet } from '../../content/schema.js';
import { Screen } from '../components/screen.js';
import { ScrollView } from '../components/scroll-view.js';
import { useApp } from '../context.js';
import { wrapProse, wrapText } from '../text/wrap.js';
import { useLesson } from './use-lesson.js';
import { useStudyTime } from './use-study-time.js';

/** The sheet as wrapped lines: a ruled heading per section, its lines as bullets. Pure. */
export function cheatSheetLines(sheet: CheatSheet, width: number): string[] {
  const out: string[] = [];
  sheet.forEach((section, i) => {
    if (i > 0) out.push('');
    const rule = '─'.repeat(Math.max(2, Math.min(width, 60) - section.heading.length - 4));
    out.push(...wrapText(`── ${section.heading} ${rule}`, width));
    for (const line of section.lines) out.push(...wrapProse(`• ${line}`, width));
  });
  return out;
}

/** The lesson's quick-revision sheet, scrollable. */
export function CheatSheetScreen({ lessonId }: { lessonId: string }) {
  const { size } = useApp();
  const lesson = useLesson(lessonId);
  useStudyTime('cheatsheet', lessonId);
  return (
    <Screen title={`Cheat sheet · ${lesson.title}`} keys={[{ key: '↑↓ PgDn', label: 'scroll' }]}>
      <ScrollView lines={cheatSheetLines(lesson.cheatSheet, size.columns - 2)} height={size.bodyRows} />
    </Screen>
  );
}
