import { useMemo } from 'react';
import { summarizeProgress, type ProgressSummary } from '../../learning/mastery.js';
import { useApp } from '../context.js';

/** Mastery, due cards, streak and time for the whole course, re-derived whenever the log changes. */
export function useSummary(): ProgressSummary {
  const { course, progress } = useApp();
  return useMemo(() => summarizeProgress(course.lessons, progress.events, new Date()), [course, progress.events]);
}
