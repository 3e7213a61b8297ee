import { Box, Text, useApp as useInkApp, useInput } from 'ink';
import { useCallback, useEffect, useMemo, useReducer, useRef, useState } from 'react';
import type { Course } from '../content/schema.js';
import type { ProgressEventInput } from '../learning/events.js';
import { useTerminalSize } from './components/terminal-size.js';
import { useInputGate } from './input/input-gate.js';
import { AppContext, type AppServices } from './context.js';
import { currentRoute, initialNav, navReducer, type NavAction, type NavState } from './navigation.js';
import { memoryStore, type LazyStore, type ProgressStoreLike } from './progress.js';
import { HelpScreen } from './screens/help.js';
import { RouteView } from './screens/route-view.js';
import { marks, theme } from './theme.js';

/** Smaller than this, text would garble: the app says so instead. */
export const MIN_SIZE = { columns: 60, rows: 16 };

export interface AppProps {
  course: Course;
  /** Messages to show once at start (e.g. "your progress file was unreadable; saved as ..."). */
  notices?: string[];
  initialNavState?: NavState;
  /** Where answers and grades are saved; in memory only when absent (tests, or a store that could not open). */
  store?: ProgressStoreLike;
  /** Told when a text box takes or gives up the keyboard (the key splitter keeps typed text whole meanwhile). */
  onTextEntry?(active: boolean): void;
}

export function App({ course, notices = [], initialNavState = initialNav, store: givenStore, onTextEntry }: AppProps) {
  const { exit } = useInkApp();
  const [nav, dispatchNav] = useReducer(navReducer, initialNavState);
  const [help, setHelp] = useState(false);
  const [pendingNotices, setPendingNotices] = useState(notices);
  const textEntry = useRef(false);
  const escapeHeld = useRef(false);
  const [menuMemory] = useState(() => new Map<string, string>());
  const { columns, rows } = useTerminalSize();
  const route = currentRoute(nav);
  const [store] = useState(() => givenStore ?? memoryStore());
  const [events, setEvents] = useState(() => store.events());
  const [saveError, setSaveError] = useState<string>();
  // Notices the store raises after start-up (e.g. the disk filled up) show in a line above the screen.
  const noticesSeen = useRef(store.notices?.length ?? 0);
  const checkNotices = useCallback(() => {
    const all = store.notices ?? [];
    if (all.length > noticesSeen.current) {
      setSaveError(all[all.length - 1]?.message);
      noticesSeen.current = all.length;
    }
  }, [store]);
  // A store opened after the first frame: show its progress, and its start-up notices (a corrupt file moved
  // aside...) the moment it is there.
  useEffect(() => {
    let live = true;
    (store as Partial<LazyStore>).ready?.then(() => {
      if (!live) return;
      setEvents(store.events());
      const fresh = (store.notices ?? []).slice(noticesSeen.current).map((n) => n.message);
      noticesSeen.current = store.notices?.length ?? 0;
      if (fresh.length > 0) setPendingNotices((shown) => [...shown, ...fresh]);
    });
    return () => {
      live = false;
    };
  }, [store]);
  // Each screen starts from the latest log, including what another open instance wrote meanwhile.
  const navigate = useCallback(
    (action: NavAction) => {
      store.refresh?.();
      setEvents(store.events());
      checkNotices();
      dispatchNav(action);
    },
    [store, checkNotices],
  );

  useInput((input, key) => {
    if (pendingNotices.length > 0) {
      setPendingNotices([]);
      return;
    }
    if (help) {
      if (input === 'q') return exit(); // help lists q as quit: it quits from here too
      setHelp(false);
      return;
    }
    if (key.escape) return escapeHeld.current ? undefined : navigate({ type: 'back' });
    if (textEntry.current) return;
    if (input === 'q') return exit();
    if (input === '?') return setHelp(true);
    if (key.backspace || key.delete) return navigate({ type: 'back' });
  });
  useInputGate();

  const setTextEntry = useCallback(
    (active: boolean) => {
      textEntry.current = active;
      onTextEntry?.(active);
    },
    [onTextEntry],
  );
  const holdEscape = useCallback((held: boolean) => {
    escapeHeld.current = held;
  }, []);
  // Every answer and grade goes to the store at once; the screens then re-derive from the re-read log.
  const record = useCallback(
    (event: ProgressEventInput) => {
      try {
        store.record(event);
      } catch (error) {
        setSaveError(`Progress not saved: ${error instanceof Error ? error.message : String(error)}`);
      }
      checkNotices();
      setEvents(store.events());
    },
    [store, checkNotices],
  );
  // The last terminal row stays free: a frame as tall as the terminal makes Ink clear the whole screen (and its
  // scrollback) and redraw on every key instead of updating the lines that changed.
  const screenRows = rows - 1 - (saveError ? 1 : 0);
  const bodyRows = Math.max(1, screenRows - 3);
  const services: AppServices = useMemo(
    () => ({ course, navigate, size: { columns, rows: screenRows, bodyRows }, setTextEntry, holdEscape, progress: { events, record }, keysActive: !help, menuMemory }),
    [course, navigate, columns, screenRows, bodyRows, setTextEntry, holdEscape, events, record, help, menuMemory],
  );

  if (columns < MIN_SIZE.columns || rows < MIN_SIZE.rows) {
    return (
      <Text color={theme.warn} wrap="wrap">
        Terminal too small: {columns}×{rows}. mtls-tutor needs at least {MIN_SIZE.columns}×{MIN_SIZE.rows}. Enlarge the window
        (q quits).
      </Text>
    );
  }
  if (pendingNotices.length > 0) {
    return (
      <Box flexDirection="column" padding={1}>
        {pendingNotices.map((n) => (
          <Text key={n} color={theme.warn} wrap="wrap">
            {n}
          </Text>
        ))}
        <Text color={theme.muted}>Press any key to continue.</Text>
      </Box>
    );
  }
  return (
    <AppContext.Provider value={services}>
      {saveError ? (
        <Text color={theme.bad} wrap="truncate-end">
          {marks.fail} {saveError}
        </Text>
      ) : null}
      {help ? <HelpScreen /> : null}
      {/* Hidden, not unmounted, under help: a session in progress keeps its place. */}
      <Box display={help ? 'none' : 'flex'} flexDirection="column">
        <RouteView key={nav.stack.length} route={route} />
      </Box>
    </AppContext.Provider>
  );
}
