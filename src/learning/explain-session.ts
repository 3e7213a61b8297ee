import type { ExplainPrompt, SynonymSets } from '../content/schema.js';
import type { ExplainAttemptEvent, ProgressEventInput } from './events.js';
import { scoreExplanation, type ExplanationScore } from './explain.js';
import { emit, startSession, tick, timeOf, type SessionBase, type Timed } from './session.js';

/** The learner's last answer to a prompt, from the progress log, so it can be reopened and revised. */
export interface PreviousAnswer {
  text: string;
  score: number;
  total: number;
  at: string;
}

export interface ExplainState extends SessionBase {
  lessonId: string;
  prompts: ExplainPrompt[];
  sets: SynonymSets;
  index: number;
  /**
   * 'typing': editing the answer; 'scored': the self-check (each concept covered, contradicted or missed, the
   * model answer); 'done': all prompts seen.
   */
  phase: 'typing' | 'scored' | 'done';
  text: string;
  hintShown: boolean;
  /** Esc was pressed on a non-empty draft: asking whether to discard it. */
  confirmingDiscard: boolean;
  score?: ExplanationScore;
  /** Names of missed concepts the learner says they did cover ("I did cover this"). */
  selfMarked: string[];
  /** Last answers by prompt id, for "reopen your last answer". */
  previous: Record<string, PreviousAnswer>;
  /** A message for the learner about their last action (e.g. submitting an empty answer). */
  notice?: string;
}

export type ExplainAction = (
  | { type: 'edit'; text: string }
  | { type: 'hint' }
  | { type: 'submit' }
  /** Loads the last answer saved for this prompt into the box, to revise it. */
  | { type: 'load-previous' }
  /** Marks (or unmarks) a missed concept as covered, by its position among the prompt's concepts. */
  | { type: 'toggle-mark'; concept: number }
  /** Back to typing, keeping the text, to improve the answer. */
  | { type: 'retry' }
  | { type: 'next' }
  | { type: 'ask-discard' }
  | { type: 'keep-draft' }
  | { type: 'leave' }
) &
  Timed;

export function initExplain(
  lessonId: string,
  prompts: readonly ExplainPrompt[],
  { sets = {}, previous = {}, now = new Date() }: { sets?: SynonymSets; previous?: Record<string, PreviousAnswer>; now?: Date } = {},
): ExplainState {
  return {
    ...startSession(now),
    lessonId,
    prompts: [...prompts],
    sets,
    index: 0,
    phase: prompts.length > 0 ? 'typing' : 'done',
    text: '',
    hintShown: false,
    confirmingDiscard: false,
    selfMarked: [],
    previous: { ...previous },
  };
}

/** The last answer saved for each prompt, from the progress log (events in time order). */
export function previousAnswers(events: readonly { type: string }[]): Record<string, PreviousAnswer> {
  const found: Record<string, PreviousAnswer> = {};
  for (const event of events) {
    if (event.type !== 'explain-attempt') continue;
    const e = event as ExplainAttemptEvent;
    if (typeof e.answer === 'string' && e.answer.trim() !== '') found[e.promptId] = { text: e.answer, score: e.covered.length, total: e.total, at: e.at };
  }
  return found;
}

export function currentPrompt(state: ExplainState): ExplainPrompt | undefined {
  return state.prompts[state.index];
}

/** Concepts covered counting the learner's own marks: the automatic score plus the concepts they marked. */
export function selfMarkedScore(state: ExplainState): number {
  return (state.score?.score ?? 0) + state.selfMarked.length;
}

/**
 * The attempt as saved: the automatic result (what mastery uses) and, separately, what the learner marked as
 * covered, with the answer text so it can be reopened.
 */
function attemptEvent(state: ExplainState, prompt: ExplainPrompt, score: ExplanationScore, at: Date): ProgressEventInput {
  return {
    type: 'explain-attempt',
    at: at.toISOString(),
    lessonId: state.lessonId,
    promptId: prompt.id,
    covered: score.covered.map((c) => c.concept.name),
    total: score.total,
    answer: state.text,
    selfMarked: [...state.selfMarked],
    contradicted: score.contradicted.map((c) => c.concept.name),
    notAnExplanation: score.notAnExplanation,
  };
}

export function explainReducer(state: ExplainState, action: ExplainAction): ExplainState {
  const now = timeOf(action);
  const { notice: _n, ...base } = { ...state, ...tick(state, now) };
  const prompt = currentPrompt(state);
  // Leaving the self-check (next, improve, or leaving the screen) records the attempt with the learner's marks.
  const recordAttempt = (): SessionBase =>
    state.phase === 'scored' && state.score && prompt
      ? emit(base, now, 'explain', state.lessonId, [attemptEvent(state, prompt, state.score, now)])
      : emit(base, now, 'explain', state.lessonId, []);
  switch (action.type) {
    case 'edit':
      return state.phase === 'typing' && !state.confirmingDiscard ? { ...base, text: action.text } : base;
    case 'hint':
      return state.phase === 'typing' ? { ...base, hintShown: true } : base;
    case 'load-previous': {
      const previous = prompt ? state.previous[prompt.id] : undefined;
      if (state.phase !== 'typing' || !previous) return base;
      return { ...base, text: previous.text, confirmingDiscard: false };
    }
    case 'ask-discard':
      return state.phase === 'typing' && state.text.trim() !== '' ? { ...base, confirmingDiscard: true } : base;
    case 'keep-draft':
      return { ...base, confirmingDiscard: false };
    case 'submit': {
      if (state.phase !== 'typing' || !prompt || state.confirmingDiscard) return base;
      if (state.text.trim() === '') return { ...base, notice: 'Type your explanation first, then press Enter.' };
      const score = scoreExplanation(state.text, prompt, state.sets);
      return { ...base, phase: 'scored', score, selfMarked: [] };
    }
    case 'toggle-mark': {
      const concept = prompt?.concepts[action.concept];
      if (state.phase !== 'scored' || !state.score || !concept) return base;
      if (!state.score.missed.includes(concept)) return base; // only a missed concept can be claimed back
      const marked = state.selfMarked.includes(concept.name) ? state.selfMarked.filter((n) => n !== concept.name) : [...state.selfMarked, concept.name];
      return { ...base, selfMarked: prompt.concepts.filter((c) => marked.includes(c.name)).map((c) => c.name) };
    }
    case 'retry': {
      if (state.phase !== 'scored' || !prompt || !state.score) return base;
      const { score: _s, ...rest } = base;
      return { ...rest, ...recordAttempt(), phase: 'typing', selfMarked: [], previous: { ...state.previous, [prompt.id]: saved(state, state.score, now) } };
    }
    case 'next': {
      if (state.phase !== 'scored' || !prompt || !state.score) return base;
      const { score: _s, ...rest } = base;
      const index = state.index + 1;
      return {
        ...rest,
        ...recordAttempt(),
        index,
        text: '',
        hintShown: false,
        selfMarked: [],
        previous: { ...state.previous, [prompt.id]: saved(state, state.score, now) },
        phase: index < state.prompts.length ? 'typing' : 'done',
      };
    }
    case 'leave': {
      // Recorded once: the screen is going away, and the attempt with it.
      const { score: _s, ...rest } = base;
      return { ...rest, ...recordAttempt() };
    }
  }
}

function saved(state: ExplainState, score: ExplanationScore, at: Date): PreviousAnswer {
  return { text: state.text, score: score.score, total: score.total, at: at.toISOString() };
}
