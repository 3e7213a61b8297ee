// The learning core: pure functions and reducers for every mode. Screens render these states and dispatch actions.
export * from './events.js';
export * from './text.js';
export * from './explain.js';
export * from './grading.js';
export * from './rng.js';
export * from './diagnostic.js';
export * from './scheduling.js';
export * from './mastery.js';
export * from './mistakes.js';
export * from './session.js';
export * from './recall.js';
export * from './practice.js';
export * from './test-session.js';
export * from './explain-session.js';
export * from './pager.js';
