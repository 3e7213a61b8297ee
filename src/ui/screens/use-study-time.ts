import { useEffect } from 'react';
import type { StudyMode } from '../../learning/events.js';
import { studyTimeEvent } from '../../learning/session.js';
import { useApp } from '../context.js';

/** Time spent on a screen counts as study time, saved when the learner leaves (Esc, q and Ctrl+C all unmount). */
export function useStudyTime(mode: StudyMode, lessonId?: string) {
  const { record } = useApp().progress;
  useEffect(() => {
    const opened = new Date();
    return () => {
      const event = studyTimeEvent(opened, new Date(), mode, lessonId);
      if (event) record(event);
    };
  }, [mode, lessonId, record]);
}
