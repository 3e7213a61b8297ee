import { createContext, useContext } from 'react';
import type { Course } from '../content/schema.js';
import type { ProgressEvent, ProgressEventInput } from '../learning/events.js';
import type { NavAction } from './navigation.js';

/** The learner's progress as screens see it: the event log (re-read after every write) and how to add to it. */
export interface ProgressService {
  events: readonly ProgressEvent[];
  /** Writes the event to the store immediately (stable identity, safe in effects and unmount clean-ups). */
  record(event: ProgressEventInput): void;
}

/** What every screen may use. Screens get data and actions from here and never reach for globals. */
export interface AppServices {
  course: Course;
  navigate(action: NavAction): void;
  /** Terminal size, updated on resize. `bodyRows` is what a screen's body may fill between header and footer. */
  size: { columns: number; rows: number; bodyRows: number };
  /**
   * A screen that takes typed text (explain answers) sets this so global keys (q, ?, Backspace-as-back) type
   * letters instead of acting. Esc still leaves.
   */
  setTextEntry(active: boolean): void;
  /** While held, Esc does not go back: the screen asks first (a draft would be lost). */
  holdEscape(held: boolean): void;
  progress: ProgressService;
  /** False while something covers the screen (help): screens' keys must not act underneath. Use useKeys(). */
  keysActive: boolean;
  /** The item last highlighted in each menu (by menu id), so coming back lands where the learner left. */
  menuMemory: Map<string, string>;
}

export const AppContext = createContext<AppServices | null>(null);

export function useApp(): AppServices {
  const services = useContext(AppContext);
  if (!services) throw new Error('useApp() outside <AppContext.Provider>');
  return services;
}
