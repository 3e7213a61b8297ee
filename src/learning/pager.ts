import type { StudyMode } from './events.js';
import { emit, startSession, tick, timeOf, type SessionBase, type Timed } from './session.js';

/** Paging through a lesson's Learn pages (or any list of pages); records study time when the learner leaves. */
export interface PagerState extends SessionBase {
  mode: StudyMode;
  lessonId: string;
  page: number;
  pages: number;
}

export type PagerAction = ({ type: 'next' } | { type: 'prev' } | { type: 'goto'; page: number } | { type: 'leave' }) & Timed;

export function initPager(mode: StudyMode, lessonId: string, pages: number, now: Date = new Date()): PagerState {
  return { ...startSession(now), mode, lessonId, page: 0, pages };
}

export function pagerReducer(state: PagerState, action: PagerAction): PagerState {
  const now = timeOf(action);
  const base = { ...state, ...tick(state, now) };
  const clamp = (page: number) => Math.max(0, Math.min(state.pages - 1, page));
  switch (action.type) {
    // Each page turn saves the time spent reading so far, so quitting loses at most one page's worth.
    case 'next':
      return { ...base, page: clamp(state.page + 1), ...emit(base, now, state.mode, state.lessonId, []) };
    case 'prev':
      return { ...base, page: clamp(state.page - 1), ...emit(base, now, state.mode, state.lessonId, []) };
    case 'goto':
      return { ...base, page: clamp(action.page), ...emit(base, now, state.mode, state.lessonId, []) };
    case 'leave':
      return { ...base, ...emit(base, now, state.mode, state.lessonId, []) };
  }
}
