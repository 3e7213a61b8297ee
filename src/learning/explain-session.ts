import type { ExplainPrompt } from '../content/schema.js';
import { scoreExplanation, type ExplanationScore } from './explain.js';
import { emit, startSession, tick, timeOf, type SessionBase, type Timed } from './session.js';

export interface ExplainState extends SessionBase {
  lessonId: string;
  prompts: ExplainPrompt[];
  index: number;
  /** 'typing': editing the answer; 'scored': covered/missed concepts and the model answer; 'done': all prompts seen. */
  phase: 'typing' | 'scored' | 'done';
  text: string;
  hintShown: boolean;
  score?: ExplanationScore;
  /** A message for the learner about their last action (e.g. submitting an empty answer). */
  notice?: string;
}

export type ExplainAction = (
  | { type: 'edit'; text: string }
  | { type: 'hint' }
  | { type: 'submit' }
  /** Back to typing, keeping the text, to improve the answer. */
  | { type: 'retry' }
  | { type: 'next' }
  | { type: 'leave' }
) &
  Timed;

export function initExplain(lessonId: string, prompts: readonly ExplainPrompt[], now: Date = new Date()): ExplainState {
  return { ...startSession(now), lessonId, prompts: [...prompts], index: 0, phase: prompts.length > 0 ? 'typing' : 'done', text: '', hintShown: false };
}

export function currentPrompt(state: ExplainState): ExplainPrompt | undefined {
  return state.prompts[state.index];
}

export function explainReducer(state: ExplainState, action: ExplainAction): ExplainState {
  const now = timeOf(action);
  const { notice: _n, ...base } = { ...state, ...tick(state, now) };
  const prompt = currentPrompt(state);
  switch (action.type) {
    case 'edit':
      return state.phase === 'typing' ? { ...base, text: action.text } : base;
    case 'hint':
      return state.phase === 'typing' ? { ...base, hintShown: true } : base;
    case 'submit': {
      if (state.phase !== 'typing' || !prompt) return base;
      if (state.text.trim() === '') return { ...base, notice: 'Type your explanation first, then press Enter.' };
      const score = scoreExplanation(state.text, prompt);
      return {
        ...base,
        phase: 'scored',
        score,
        ...emit(base, now, 'explain', state.lessonId, [
          {
            type: 'explain-attempt',
            at: now.toISOString(),
            lessonId: state.lessonId,
            promptId: prompt.id,
            covered: score.covered.map((c) => c.name),
            total: score.total,
          },
        ]),
      };
    }
    case 'retry': {
      if (state.phase !== 'scored') return base;
      const { score: _s, ...rest } = base;
      return { ...rest, phase: 'typing' };
    }
    case 'next': {
      if (state.phase !== 'scored') return base;
      const { score: _s, ...rest } = base;
      const index = state.index + 1;
      return { ...rest, index, text: '', hintShown: false, phase: index < state.prompts.length ? 'typing' : 'done' };
    }
    case 'leave':
      return { ...base, ...emit(base, now, 'explain', state.lessonId, []) };
  }
}
