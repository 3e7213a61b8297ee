import { useApp } from '../context.js';
import { labEntries } from './lab-list.js';
import { LabPicker } from './lab-picker.js';

/** The Istio policy lab: prepared PeerAuthentication, DestinationRule and AuthorizationPolicy scenarios (a lesson's only, when opened from one). */
export function PolicyScreen({ lessonId }: { lessonId?: string }) {
  const { course } = useApp();
  const lesson = lessonId ? course.lessons.find((l) => l.id === lessonId) : undefined;
  return (
    <LabPicker
      title={lesson ? `Policy lab · ${lesson.title}` : 'Istio policy lab'}
      subtitle="predict, then run it on a real listener"
      entries={labEntries('policy', course.policyScenarios, lesson).filter((e) => e.kind === 'policy')}
      {...(lesson ? { lessonId: lesson.id } : {})}
    />
  );
}
