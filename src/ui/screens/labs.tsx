import { useApp } from '../context.js';
import { labEntries } from './lab-list.js';
import { LabPicker } from './lab-picker.js';

/** Live labs: every TLS scenario, or a lesson's labs (policy ones included) when opened from a lesson. */
export function LabsScreen({ lessonId }: { lessonId?: string }) {
  const { course } = useApp();
  const lesson = lessonId ? course.lessons.find((l) => l.id === lessonId) : undefined;
  return (
    <LabPicker
      title={lesson ? `Labs · ${lesson.title}` : 'Live labs'}
      subtitle="predict, then run a real handshake on 127.0.0.1"
      entries={labEntries('tls', course.policyScenarios, lesson, course.labs ?? {})}
      {...(lesson ? { lessonId: lesson.id } : {})}
    />
  );
}
